package io.custos.whistleblowing.web;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.whistleblowing.ReportView;
import io.custos.whistleblowing.Verdict;
import io.custos.whistleblowing.Whistleblowing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The handlers' API (R-SUP-4): the reports the caller handles (403 for anyone who handles none), one
 * report (404 outside them), and the steps ANSWER and CLOSE.
 */
@RestController
@RequestMapping("/api/v1/whistleblowing/reports")
@Tag(name = "Whistleblowing")
class WhistleblowingApi {

    private final Whistleblowing reports;

    WhistleblowingApi(Whistleblowing reports) {
        this.reports = reports;
    }

    enum Action { ANSWER, CLOSE }

    record ActionJson(@NotNull Action action, @Nullable String text, @Nullable Verdict verdict) {
        @Override
        public String toString() {
            return "ActionJson[action=" + action + "]";
        }
    }

    @GetMapping
    @Operation(summary = "The reports the caller handles (without their messages)")
    List<ReportView> list(@AuthenticationPrincipal CustosUser me) {
        return reports.visibleTo(me);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One report with its messages")
    ReportView get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return reports.detail(id, me);
    }

    @PostMapping("/{id}/actions")
    @Operation(summary = "ANSWER (text) or CLOSE (verdict VERIFIED, NOT_VERIFIED or UNFOUNDED, optional text)")
    ReportView act(@PathVariable UUID id, @Valid @RequestBody ActionJson body, @AuthenticationPrincipal CustosUser me) {
        return switch (body.action()) {
            case ANSWER -> reports.answer(id, body.text(), me);
            case CLOSE -> reports.close(id, body.verdict(), body.text(), me);
        };
    }
}
