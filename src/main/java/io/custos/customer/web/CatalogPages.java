package io.custos.customer.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldKind;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/** The classification catalog page: readable by staff, changed by SECURITY_ADMIN (the service checks). */
@Controller
@RequestMapping("/catalog")
class CatalogPages {

    private final FieldCatalog catalog;

    CatalogPages(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("fields", catalog.fields());
        model.addAttribute("levels", Sensitivity.values());
        model.addAttribute("kinds", FieldKind.values());
        return "customer/catalog";
    }

    @PostMapping
    String define(@RequestParam String key, @RequestParam Sensitivity sensitivity, @RequestParam FieldKind kind,
            @RequestParam(defaultValue = "false") boolean searchable, @RequestParam String labelZh,
            @RequestParam String labelEn, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect) {
        try {
            if (labelZh.isBlank() || labelEn.isBlank() || labelZh.length() > 100 || labelEn.length() > 100) {
                throw DomainException.unprocessable("field-label-invalid", Map.of("field", "label"));
            }
            catalog.define(new FieldCatalog.NewField(key.strip(), sensitivity, kind, searchable, labelZh, labelEn), me);
            redirect.addFlashAttribute("notice", "catalog.saved");
            return "redirect:/catalog";
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            return list(model);
        }
    }

    @PostMapping("/{key}/level")
    String changeLevel(@PathVariable String key, @RequestParam Sensitivity sensitivity,
            @RequestParam(required = false) @Nullable String reason, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        try {
            if (reason != null && reason.length() > 500) {
                throw DomainException.unprocessable("reason-too-long", Map.of("field", "reason"));
            }
            catalog.changeLevel(key, sensitivity, reason, me);
            redirect.addFlashAttribute("notice", "catalog.saved");
            return "redirect:/catalog";
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            return list(model);
        }
    }
}
