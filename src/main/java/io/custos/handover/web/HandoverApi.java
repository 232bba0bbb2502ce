package io.custos.handover.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.handover.HandoverCase;
import io.custos.handover.HandoverReport;
import io.custos.handover.Handovers;
import io.custos.handover.ItemOutcome;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Handovers over HTTP (R-EMP-5, issue 18.6). Who sees and may do what is decided by
 * {@link Handovers}: a case the caller may not read answers 404, an action that is not theirs 403.
 */
@RestController
@RequestMapping("/api/v1/handovers")
@Tag(name = "Handovers")
class HandoverApi {

    private final Handovers handovers;
    private final HandoverReport report;
    private final Times times;

    HandoverApi(Handovers handovers, HandoverReport report, Times times) {
        this.handovers = handovers;
        this.report = report;
        this.times = times;
    }

    /** One step of the head: items of one kind, how they are settled, and the successor or custodian if any. */
    record AssignmentJson(@NotNull List<UUID> items, @NotNull ItemOutcome outcome, @Nullable UUID successor) {
    }

    /** {@code PAPER}: the head records a signed paper form; otherwise the person confirms it themselves. */
    record UndertakingJson(@Nullable String method) {
    }

    record SignOffJson(@NotNull Integer version) {
    }

    @GetMapping
    @Operation(summary = "The handover cases the caller may read: their department's as head, their own, all for "
            + "administration, auditors and management")
    List<HandoverCase> list(@AuthenticationPrincipal CustosUser me) {
        return handovers.visibleTo(me);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One case with its items, brought up to date; 404 for a case the caller may not read")
    Handovers.CaseDetail get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return handovers.detail(id, me);
    }

    @GetMapping("/{id}/report.pdf")
    @Operation(summary = "The handover report as PDF (lang zh-CN or en), for the head, administration, auditors and "
            + "management; 404 for anyone else")
    ResponseEntity<byte[]> report(@PathVariable UUID id, @RequestParam(defaultValue = "zh-CN") String lang,
            @AuthenticationPrincipal CustosUser me) {
        return ReportResponses.pdf(report, id, me, lang, times.zone());
    }

    @PostMapping("/{id}/assignments")
    @Operation(summary = "The head settles items of one kind: REASSIGNED (customers, requests; successor required), "
            + "WITHDRAWN (requests), CONTINUED or ENDED (grants), CHECKED_IN (paper; custodian in successor), "
            + "ACKNOWLEDGED (exports, training drafts). All or nothing; 422 names why a successor is refused")
    HandoverCase assign(@PathVariable UUID id, @Valid @RequestBody AssignmentJson request,
            @AuthenticationPrincipal CustosUser me) {
        return handovers.settle(id, request.items(), request.outcome(), request.successor(), me);
    }

    @PostMapping("/{id}/undertaking")
    @Operation(summary = "The departure undertaking: confirmed by the person, or (method PAPER) recorded by the head "
            + "from a signed form")
    HandoverCase undertaking(@PathVariable UUID id, @RequestBody(required = false) @Nullable UndertakingJson request,
            @AuthenticationPrincipal CustosUser me) {
        String method = request == null || request.method() == null ? "ONLINE" : request.method();
        return switch (method) {
            case "ONLINE" -> handovers.undertake(id, me);
            case "PAPER" -> handovers.recordPaperUndertaking(id, me);
            default -> throw DomainException.unprocessable("handover-undertaking-method", Map.of("field", "method"));
        };
    }

    @PostMapping("/{id}/sign-off")
    @Operation(summary = "The head signs the case off: every item settled and the undertaking given; 409 when the "
            + "case changed since the version given")
    HandoverCase signOff(@PathVariable UUID id, @Valid @RequestBody SignOffJson request,
            @AuthenticationPrincipal CustosUser me) {
        return handovers.signOff(id, request.version(), me);
    }
}
