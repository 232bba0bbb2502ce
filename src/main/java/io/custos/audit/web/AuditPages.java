package io.custos.audit.web;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditIntegrity;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditResults;
import io.custos.audit.AuditSearch;
import io.custos.audit.AuditTargetNaming;
import io.custos.audit.AuditUnavailableException;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The auditor's pages: search with export, and verification of the whole log. The services
 * enforce who may do what; the rule here only keeps others from seeing the empty forms.
 */
@Controller
@RequestMapping("/audit")
@PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
class AuditPages {

    private final AuditSearch search;
    private final AuditIntegrity integrity;
    /** Date-time fields show and are read in the reader's zone. */
    private final Times times;
    private final AuditTargetNaming naming;
    private final AuditLabels labels;

    AuditPages(AuditSearch search, AuditIntegrity integrity, AuditTargetNaming naming, AuditLabels labels, Times times) {
        this.times = times;
        this.search = search;
        this.integrity = integrity;
        this.naming = naming;
        this.labels = labels;
    }

    @GetMapping("/events")
    String events(@ModelAttribute("query") AuditQuery query, Model model, HttpServletResponse response,
            Locale locale) {
        model.addAttribute("outcomes", AuditOutcome.values());
        model.addAttribute("categories", AuditCategory.values());
        model.addAttribute("fromField", field(query.from()));
        model.addAttribute("toField", field(query.to()));
        model.addAttribute("actionGroups", labels.actionGroups(search.actions(), locale));
        try {
            AuditResults results = search.search(query.filter(times.zone()), query.pageNumber(), query.pageSize());
            model.addAttribute("results", results);
            model.addAttribute("rows", labels.rows(results.items(),
                    naming.names(results.items(), AuditLabels.DETAIL_TYPES, locale), locale));
            model.addAttribute("previousPage", results.page() > 0 ? pageLink(query, results.page() - 1) : null);
            model.addAttribute("nextPage", results.hasMore() ? pageLink(query, results.page() + 1) : null);
            model.addAttribute("exportCsv", exportLink(query, "csv"));
            model.addAttribute("exportXlsx", exportLink(query, "xlsx"));
        } catch (AuditUnavailableException e) {
            throw e;
        } catch (DomainException e) {
            // A filter out of shape: the form again, with what is wrong and which field.
            response.setStatus(e.status().value());
            model.addAttribute("problem", e.code());
            model.addAttribute("problemField", e.properties().get("field"));
        }
        return "audit/events";
    }

    @GetMapping("/events/export")
    void export(@ModelAttribute AuditQuery query, @RequestParam(required = false) @Nullable String format,
            HttpServletResponse response) throws IOException {
        search.export(query.filter(times.zone()), AuditQuery.format(format)).send(response);
    }

    @GetMapping("/verify")
    String verifyForm() {
        return "audit/verify";
    }

    @PostMapping("/verify")
    String verify(Model model) {
        model.addAttribute("verification", integrity.verify());
        return "audit/verify";
    }

    private static String pageLink(AuditQuery query, int page) {
        Map<String, String> parameters = new LinkedHashMap<>(query.filterParameters());
        if (query.size() != null && !query.size().isBlank()) {
            parameters.put("size", query.size());
        }
        parameters.put("page", Integer.toString(page));
        return link("/audit/events", parameters);
    }

    private static String exportLink(AuditQuery query, String format) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("format", format);
        parameters.putAll(query.filterParameters());
        return link("/audit/events/export", parameters);
    }

    /** Values go in as URI variables, so they are encoded strictly ({@code +} and {@code &} included). */
    private static String link(String path, Map<String, String> parameters) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
        parameters.keySet().forEach(name -> builder.queryParam(name, "{" + name + "}"));
        return builder.encode().buildAndExpand(parameters).toUriString();
    }

    private @Nullable String field(@Nullable String value) {
        try {
            Instant at = AuditQuery.instant(value, "time", times.zone());
            return at == null ? null : times.field(at);
        } catch (DomainException notATime) {
            return null;
        }
    }
}
