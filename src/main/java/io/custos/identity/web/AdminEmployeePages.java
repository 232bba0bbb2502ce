package io.custos.identity.web;

import java.time.LocalDate;
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
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CredentialLinks;
import io.custos.identity.CustosUser;
import io.custos.identity.PrivilegedResets;
import io.custos.identity.DepartmentManagement;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.IssuedCredential;
import io.custos.identity.Role;
import io.custos.identity.RoleGrants;
import io.custos.shared.DomainException;

/** Account administration pages (SYSTEM_ADMIN). */
@Controller
@RequestMapping("/admin/employees")
class AdminEmployeePages {

    private final EmployeeManagement management;
    private final DepartmentManagement departments;
    private final RoleGrants grants;
    private final PrivilegedResets resets;
    private final CredentialLinks links;

    AdminEmployeePages(EmployeeManagement management, DepartmentManagement departments, RoleGrants grants,
            PrivilegedResets resets, CredentialLinks links) {
        this.resets = resets;
        this.links = links;
        this.management = management;
        this.departments = departments;
        this.grants = grants;
    }

    /**
     * One form for create and edit; the username is fixed once created. {@code reason} and
     * {@code confirmed} come from the confirmation shown before roles are removed or the status changes.
     */
    record EmployeeForm(@Nullable @Pattern(regexp = EmployeeApi.USERNAME_PATTERN) String username,
            @NotBlank @Size(max = 100) String displayName, @Nullable @Email @Size(max = 254) String email,
            @Nullable UUID departmentId, @Nullable @Size(max = 100) String position, @Nullable Set<Role> roles,
            @NotNull EmployeeStatus status, @Nullable @Size(max = 500) String reason, @Nullable Boolean confirmed,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate leavesOn) {

        static EmployeeForm of(EmployeeView e) {
            return new EmployeeForm(e.username(), e.displayName(), e.email(), e.departmentId(), e.position(),
                    e.roles(), e.status(), null, false, e.leavesOn());
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
        model.addAttribute("form", new EmployeeForm("", "", "", null, "", Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE,
                null, false, null));
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
            model.addAttribute("reason", credential.roleGrantId() == null ? "created" : "createdPending");
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
        EmployeeManagement.EmployeeUpdate update = new EmployeeManagement.EmployeeUpdate(form.displayName(),
                form.email(), form.departmentId(), form.position(), form.rolesOrEmpty(), form.status(), form.reason(),
                form.leavesOn());
        if (!Boolean.TRUE.equals(form.confirmed()) && management.destructive(id, update)) {
            // Removing roles or changing the status (a departure): say what will happen and ask why first.
            return confirm(model, employee, form);
        }
        try {
            management.update(id, update, me);
            redirect.addFlashAttribute("notice", grants.pendingFor(id).isEmpty() ? "identity.admin.saved"
                    : "identity.admin.savedPending");
            return "redirect:/admin/employees/" + id;
        } catch (DomainException e) {
            if ("reason".equals(e.properties().get("field"))) {
                binding.rejectValue("reason", e.messageKey(), e.args(), e.code());
                return confirm(model, employee, form);
            }
            if ("leavesOn".equals(e.properties().get("field"))) {
                binding.rejectValue("leavesOn", e.messageKey(), e.args(), e.code());
                return form(model, employee);
            }
            binding.reject(e.messageKey(), e.args(), e.code());
            return form(model, employee);
        }
    }

    private String confirm(Model model, EmployeeView employee, EmployeeForm form) {
        Set<Role> removed = EnumSet.noneOf(Role.class);
        removed.addAll(employee.roles());
        removed.removeAll(form.rolesOrEmpty());
        model.addAttribute("confirm", true);
        model.addAttribute("removedRoles", removed);
        model.addAttribute("statusChange", employee.status() != form.status());
        return form(model, employee);
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        management.unlock(id, me);
        redirect.addFlashAttribute("notice", "identity.admin.unlocked");
        return "redirect:/admin/employees/" + id;
    }

    /** A reset is confirmed on a page of its own, with the reason that goes to the audit trail. */
    @GetMapping("/{id}/password-reset")
    String confirmPasswordReset(@PathVariable UUID id, Model model) {
        return confirmReset(id, "password-reset", null, null, model);
    }

    @PostMapping("/{id}/password-reset")
    String resetPassword(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            @AuthenticationPrincipal CustosUser me, Model model) {
        try {
            model.addAttribute("credential", management.resetPassword(id, reason, me));
        } catch (DomainException e) {
            return confirmReset(id, "password-reset", reason, e, model);
        }
        model.addAttribute("reason", "reset");
        return "identity/admin/credential";
    }

    @GetMapping("/{id}/second-factor-reset")
    String confirmSecondFactorReset(@PathVariable UUID id, Model model) {
        return confirmReset(id, "second-factor-reset", null, null, model);
    }

    @PostMapping("/{id}/second-factor-reset")
    String resetSecondFactor(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        UUID request;
        try {
            request = management.resetSecondFactor(id, reason, me);
        } catch (DomainException e) {
            return confirmReset(id, "second-factor-reset", reason, e, model);
        }
        redirect.addFlashAttribute("notice", request == null ? "identity.admin.secondFactorReset"
                : "identity.admin.resetPending");
        return "redirect:/admin/employees/" + id;
    }

    private String confirmReset(UUID id, String action, @Nullable String reason, @Nullable DomainException error,
            Model model) {
        model.addAttribute("employee", management.get(id));
        model.addAttribute("action", action);
        model.addAttribute("reasonText", reason);
        model.addAttribute("error", error);
        return "identity/admin/confirm-reset";
    }

    private String form(Model model, @Nullable EmployeeView employee) {
        model.addAttribute("employee", employee);
        model.addAttribute("pendingGrants", employee == null ? java.util.List.of() : grants.pendingFor(employee.id()));
        model.addAttribute("pendingResets", employee == null ? java.util.List.of() : resets.pendingFor(employee.id()));
        model.addAttribute("lastLink", employee == null ? null : links.last(employee.id()).orElse(null));
        // A partner's user keeps the partner role and no department; staff never get the partner role.
        boolean partner = employee != null && employee.partner();
        model.addAttribute("departments", partner ? java.util.List.of() : departments.list());
        model.addAttribute("assignableRoles", partner ? java.util.Set.of(Role.PARTNER) : Role.STAFF);
        model.addAttribute("statuses", EmployeeStatus.values());
        return "identity/admin/employee";
    }
}
