package io.custos.sharing.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.sharing.ExportPackageView;
import io.custos.sharing.ExportPackages;

/**
 * The export package pages (issue 15.5): request, the lists, the package with its decision, the
 * download, the password on a page of its own (shown in the answer to a POST, never in an address),
 * and the watermark look-up. A refusal is shown in words on the page, with the form kept filled in.
 */
@Controller
class ExportPackagePages {

    private static final List<String> DEFAULT_FIELDS = List.of("companyName", "contactName", "phone");

    private final ExportPackages packages;
    private final CustomerExport exports;
    private final Purposes purposes;
    private final int threshold;

    ExportPackagePages(ExportPackages packages, CustomerExport exports, Purposes purposes,
            @Value("${custos.export.approval-threshold:50}") int threshold) {
        this.packages = packages;
        this.exports = exports;
        this.purposes = purposes;
        this.threshold = threshold;
    }

    /** The request form's values, kept when it is shown again after a refusal. */
    record RequestForm(@Nullable String name, @Nullable String phone, @Nullable String email,
            @Nullable String idNumber, @Nullable List<String> fields, @Nullable String purpose,
            @Nullable String justification) {
        @Override
        public String toString() {
            return "RequestForm";
        }
    }

    @GetMapping("/sharing/exports")
    String list(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        model.addAttribute("threshold", threshold);
        model.addAttribute("mine", packages.mine(me));
        model.addAttribute("toDecide", packages.toDecide(me));
        model.addAttribute("decided", packages.decided(me));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        return "sharing/exports";
    }

    @GetMapping("/sharing/exports/new")
    String form(@RequestParam(required = false) @Nullable String name, Model model, Locale locale) {
        return form(new RequestForm(name, null, null, null, DEFAULT_FIELDS, null, null), null, model, locale);
    }

    @PostMapping("/sharing/exports")
    String request(RequestForm form, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response) {
        try {
            ExportPackageView view = packages.request(new ExportPackages.ExportRequest(form.name(), form.phone(),
                    form.email(), form.idNumber(), form.fields() == null ? List.of() : form.fields(), form.purpose(),
                    form.justification()), me);
            return "redirect:/sharing/exports/" + view.id();
        } catch (DomainException refused) {
            response.setStatus(refused.status().value());
            return form(form, refused, model, locale);
        }
    }

    private String form(RequestForm form, @Nullable DomainException problem, Model model, Locale locale) {
        model.addAttribute("form", form);
        model.addAttribute("chosen", form.fields() == null ? List.of() : form.fields());
        model.addAttribute("columns", exports.packageFields(locale));
        model.addAttribute("purposes", purposes.all());
        model.addAttribute("threshold", threshold);
        model.addAttribute("problem", problem);
        return "sharing/export-new";
    }

    @GetMapping("/sharing/exports/{id}")
    String one(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return page(packages.find(id, me), null, null, model, locale);
    }

    @PostMapping("/sharing/exports/{id}/decision")
    String decide(@PathVariable UUID id, @RequestParam(required = false) ExportPackages.@Nullable Decision decision,
            @RequestParam(required = false) @Nullable String reason, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, HttpServletResponse response) {
        try {
            packages.decide(id, decision, reason, me);
            return "redirect:/sharing/exports/" + id;
        } catch (DomainException refused) {
            if (refused.status().value() == 404) {
                throw refused;
            }
            response.setStatus(refused.status().value());
            return page(packages.find(id, me), refused, reason, model, locale);
        }
    }

    @PostMapping("/sharing/exports/{id}/withdrawal")
    String withdraw(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response) {
        try {
            packages.withdraw(id, me);
            return "redirect:/sharing/exports/" + id;
        } catch (DomainException refused) {
            if (refused.status().value() == 404) {
                throw refused;
            }
            response.setStatus(refused.status().value());
            return page(packages.find(id, me), refused, null, model, locale);
        }
    }

    private String page(ExportPackageView view, @Nullable DomainException problem, @Nullable String reason,
            Model model, Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        exports.packageFields(locale).forEach(c -> labels.put(c.key(), c.label()));
        List<String> fieldLabels = new ArrayList<>();
        view.fields().forEach(f -> fieldLabels.add(labels.getOrDefault(f, f)));
        model.addAttribute("p", view);
        model.addAttribute("fieldLabels", fieldLabels);
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("problem", problem);
        model.addAttribute("reason", reason);
        return "sharing/export";
    }

    /** The file, from the package page's button (a POST: a download is recorded, so no link prefetches it). */
    @PostMapping("/sharing/exports/{id}/file")
    ResponseEntity<byte[]> file(@PathVariable UUID id, Locale locale, @AuthenticationPrincipal CustosUser me) {
        return PackageFiles.send(packages.download(id, locale, me));
    }

    @GetMapping("/sharing/exports/{id}/password")
    String passwordStep(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        ExportPackageView view = packages.find(id, me);
        if (!view.requesterId().equals(me.id())) {
            throw DomainException.notFound();
        }
        model.addAttribute("p", view);
        return "sharing/export-password";
    }

    /** The password, in the answer to this POST only: never in an address, a redirect or a cache. */
    @PostMapping("/sharing/exports/{id}/password")
    String password(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model,
            HttpServletResponse response) {
        ExportPackageView view = packages.find(id, me);
        if (!view.requesterId().equals(me.id())) {
            throw DomainException.notFound();
        }
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("p", view);
        try {
            model.addAttribute("password", packages.password(id, me).password());
        } catch (DomainException refused) {
            response.setStatus(refused.status().value());
            model.addAttribute("problem", refused);
        }
        return "sharing/export-password";
    }

    @PostMapping("/sharing/exports/destructions/{destructionId}/confirmation")
    String confirmDestruction(@PathVariable UUID destructionId, @AuthenticationPrincipal CustosUser me) {
        UUID packageId = packages.packageOfDestruction(destructionId, me.id()).orElseThrow(DomainException::notFound);
        packages.confirmDestruction(destructionId, me);
        return "redirect:/sharing/exports/" + packageId;
    }

    @GetMapping("/sharing/watermarks")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'ADMIN_OFFICER')")
    String watermarks() {
        return "sharing/watermarks";
    }

    /** The code in the body of a POST, like a search: the look-up is recorded. */
    @PostMapping("/sharing/watermarks")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'ADMIN_OFFICER')")
    String lookUp(@RequestParam(required = false) @Nullable String code, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response) {
        model.addAttribute("code", code);
        try {
            model.addAttribute("trace", packages.trace(code == null ? "" : code, me));
        } catch (DomainException notFound) {
            response.setStatus(notFound.status().value());
            model.addAttribute("notFound", true);
        }
        return "sharing/watermarks";
    }

    private Map<String, String> purposeLabels(Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Purpose purpose : purposes.all()) {
            labels.put(purpose.code(), purpose.label(locale));
        }
        return labels;
    }
}
