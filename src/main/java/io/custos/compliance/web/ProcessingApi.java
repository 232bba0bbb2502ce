package io.custos.compliance.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.compliance.LegalThresholds;
import io.custos.compliance.ProcessingRecord;
import io.custos.compliance.ProcessingRecords;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The record of processing activities and the legal thresholds over HTTP (issue 22.5, 22.6): for
 * the administration department, management, auditors and security administrators.
 */
@RestController
@RequestMapping("/api/v1/compliance")
@Tag(name = "Compliance")
class ProcessingApi {

    private final ProcessingRecords records;
    private final LegalThresholds thresholds;

    ProcessingApi(ProcessingRecords records, LegalThresholds thresholds) {
        this.records = records;
        this.thresholds = thresholds;
    }

    @GetMapping("/processing")
    @Operation(summary = "The record of processing activities, generated now from the catalog, purposes, retention "
            + "rules and sharing grants (ADMIN_OFFICER, MANAGEMENT, AUDITOR, SECURITY_ADMIN)")
    ProcessingRecord processing(@AuthenticationPrincipal CustosUser me) {
        return records.current(me);
    }

    @GetMapping("/processing/export")
    @Operation(summary = "The record of processing activities as a file: format=xlsx|pdf, lang=zh-CN|en (default "
            + "the request's language); audited")
    void export(@RequestParam(defaultValue = "xlsx") String format, @RequestParam(required = false) @Nullable String lang,
            @AuthenticationPrincipal CustosUser me, HttpServletResponse response) throws IOException {
        ProcessingPages.send(records.export(me, ProcessingPages.format(format), ProcessingPages.language(lang)),
                response);
    }

    @GetMapping("/legal-thresholds")
    @Operation(summary = "Individuals held and cross-border transfers this year against the thresholds of PIPL "
            + "art. 52/54 and the CAC cross-border provisions, with the duties crossed (ADMIN_OFFICER, MANAGEMENT, "
            + "AUDITOR, SECURITY_ADMIN)")
    LegalThresholds.View legal(@AuthenticationPrincipal CustosUser me) {
        return thresholds.current(me);
    }
}
