package io.custos.identity.web;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeManagement;
import io.custos.shared.DomainException;

/** Department administration pages (SYSTEM_ADMIN). */
@Controller
@RequestMapping("/admin/departments")
class AdminDepartmentPages {

    private final DepartmentManagement departments;
    private final EmployeeManagement employees;

    AdminDepartmentPages(DepartmentManagement departments, EmployeeManagement employees) {
        this.departments = departments;
        this.employees = employees;
    }

    record NewDepartmentForm(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{2,40}") String code,
            @NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
            @Nullable Boolean handlesCustomerData) {
    }

    record DepartmentForm(@NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
            @Nullable UUID headId, @Nullable Boolean handlesCustomerData) {
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("departments", departments.list());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new NewDepartmentForm("", "", "", true));
        }
        return "identity/admin/departments";
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") NewDepartmentForm form, BindingResult binding,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        if (!binding.hasErrors()) {
            try {
                // An unticked box arrives as false (its field marker); left out entirely, the stricter default.
                departments.create(form.code(), form.nameZh(), form.nameEn(),
                        !Boolean.FALSE.equals(form.handlesCustomerData()), me);
                redirect.addFlashAttribute("notice", "identity.admin.saved");
                return "redirect:/admin/departments";
            } catch (DomainException e) {
                binding.reject(e.messageKey(), e.args(), e.code());
            }
        }
        model.addAttribute("departments", departments.list());
        return "identity/admin/departments";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable UUID id, Model model) {
        DepartmentView department = departments.get(id);
        model.addAttribute("form", new DepartmentForm(department.nameZh(), department.nameEn(), department.headId(),
                department.handlesCustomerData()));
        return form(id, model);
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @Valid @ModelAttribute("form") DepartmentForm form, BindingResult binding,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        if (!binding.hasErrors()) {
            try {
                departments.update(id, form.nameZh(), form.nameEn(), form.headId(), form.handlesCustomerData(), me);
                redirect.addFlashAttribute("notice", "identity.admin.saved");
                return "redirect:/admin/departments";
            } catch (DomainException e) {
                binding.reject(e.messageKey(), e.args(), e.code());
            }
        }
        return form(id, model);
    }

    private String form(UUID id, Model model) {
        model.addAttribute("department", departments.get(id));
        model.addAttribute("members", employees.list().stream()
                .filter(e -> id.equals(e.departmentId()) && e.status() != io.custos.identity.EmployeeStatus.DEPARTED)
                .toList());
        return "identity/admin/department";
    }
}
