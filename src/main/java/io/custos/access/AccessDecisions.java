package io.custos.access;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.training.GateAnswer;
import io.custos.training.TrainingGate;

/**
 * The policy decision point as every module calls it: it gathers the inputs from the modules that
 * own them (consent, training, open break-glass accesses) and applies the current policy with
 * {@link PolicyDecisionPoint}. It decides; the caller acts on the decision and records it.
 */
@Service
@Transactional(readOnly = true)
public class AccessDecisions {

    private final AccessPolicies policies;
    private final ConsentLedger consents;
    private final Purposes purposes;
    private final TrainingGate gate;
    private final Subjects subjects;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<SharedGrants> sharedGrants;

    AccessDecisions(AccessPolicies policies, ConsentLedger consents, Purposes purposes, TrainingGate gate,
            Subjects subjects, JdbcClient jdbc, Clock clock, ObjectProvider<SharedGrants> sharedGrants) {
        this.sharedGrants = sharedGrants;
        this.subjects = subjects;
        this.policies = policies;
        this.consents = consents;
        this.purposes = purposes;
        this.gate = gate;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Decides {@code action} on every field in {@code fields} of one customer for this person. */
    public AccessDecision decide(CustosUser user, Subject subject, AccessAction action, @Nullable String purpose,
            List<FieldRef> fields) {
        return decide(policies.current(), user, subject, action, purpose, fields);
    }

    AccessDecision decide(AccessPolicy policy, CustosUser user, Subject subject, AccessAction action,
            @Nullable String purpose, List<FieldRef> fields) {
        Person person = Person.of(user);
        Facts facts = new Facts(subject.customerId(), Person.of(user));
        AccessDecision decision = PolicyDecisionPoint.decide(policy, person, subject, false, action, purpose, fields,
                facts);
        // An emergency access can only add to what the person has; it is looked up only when it might.
        if (!fullyShown(decision) && breakGlassApplies(policy, person) && breakGlass(user.id(), subject.customerId())) {
            decision = PolicyDecisionPoint.decide(policy, person, subject, true, action, purpose, fields, facts);
        }
        return decision;
    }

    /** The decision under a given policy with the break-glass state, consent and gate answer of that time (explanations). */
    AccessDecision decideAt(AccessPolicy policy, CustosUser user, Subject subject, AccessAction action,
            @Nullable String purpose, List<FieldRef> fields, boolean breakGlass, @Nullable ConsentState consent,
            GateAnswer gate, Instant at) {
        Facts facts = new Facts(subject.customerId(), Person.of(user));
        facts.consent = Optional.ofNullable(consent);
        facts.answer = gate;
        facts.at = at;
        return PolicyDecisionPoint.decide(policy, Person.of(user), subject, breakGlass, action, purpose, fields, facts);
    }

    /** The same decision for many customers of a list or an export: no consent or training needed there. */
    public AccessDecision decideForList(AccessPolicy policy, CustosUser user, Subject subject, AccessAction action,
            List<FieldRef> fields) {
        return PolicyDecisionPoint.decide(policy, Person.of(user), subject, false, action, null, fields,
                new Facts(subject.customerId(), Person.of(user)));
    }

    public AccessPolicy policy() {
        return policies.current();
    }

    /**
     * Which customers can appear in this person's lists, searches and exports at all; each one
     * found is then decided field by field. Derived from the rules that allow the action to the
     * person's roles.
     *
     * @param person who asks
     * @param all any customer (a rule for any relation)
     * @param owned customers the person owns
     * @param department customers of this department (null: none)
     */
    public record Scope(UUID person, boolean all, boolean owned, @Nullable UUID department) {

        public boolean none() {
            return !all && !owned && department == null;
        }
    }

    public Scope scope(CustosUser user, AccessAction action) {
        if (user.status() == EmployeeStatus.DEPARTED) {
            return new Scope(user.id(), false, false, null);
        }
        boolean all = false;
        boolean owned = false;
        boolean department = false;
        for (AccessRule rule : policies.current().rules()) {
            if (!rule.actions().contains(action) || !rule.grants(user.roles())) {
                continue;
            }
            switch (rule.relation()) {
                case ANY -> all = true;
                case OWNER -> owned = true;
                case DEPARTMENT -> department = true;
                default -> {
                    // Break-glass opens one record at a time, by its id; never a list.
                }
            }
        }
        return new Scope(user.id(), all, owned, department ? user.departmentId() : null);
    }

    /** Whether the person may create customers: creating makes them its owner, so an owner rule must allow editing. */
    public boolean mayCreate(CustosUser user) {
        return user.status() != EmployeeStatus.DEPARTED && policies.current().rules().stream()
                .anyMatch(r -> r.relation() == RuleRelation.OWNER && r.actions().contains(AccessAction.EDIT)
                        && r.grants(user.roles()));
    }


    /**
     * What the customer page offers for revealing {@code fieldKeys} of one customer (issue 14.8,
     * 14.2): per field the purposes that could work for this person, most likely first, and whether
     * emergency access would let a field be revealed that cannot be now. Nothing for a record the
     * person may not see.
     */
    public RevealOffer revealOffer(CustosUser user, UUID customerId, List<String> fieldKeys) {
        Subject subject = subjects.find(customerId).orElse(null);
        if (subject == null || user.status() == EmployeeStatus.DEPARTED) {
            return RevealOffer.none();
        }
        AccessPolicy policy = policies.current();
        Person person = Person.of(user);
        Facts facts = new Facts(customerId, person);
        boolean open = breakGlassApplies(policy, person) && breakGlass(user.id(), customerId);
        if (!PolicyDecisionPoint.decide(policy, person, subject, open, AccessAction.VIEW, null, List.of(), facts)
                .visible()) {
            return RevealOffer.none();
        }
        boolean mayOpen = !open && breakGlassApplies(policy, person);
        Map<String, List<String>> offered = new java.util.LinkedHashMap<>();
        boolean breakGlassHelps = false;
        for (FieldRef field : refs(fieldKeys)) {
            offered.put(field.key(), likely(policy, person, subject, open, field, facts));
            if (mayOpen && !breakGlassHelps) {
                breakGlassHelps = !working(policy, person, subject, true, field, facts).isEmpty()
                        && working(policy, person, subject, false, field, facts).isEmpty();
            }
        }
        return new RevealOffer(offered, breakGlassHelps);
    }

    /**
     * Advice after a refused reveal of one field for {@code purpose} (issue 14.2): emergency access
     * is offered only when the decision with the break-glass relation added would show the field.
     */
    public RevealAdvice revealAdvice(CustosUser user, UUID customerId, String fieldKey, String purpose) {
        Subject subject = subjects.find(customerId).orElse(null);
        List<FieldRef> fields = refs(List.of(fieldKey));
        if (subject == null || fields.isEmpty() || user.status() == EmployeeStatus.DEPARTED) {
            return RevealAdvice.none();
        }
        FieldRef field = fields.get(0);
        AccessPolicy policy = policies.current();
        Person person = Person.of(user);
        Facts facts = new Facts(customerId, person);
        boolean open = breakGlassApplies(policy, person) && breakGlass(user.id(), customerId);
        List<String> now = working(policy, person, subject, open, field, facts);
        if (open || !breakGlassApplies(policy, person)) {
            return new RevealAdvice(now, false, List.of());
        }
        boolean helps = PolicyDecisionPoint.decide(policy, person, subject, true, AccessAction.REVEAL, purpose,
                List.of(field), facts).outcome(field.key()) == FieldOutcome.SHOW;
        return new RevealAdvice(now, helps, helps || !now.isEmpty() ? List.of()
                : working(policy, person, subject, true, field, facts));
    }

    /** The purposes that show the field now, in the purposes' order. */
    private List<String> working(AccessPolicy policy, Person person, Subject subject, boolean breakGlass,
            FieldRef field, Facts facts) {
        return purposes.all().stream().map(Purpose::code)
                .filter(code -> PolicyDecisionPoint.decide(policy, person, subject, breakGlass, AccessAction.REVEAL,
                        code, List.of(field), facts).outcome(field.key()) == FieldOutcome.SHOW)
                .toList();
    }

    /**
     * The purposes the rules allow for the field, ranked: shown now; refused only by the person's
     * agreement or training (the reveal links to what lifts it); refused only by the customer's
     * consent. A purpose the rules refuse, or that does not need the field, is never offered.
     */
    private List<String> likely(AccessPolicy policy, Person person, Subject subject, boolean breakGlass,
            FieldRef field, Facts facts) {
        Map<String, Integer> rank = new java.util.LinkedHashMap<>();
        for (Purpose purpose : purposes.all()) {
            FieldDecision decided = PolicyDecisionPoint.decide(policy, person, subject, breakGlass,
                    AccessAction.REVEAL, purpose.code(), List.of(field), facts).fields().get(field.key());
            if (decided.outcome() == FieldOutcome.SHOW) {
                rank.put(purpose.code(), 0);
            } else if (decided.reason() == Reason.AGREEMENT_MISSING || decided.reason() == Reason.TRAINING_MISSING
                    || decided.reason() == Reason.TRAINING_EXPIRED) {
                rank.put(purpose.code(), 1);
            } else if (decided.reason() == Reason.PURPOSE_NOT_CONSENTED
                    || decided.reason() == Reason.SENSITIVE_CONSENT_MISSING) {
                rank.put(purpose.code(), 2);
            }
        }
        return rank.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    private List<FieldRef> refs(List<String> keys) {
        return subjects.fields().stream().filter(f -> keys.contains(f.key())).toList();
    }

    /**
     * The purposes this person's rules let them declare to reveal anything; a search by a
     * confidential value tries each of them, as a reveal would (issue 13.1).
     */
    public List<Purpose> purposesFor(CustosUser user) {
        Set<String> allowed = new java.util.TreeSet<>();
        policies.current().rules().stream().filter(r -> r.actions().contains(AccessAction.REVEAL))
                .filter(r -> r.roles().stream().anyMatch(user.roles()::contains))
                .forEach(r -> allowed.addAll(r.purposes()));
        return purposes.all().stream().filter(p -> allowed.contains(p.code())).toList();
    }

    private static boolean fullyShown(AccessDecision decision) {
        return decision.visible() && decision.fields().values().stream()
                .allMatch(d -> d.outcome() == FieldOutcome.SHOW);
    }

    private static boolean breakGlassApplies(AccessPolicy policy, Person person) {
        return policy.rules().stream().anyMatch(r -> r.relation() == RuleRelation.BREAK_GLASS
                && r.grants(person.roles()));
    }

    boolean breakGlass(UUID employeeId, UUID customerId) {
        return jdbc.sql("select count(*) from break_glass where employee_id = ? and customer_id = ? and expires_at > ?")
                .params(employeeId, customerId, java.sql.Timestamp.from(clock.instant()))
                .query(Long.class).single() > 0;
    }

    /** Asks each module once, and only if the decision gets that far. */
    private final class Facts implements DecisionFacts {

        private final UUID customerId;
        private final Person person;
        private @Nullable Optional<ConsentState> consent;
        private @Nullable GateAnswer answer;
        private @Nullable Map<String, Set<String>> fields;
        private @Nullable List<Granted> grants;
        /** The instant the grants are looked up at: now, or the explained moment. */
        private @Nullable Instant at;

        Facts(UUID customerId, Person person) {
            this.customerId = customerId;
            this.person = person;
        }

        @Override
        public @Nullable ConsentState consent() {
            if (consent == null) {
                consent = consents.state(customerId);
            }
            return consent.orElse(null);
        }

        @Override
        public GateAnswer gate() {
            if (answer == null) {
                // A partner's user takes no employee training: what stands for it is the partner's
                // confidentiality agreement, in force and accepted, without which no grant counts.
                answer = person.roles().contains(Role.PARTNER) ? new GateAnswer(true, null, List.of())
                        : gate.check(person.id());
            }
            return answer;
        }

        @Override
        public List<Granted> grants() {
            if (grants == null) {
                SharedGrants source = sharedGrants.getIfAvailable();
                grants = source == null ? List.of() : source.on(person, customerId, at == null ? clock.instant() : at);
            }
            return grants;
        }

        @Override
        public Set<String> fieldsOf(String purpose) {
            if (fields == null) {
                Map<String, Set<String>> all = new HashMap<>();
                purposes.all().forEach(p -> all.put(p.code(), p.fields()));
                fields = all;
            }
            return fields.getOrDefault(purpose, Set.of());
        }
    }
}
