package io.custos.access;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.custos.consent.ConsentState;
import io.custos.identity.EmployeeStatus;
import io.custos.training.GateAnswer;
import io.custos.shared.Sensitivity;

/**
 * The one decision function (R-STO-4, R-USE-1, R-USE-2): no I/O, no clock, no state, so it is
 * tested as a table and measured on its own. Every rule that applies to the person's roles and
 * relation is evaluated for every field; the most permissive answer wins, and without a rule the
 * answer is DENY.
 */
public final class PolicyDecisionPoint {

    private PolicyDecisionPoint() {
    }

    /**
     * @param breakGlass whether the person holds an open emergency access to this customer
     * @param purpose the declared purpose; needed to reveal anything above what is shown anyway
     */
    public static AccessDecision decide(AccessPolicy policy, Person person, Subject subject, boolean breakGlass,
            AccessAction action, @Nullable String purpose, List<FieldRef> fields, DecisionFacts facts) {
        Map<String, FieldDecision> decided = new LinkedHashMap<>();
        if (person.status() == EmployeeStatus.DEPARTED) {
            fields.forEach(f -> decided.put(f.key(), FieldDecision.deny(f.key(), null, Reason.ACCOUNT_INACTIVE)));
            return new AccessDecision(policy.version(), action, purpose, false, decided);
        }
        Set<RuleRelation> relations = relations(person, subject, breakGlass);
        List<Granted> grants = grants(policy, person, subject, facts);
        if (!grants.isEmpty()) {
            relations.add(RuleRelation.GRANT);
        }
        List<AccessRule> applicable = policy.rules().stream().filter(r -> r.applies(person.roles(), relations)).toList();
        Reason nothing = applicable.isEmpty() ? Reason.NO_RULE : Reason.ACTION_NOT_ALLOWED;
        for (FieldRef field : fields) {
            FieldDecision best = FieldDecision.deny(field.key(), null, nothing);
            for (AccessRule rule : applicable) {
                FieldDecision candidate = rule.relation() == RuleRelation.GRANT
                        ? underGrant(rule, field, action, purpose, facts, grants)
                        : evaluate(rule, field, action, purpose, facts);
                if (candidate.beats(best)) {
                    best = candidate;
                }
            }
            decided.put(field.key(), best);
        }
        return new AccessDecision(policy.version(), action, purpose, !applicable.isEmpty(), decided);
    }

    static Set<RuleRelation> relations(Person person, Subject subject, boolean breakGlass) {
        Set<RuleRelation> relations = EnumSet.of(RuleRelation.ANY);
        // Ownership counts inside the customer's department only: someone moved to another
        // department loses their old customers the same day, before the handover settles who owns
        // them (R-EMP-5).
        if (person.id().equals(subject.ownerId())
                && (subject.departmentId() == null || subject.departmentId().equals(person.departmentId()))) {
            relations.add(RuleRelation.OWNER);
        }
        if (person.departmentId() != null && person.departmentId().equals(subject.departmentId())) {
            relations.add(RuleRelation.DEPARTMENT);
        }
        if (breakGlass) {
            relations.add(RuleRelation.BREAK_GLASS);
        }
        return relations;
    }

    /**
     * The grants that give this person the GRANT relation to the customer: only looked up when a
     * grant rule could apply to their roles and the customer is not their own department's (a
     * grant to one's own department adds nothing, and this keeps the owner's reads free of it).
     * A grant counts only while the customer consents to its purpose and, for a partner, to
     * third-party sharing: a withdrawal takes the customer out of every grant at once.
     */
    private static List<Granted> grants(AccessPolicy policy, Person person, Subject subject, DecisionFacts facts) {
        boolean ownDepartment = person.partnerId() == null && person.departmentId() != null
                && person.departmentId().equals(subject.departmentId());
        if (ownDepartment || policy.rules().stream()
                .noneMatch(r -> r.relation() == RuleRelation.GRANT && r.grants(person.roles()))) {
            return List.of();
        }
        List<Granted> grants = facts.grants();
        if (grants.isEmpty()) {
            return grants;
        }
        ConsentState consent = facts.consent();
        if (consent == null) {
            return List.of();
        }
        return grants.stream().filter(g -> consent.consentedTo(g.purpose()))
                .filter(g -> !g.external() || consent.thirdPartyConsent()).toList();
    }

    /**
     * A grant rule is the ceiling, the grants narrow it: only granted fields, and a reveal only for
     * the purpose of a grant that covers the field. The decision names the grant it was made under.
     */
    private static FieldDecision underGrant(AccessRule rule, FieldRef field, AccessAction action,
            @Nullable String purpose, DecisionFacts facts, List<Granted> grants) {
        List<Granted> covering = grants.stream().filter(g -> g.fields().contains(field.key())).toList();
        if (covering.isEmpty()) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.NOT_GRANTED);
        }
        Granted under = covering.get(0);
        if (action == AccessAction.REVEAL && purpose != null && !atMost(field.level(), rule.show())) {
            Granted forPurpose = covering.stream().filter(g -> g.purpose().equals(purpose)).findFirst().orElse(null);
            if (forPurpose == null) {
                return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_NOT_GRANTED);
            }
            under = forPurpose;
        }
        FieldDecision decided = evaluate(rule, field, action, purpose, facts);
        return new FieldDecision(decided.field(), decided.outcome(), decided.rule(), decided.reason(), decided.review(),
                under.grantId());
    }

    private static FieldDecision evaluate(AccessRule rule, FieldRef field, AccessAction action, @Nullable String purpose,
            DecisionFacts facts) {
        boolean revealing = action == AccessAction.REVEAL;
        // A rule that lets a person view a record answers a reveal too: with what it shows, and a
        // refusal ("not revealable") for the rest, which says more than "action not allowed".
        boolean covers = rule.actions().contains(action) || revealing && rule.actions().contains(AccessAction.VIEW);
        if (!covers) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.ACTION_NOT_ALLOWED);
        }
        Sensitivity level = field.level();
        switch (action) {
            case EDIT, DELETE:
                return grant(field, rule, Reason.ALLOWED, false);
            case LIST, VIEW, EXPORT:
                if (atMost(level, rule.show())) {
                    return grant(field, rule, Reason.SHOWN, false);
                }
                return atMost(level, rule.mask()) ? new FieldDecision(field.key(), FieldOutcome.MASK, rule.id(),
                        Reason.MASKED, false) : FieldDecision.deny(field.key(), rule.id(), Reason.LEVEL_NOT_VISIBLE);
            case REVEAL:
            default:
                return reveal(rule, field, purpose, facts);
        }
    }

    private static FieldDecision reveal(AccessRule rule, FieldRef field, @Nullable String purpose, DecisionFacts facts) {
        Sensitivity level = field.level();
        if (atMost(level, rule.show())) {
            return grant(field, rule, Reason.SHOWN, false);
        }
        if (!rule.actions().contains(AccessAction.REVEAL) || !atMost(level, rule.reveal())) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.NOT_REVEALABLE);
        }
        if (purpose == null) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_REQUIRED);
        }
        if (!rule.purposes().contains(purpose)) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_NOT_ALLOWED);
        }
        if (level == Sensitivity.L4 && !rule.sensitivePurposes().contains(purpose)) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_NOT_ALLOWED_FOR_LEVEL);
        }
        if (!facts.fieldsOf(purpose).contains(field.key())) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_DOES_NOT_COVER_FIELD);
        }
        ConsentState consent = facts.consent();
        if (consent == null || !consent.consentedTo(purpose)) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.PURPOSE_NOT_CONSENTED);
        }
        if (level == Sensitivity.L4 && !consent.sensitiveConsent()) {
            return FieldDecision.deny(field.key(), rule.id(), Reason.SENSITIVE_CONSENT_MISSING);
        }
        if (level.encrypted()) {
            GateAnswer gate = facts.gate();
            if (!gate.allowed()) {
                return FieldDecision.deny(field.key(), rule.id(), gateReason(Objects.requireNonNull(gate.reason())));
            }
        }
        return grant(field, rule, Reason.REVEALED, rule.review());
    }

    private static Reason gateReason(GateAnswer.Reason reason) {
        switch (reason) {
            case AGREEMENT_MISSING:
                return Reason.AGREEMENT_MISSING;
            case TRAINING_EXPIRED:
                return Reason.TRAINING_EXPIRED;
            case TRAINING_MISSING:
            default:
                return Reason.TRAINING_MISSING;
        }
    }

    private static FieldDecision grant(FieldRef field, AccessRule rule, Reason reason, boolean review) {
        return new FieldDecision(field.key(), FieldOutcome.SHOW, rule.id(), reason, review);
    }

    private static boolean atMost(Sensitivity level, @Nullable Sensitivity limit) {
        return limit != null && level.compareTo(limit) <= 0;
    }
}
