package io.custos.identity.web;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentManagement;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.IssuedCredential;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/** Account administration pages (SYSTEM_ADMIN). */
@Controller
@RequestMapping("/admin/employees")
class AdminEmployeePages {

    private final EmployeeManagement management;
    private final DepartmentManagement departments;

    AdminEmployeePages(EmployeeManagement management, DepartmentManagement departments) {
        this.management = management;
        this.departments = departments;
    }

    /** One form for create and edit; the username is fixed once created. */
    record EmployeeForm(@Nullable @Pattern(regexp = EmployeeApi.USERNAME_PATTERN) String username,
            @NotBlank @Size(max = 100) String displayName, @Nullable @Email @Size(max = 254) String email,
            @Nullable UUID departmentId, @Nullable @Size(max = 100) String position, @Nullable Set<Role> roles,
            @NotNull EmployeeStatus status) {

        static EmployeeForm of(EmployeeView e) {
            return new EmployeeForm(e.username(), e.displayName(), e.email(), e.departmentId(), e.position(),
                    e.roles(), e.status());
        }

        Set<Role> rolesOrEmpty() {
            return roles == null || roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
        }
    }

    @GetMapping
    String list(Model model, java.util.Locale locale) {
        model.addAttribute("employees", management.list());
        model.addAttribute("departmentNames", departments.list().stream().collect(
                java.util.stream.Collectors.toMap(d -> d.id(), d -> d.name(locale))));
        return "identity/admin/employees";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", new EmployeeForm("", "", "", null, "", Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE));
        return form(model, null);
    }

    @PostMapping("/new")
    String create(@Valid @ModelAttribute("form") EmployeeForm form, BindingResult binding,
            @AuthenticationPrincipal CustosUser me, Model model) {
        if (form.username() == null || form.username().isBlank()) {
            binding.rejectValue("username", "NotBlank");
        }
        if (binding.hasErrors()) {
            return form(model, null);
        }
        try {
            IssuedCredential credential = management.create(new EmployeeManagement.NewEmployee(form.username(),
                    form.displayName(), form.email(), form.departmentId(), form.position(), form.rolesOrEmpty()), me);
            model.addAttribute("credential", credential);
            model.addAttribute("reason", "created");
            return "identity/admin/credential";
        } catch (DomainException e) {
            binding.reject(e.messageKey(), e.args(), e.code());
            return form(model, null);
        }
    }

    @GetMapping("/{id}")
    String edit(@PathVariable UUID id, Model model) {
        EmployeeView employee = management.get(id);
        model.addAttribute("form", EmployeeForm.of(employee));
        return form(model, employee);
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @Valid @ModelAttribute("form") EmployeeForm form, BindingResult binding,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        EmployeeView employee = management.get(id);
        if (binding.hasErrors()) {
            return form(model, employee);
        }
        try {
            management.update(id, new EmployeeManagement.EmployeeUpdate(form.displayName(), form.email(),
                    form.departmentId(), form.position(), form.rolesOrEmpty(), form.status()), me);
            redirect.addFlashAttribute("notice", "identity.admin.saved");
            return "redirect:/admin/employees/" + id;
        } catch (DomainException e) {
            binding.reject(e.messageKey(), e.args(), e.code());
            return form(model, employee);
        }
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        management.unlock(id, me);
        redirect.addFlashAttribute("notice", "identity.admin.unlocked");
        return "redirect:/admin/employees/" + id;
    }

    @PostMapping("/{id}/password-reset")
    String resetPassword(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("credential", management.resetPassword(id, me));
        model.addAttribute("reason", "reset");
        return "identity/admin/credential";
    }

    @PostMapping("/{id}/second-factor-reset")
    String resetSecondFactor(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        management.resetSecondFactor(id, me);
        redirect.addFlashAttribute("notice", "identity.admin.secondFactorReset");
        return "redirect:/admin/employees/" + id;
    }

    private String form(Model model, @Nullable EmployeeView employee) {
        model.addAttribute("employee", employee);
        model.addAttribute("departments", departments.list());
        model.addAttribute("assignableRoles", Role.STAFF);
        model.addAttribute("statuses", EmployeeStatus.values());
        return "identity/admin/employee";
    }
}
