package io.custos.audit.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.audit.AuditResults;
import io.custos.audit.AuditSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Search and export of audit events for auditors and security administrators (the service enforces who). */
@RestController
@RequestMapping("/api/v1/audit/events")
@Tag(name = "Audit")
class AuditEventApi {

    private final AuditSearch search;

    AuditEventApi(AuditSearch search) {
        this.search = search;
    }

    @GetMapping
    @Operation(summary = "Search audit events", description = "Newest first. actor matches the name ignoring case; "
            + "action is a code or a prefix ending in a dot; from is included, to excluded (ISO-8601 instants); "
            + "size 1 to 200. Security administrators see security events only. The search is itself recorded.")
    AuditResults list(@ParameterObject @ModelAttribute AuditQuery query) {
        return search.search(query.filter(), query.pageNumber(), query.pageSize());
    }

    @GetMapping("/export")
    @Operation(summary = "Export audit events", description = "The same filters; format csv (UTF-8 with BOM) or "
            + "xlsx. At most custos.audit.export.max-rows events (default 100,000). Recorded before the download starts.")
    void export(@ParameterObject @ModelAttribute AuditQuery query, @RequestParam(required = false) @Nullable String format,
            HttpServletResponse response) throws IOException {
        search.export(query.filter(), AuditQuery.format(format)).send(response);
    }
}
