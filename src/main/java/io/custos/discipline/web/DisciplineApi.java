package io.custos.discipline.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
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
import org.springframework.web.bind.annotation.RestController;

import io.custos.discipline.EvidenceKind;
import io.custos.discipline.NewProposal;
import io.custos.discipline.Proposal;
import io.custos.discipline.ProposalKind;
import io.custos.discipline.Proposals;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Rewards and penalties over HTTP (R-SUP-5). Who may do what is decided by {@link Proposals}: the
 * administration department proposes, management decides (never about themselves or their own
 * proposal), a record is its person's and the administration department's.
 */
@RestController
@RequestMapping("/api/v1/discipline")
@Tag(name = "Rewards and penalties")
class DisciplineApi {

    private final Proposals proposals;

    DisciplineApi(Proposals proposals) {
        this.proposals = proposals;
    }

    record ProposalJson(@Nullable ProposalKind kind, @Nullable UUID employeeId, @Nullable Boolean anonymousReporter,
            @Nullable BigDecimal amount, @Nullable String reason, @Nullable EvidenceKind evidenceKind,
            @Nullable String evidenceId, @Nullable String evidenceReference) {
        @Override
        public String toString() {
            return "ProposalJson[kind=" + kind + "]";
        }
    }

    enum Decision { APPROVE, REJECT }

    record DecisionJson(@NotNull Decision decision, @Nullable String note) {
        @Override
        public String toString() {
            return "DecisionJson[" + decision + "]";
        }
    }

    @GetMapping("/proposals")
    @Operation(summary = "Every proposal, pending first (administration department and management)")
    List<Proposal> list(@AuthenticationPrincipal CustosUser me) {
        return proposals.list(me);
    }

    @PostMapping("/proposals")
    @Operation(summary = "Propose a reward or a penalty with its evidence (administration department)")
    ResponseEntity<Proposal> propose(@RequestBody ProposalJson body, @AuthenticationPrincipal CustosUser me) {
        Proposal made = proposals.propose(new NewProposal(body.kind(), body.employeeId(),
                Boolean.TRUE.equals(body.anonymousReporter()), body.amount(), body.reason(), body.evidenceKind(),
                body.evidenceId(), body.evidenceReference()), me);
        return ResponseEntity.created(URI.create("/api/v1/discipline/proposals/" + made.id())).body(made);
    }

    @GetMapping("/proposals/{id}")
    @Operation(summary = "One proposal with its reason and decision")
    Proposal get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return proposals.detail(id, me);
    }

    @PostMapping("/proposals/{id}/decision")
    @Operation(summary = "Approve or reject a pending proposal (management)")
    Proposal decide(@PathVariable UUID id, @Valid @RequestBody DecisionJson body, @AuthenticationPrincipal CustosUser me) {
        return proposals.decide(id, body.decision() == Decision.APPROVE, body.note(), me);
    }

    record CodeJson(@Nullable String code) {
        @Override
        public String toString() {
            return "CodeJson[…]";
        }
    }

    @PostMapping("/rewards/paid")
    @Operation(summary = "Record that a whistleblower's approved reward was paid: a handler of the report checks the "
            + "reporter's code, which shows nothing of the report")
    Proposal paid(@RequestBody CodeJson body, @AuthenticationPrincipal CustosUser me) {
        return proposals.payReward(body.code(), me);
    }

    @GetMapping("/records/{employeeId}")
    @Operation(summary = "A person's record: their own, or anyone's for the administration department")
    List<Proposal> record(@PathVariable UUID employeeId, @AuthenticationPrincipal CustosUser me) {
        return proposals.record(employeeId, me);
    }
}
