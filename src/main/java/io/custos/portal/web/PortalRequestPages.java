package io.custos.portal.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.casework.CaseFile;
import io.custos.casework.CaseFiles;
import io.custos.casework.CaseType;
import io.custos.casework.CaseView;
import io.custos.casework.Cases;
import io.custos.casework.NewCase;
import io.custos.customer.FieldCatalog;
import io.custos.portal.PortalCustomer;
import io.custos.shared.DomainException;

/**
 * The customer's requests, complaints and claims in the portal (issue 19.3): the list with each
 * one's reference and status, a form to file one, and one with its due date, steps, the reply,
 * evidence to add and files to fetch. A refused form comes back with the reason and what was typed.
 */
@Controller
@RequestMapping("/portal/requests")
class PortalRequestPages {

    private final Cases cases;
    private final CaseFiles files;
    private final FieldCatalog catalog;

    PortalRequestPages(Cases cases, CaseFiles files, FieldCatalog catalog) {
        this.cases = cases;
        this.files = files;
        this.catalog = catalog;
    }

    @GetMapping
    String list(@AuthenticationPrincipal PortalCustomer me, Model model) {
        model.addAttribute("requests", cases.ofCustomer(me.customerId()));
        return "portal/requests";
    }

    @GetMapping("/new")
    String form(@RequestParam(required = false) @Nullable CaseType type, Model model) {
        return form(model, new NewCase(null, type, null, null, null, null, null, null), null);
    }

    @PostMapping
    String file(@RequestParam(required = false) @Nullable CaseType type, @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String fieldKey,
            @RequestParam(required = false) @Nullable String correction,
            @RequestParam(required = false) @Nullable BigDecimal amount, @AuthenticationPrincipal PortalCustomer me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        NewCase input = new NewCase(me.customerId(), type, null, null, text,
                fieldKey == null || fieldKey.isBlank() ? null : fieldKey, correction, amount);
        try {
            CaseView filed = cases.file(me.customerId(), input, me.actor());
            redirect.addFlashAttribute("filed", filed.reference());
            return "redirect:/portal/requests/" + filed.id();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return form(model, input, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal PortalCustomer me, Model model) {
        return page(id, me, model, null);
    }

    @PostMapping(path = "/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String evidence(@PathVariable UUID id, @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @AuthenticationPrincipal PortalCustomer me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) throws IOException {
        try {
            files.addEvidence(me.customerId(), id, file == null ? new byte[0] : file.getBytes(), me.actor());
            redirect.addFlashAttribute("added", true);
            return "redirect:/portal/requests/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(id, me, model, e);
        }
    }

    @GetMapping("/{id}/files/{fileId}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID fileId,
            @AuthenticationPrincipal PortalCustomer me) {
        CaseFile.Content content = files.forCustomer(me.customerId(), id, fileId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.file().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(content.file().fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(content.bytes());
    }

    /** The password of a delivered copy, on a page of its own so it is not on the case page for anyone looking on. */
    @GetMapping("/{id}/files/{fileId}/password")
    String password(@PathVariable UUID id, @PathVariable UUID fileId, @AuthenticationPrincipal PortalCustomer me,
            Model model) {
        String password = files.passwordFor(me.customerId(), id, fileId);
        model.addAttribute("file", files.of(id).stream().filter(f -> f.id().equals(fileId)).findFirst()
                .orElseThrow(DomainException::notFound));
        model.addAttribute("password", password);
        model.addAttribute("caseId", id);
        return "portal/request-password";
    }

    private String page(UUID id, PortalCustomer me, Model model, @Nullable DomainException problem) {
        model.addAttribute("detail", cases.forCustomer(me.customerId(), id));
        model.addAttribute("files", files.of(id));
        model.addAttribute("problem", problem);
        return "portal/request";
    }

    private String form(Model model, NewCase input, @Nullable DomainException problem) {
        model.addAttribute("input", input);
        model.addAttribute("problem", problem);
        model.addAttribute("types", List.of(CaseType.values()));
        model.addAttribute("fields", catalog.fields());
        return "portal/request-new";
    }
}
