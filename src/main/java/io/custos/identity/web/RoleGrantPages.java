package io.custos.identity.web;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentManagement;
import io.custos.identity.RoleGrantView;
import io.custos.identity.RoleGrants;
import io.custos.shared.DomainException;

/** The page a home-page task links to: one role grant, approved or rejected by a second person. */
@Controller
@RequestMapping("/role-grants")
class RoleGrantPages {

    private final RoleGrants grants;
    private final DepartmentManagement departments;

    RoleGrantPages(RoleGrants grants, DepartmentManagement departments) {
        this.grants = grants;
        this.departments = departments;
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return page(grants.get(id, me), me, model, locale);
    }

    @PostMapping("/{id}/approval")
    String approve(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            RedirectAttributes redirect) {
        try {
            grants.approve(id, me);
            redirect.addFlashAttribute("notice", "roleGrant.approved");
            return "redirect:/role-grants/" + id;
        } catch (DomainException e) {
            model.addAttribute("error", e);
            return page(grants.get(id, me), me, model, locale);
        }
    }

    @PostMapping("/{id}/rejection")
    String reject(@PathVariable UUID id, @RequestParam(required = false) @Nullable String note,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, RedirectAttributes redirect) {
        try {
            grants.reject(id, note, me);
            redirect.addFlashAttribute("notice", "roleGrant.rejected");
            return "redirect:/role-grants/" + id;
        } catch (DomainException e) {
            model.addAttribute("error", e);
            model.addAttribute("note", note);
            return page(grants.get(id, me), me, model, locale);
        }
    }

    private String page(RoleGrantView grant, CustosUser me, Model model, Locale locale) {
        model.addAttribute("grant", grant);
        model.addAttribute("mayDecide", grants.mayDecide(grant, me));
        model.addAttribute("departmentName", grant.departmentId() == null ? null
                : departments.get(grant.departmentId()).name(locale));
        return "identity/role-grant";
    }
}
