package io.custos.access.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.access.AccessAction;
import io.custos.access.AccessExplanations;
import io.custos.access.AccessPolicies;
import io.custos.access.AccessPolicy;
import io.custos.access.AccessReviews;
import io.custos.access.AccessRule;
import io.custos.access.FlaggedAccess;
import io.custos.access.PolicyDiff;
import io.custos.access.ReviewOutcome;
import io.custos.access.RuleRelation;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The access policy, the review list and explanations over HTTP. */
@RestController
@RequestMapping("/api/v1/access")
@Tag(name = "Access")
class AccessApi {

    private final AccessPolicies policies;
    private final AccessReviews reviews;
    private final AccessExplanations explanations;

    private final java.time.Clock clock;

    AccessApi(AccessPolicies policies, AccessReviews reviews, AccessExplanations explanations, java.time.Clock clock) {
        this.clock = clock;
        this.policies = policies;
        this.reviews = reviews;
        this.explanations = explanations;
    }

    /** A rule as the API reads and writes it; checked when it becomes an {@link AccessRule}. */
    record RuleBody(@NotNull String id, @NotNull RuleRelation relation, @NotNull Set<Role> roles,
            @NotNull Set<AccessAction> actions, @Nullable Sensitivity show, @Nullable Sensitivity mask,
            @Nullable Sensitivity reveal, @Nullable Set<String> purposes, @Nullable Set<String> sensitivePurposes,
            boolean review) {

        static RuleBody of(AccessRule r) {
            return new RuleBody(r.id(), r.relation(), r.roles(), r.actions(), r.show(), r.mask(), r.reveal(),
                    r.purposes(), r.sensitivePurposes(), r.review());
        }

        AccessRule rule() {
            return new AccessRule(id, relation, roles, actions, show, mask, reveal, purposes, sensitivePurposes, review);
        }
    }

    /** A version with where it stands: only a PUBLISHED version is ever in force. */
    record PolicyBody(int version, Instant createdAt, String createdBy, String reason,
            AccessPolicies.Status status, List<RuleBody> rules) {
        static PolicyBody of(AccessPolicy p, AccessPolicies.Status status) {
            return new PolicyBody(p.version(), p.createdAt(), p.createdBy(), p.reason(), status,
                    p.rules().stream().map(RuleBody::of).toList());
        }
    }

    private PolicyBody body(AccessPolicy policy) {
        return PolicyBody.of(policy, policies.summary(policy.version()).map(AccessPolicies.VersionSummary::status)
                .orElse(AccessPolicies.Status.DRAFT));
    }

    record Decision(@NotNull @Size(min = 1, max = 500) String reason) {
    }

    record PolicyChange(@Nullable Integer expectedVersion, @NotNull @Size(min = 1, max = 500) String reason,
            @NotNull @Size(max = 100) List<@NotNull @Valid RuleBody> rules) {
    }

    @GetMapping("/policy")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    @Operation(summary = "The access policy in force")
    PolicyBody current() {
        return body(policies.current());
    }

    @GetMapping("/policy/versions")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'MANAGEMENT', 'ADMIN_OFFICER')")
    @Operation(summary = "Every version of the access policy, newest first")
    List<AccessPolicies.VersionSummary> versions() {
        return policies.versions();
    }

    @GetMapping("/policy/versions/{version}")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'MANAGEMENT', 'ADMIN_OFFICER')")
    @Operation(summary = "One version of the access policy")
    PolicyBody version(@PathVariable int version) {
        return body(policies.version(version).orElseThrow(DomainException::notFound));
    }

    @GetMapping("/policy/versions/{version}/changes")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'MANAGEMENT', 'ADMIN_OFFICER')")
    @Operation(summary = "What a version changes against the version in force",
            description = "Rules added, removed and changed, with each changed attribute's values before and after.")
    PolicyDiff changes(@PathVariable int version) {
        return policies.diff(version);
    }

    @PutMapping("/policy")
    @Operation(summary = "Propose a new version of the access policy (security administrator)",
            description = "The version is a DRAFT, in force only once management or the administration officer "
                    + "(never its author) approves it. No rule may name SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR "
                    + "(422 access-rule-role-forbidden). With `expectedVersion` (the pending draft, or the version "
                    + "in force), a policy changed meanwhile answers 409 access-policy-changed.")
    PolicyBody replace(@Valid @RequestBody PolicyChange change, @AuthenticationPrincipal CustosUser me) {
        List<AccessRule> rules = change.rules().stream().map(RuleBody::rule).toList();
        return body(policies.replace(rules, change.reason(), change.expectedVersion(), me));
    }

    @PostMapping("/policy/versions/{version}/approval")
    @Operation(summary = "Approve a draft version: it is in force from now (management, administration officer)",
            description = "403 own-policy-change for its author; 409 access-policy-not-draft once decided.")
    PolicyBody approve(@PathVariable int version, @Valid @RequestBody Decision decision,
            @AuthenticationPrincipal CustosUser me) {
        return body(policies.approve(version, decision.reason(), me));
    }

    @PostMapping("/policy/versions/{version}/rejection")
    @Operation(summary = "Reject a draft version: it never takes effect (management, administration officer)")
    PolicyBody reject(@PathVariable int version, @Valid @RequestBody Decision decision,
            @AuthenticationPrincipal CustosUser me) {
        policies.reject(version, decision.reason(), me);
        return body(policies.version(version).orElseThrow(DomainException::notFound));
    }

    @GetMapping("/reviews")
    @Operation(summary = "Emergency accesses and flagged reveals to review",
            description = "Security administrators see all, department heads their department's; open ones first.")
    List<FlaggedAccess> reviews(@RequestParam(defaultValue = "false") boolean includeReviewed,
            @AuthenticationPrincipal CustosUser me) {
        return reviews.list(me, includeReviewed);
    }

    record ReviewBody(@NotNull ReviewOutcome outcome, @NotNull @Size(min = 1, max = 2000) String note) {
    }

    @PostMapping("/reviews/{id}")
    @Operation(summary = "Record the review of an emergency access or a flagged reveal")
    FlaggedAccess review(@PathVariable UUID id, @Valid @RequestBody ReviewBody body,
            @AuthenticationPrincipal CustosUser me) {
        return reviews.review(id, body.outcome(), body.note(), me);
    }

    @GetMapping("/explain")
    @Operation(summary = "Why could an employee see a field of a customer at a time",
            description = "The decision recorded in the audit log for the employee's last access up to `at`, and "
                    + "what the policy version in force at `at` decides with the facts as they were at `at`; `facts` says "
                    + "which were rebuilt from their history and which were taken from today.")
    AccessExplanations.Explanation explain(@RequestParam String employee, @RequestParam UUID customer,
            @RequestParam String field, @RequestParam(required = false) @Nullable Instant at,
            @AuthenticationPrincipal CustosUser me) {
        return explanations.explain(employee, customer, field, at == null ? clock.instant() : at, me);
    }
}
