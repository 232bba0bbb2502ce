package io.custos.incident.web;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.incident.DataCategory;
import io.custos.incident.RiskCategory;
import io.custos.incident.RiskReportView;
import io.custos.incident.RiskReports;
import io.custos.incident.Severity;
import io.custos.incident.Triage;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Risk reports over HTTP (issue 20.3). A report the caller may not see answers 404; triage by anyone
 * but IT security, or of one's own report, 403; too many wrong follow-up codes from one client, 429.
 */
@RestController
@RequestMapping("/api/v1/risk-reports")
@Tag(name = "Risk reports")
class RiskReportApi {

    private final RiskReports reports;

    RiskReportApi(RiskReports reports) {
        this.reports = reports;
    }

    record NewReportJson(@Nullable RiskCategory category, @Nullable String description, boolean anonymous,
            @Nullable Boolean concernsSecurity) {

        @Override
        public String toString() {
            return "NewReportJson[category=" + category + "]";
        }
    }

    record TriageJson(@Nullable Triage decision, @Nullable String answer, @Nullable Severity severity,
            @Nullable Set<DataCategory> categories) {

        @Override
        public String toString() {
            return "TriageJson[decision=" + decision + "]";
        }
    }

    record FollowJson(@Nullable String code) {

        @Override
        public String toString() {
            return "FollowJson[]";
        }
    }

    @PostMapping
    @Operation(summary = "Report a security risk or a suspected leak; an anonymous report answers with its follow-up code")
    ResponseEntity<RiskReports.Submitted> report(@RequestBody NewReportJson body, @AuthenticationPrincipal CustosUser me) {
        RiskReports.Submitted submitted = reports.report(body.category(), body.description(), body.anonymous(),
                Boolean.TRUE.equals(body.concernsSecurity()), me);
        return ResponseEntity.created(URI.create("/api/v1/risk-reports/" + submitted.report().id())).body(submitted);
    }

    @GetMapping
    @Operation(summary = "The caller's own named reports; every report for IT security but those about IT security, "
            + "which the auditors and management list and decide instead")
    List<RiskReportView> list(@AuthenticationPrincipal CustosUser me) {
        return reports.visibleTo(me);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One report with its words, for its named reporter or IT security")
    RiskReportView get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return reports.detail(id, me);
    }

    @PostMapping("/follow")
    @Operation(summary = "An anonymous report's status and answer, by its follow-up code (audited as done by nobody; "
            + "429 after too many wrong codes from one client)")
    RiskReportView follow(@RequestBody FollowJson body, HttpServletRequest request) {
        return reports.follow(body.code(), request.getRemoteAddr()).orElseThrow(DomainException::notFound);
    }

    @PostMapping("/{id}/triage")
    @Operation(summary = "The decision (IT security's; the auditors' or management's for a report about IT security): "
            + "DISMISSED, FIXED or RAISED (with a severity) and the answer")
    RiskReportView triage(@PathVariable UUID id, @Valid @RequestBody TriageJson body,
            @AuthenticationPrincipal CustosUser me) {
        return reports.triage(id, body.decision(), body.answer(), body.severity(), body.categories(), me);
    }
}
