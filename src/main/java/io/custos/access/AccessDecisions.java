package io.custos.access;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
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
    private final JdbcClient jdbc;
    private final Clock clock;

    AccessDecisions(AccessPolicies policies, ConsentLedger consents, Purposes purposes, TrainingGate gate,
            JdbcClient jdbc, Clock clock) {
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
        Facts facts = new Facts(subject.customerId(), user.id());
        AccessDecision decision = PolicyDecisionPoint.decide(policy, person, subject, false, action, purpose, fields,
                facts);
        // An emergency access can only add to what the person has; it is looked up only when it might.
        if (!fullyShown(decision) && breakGlassApplies(policy, person) && breakGlass(user.id(), subject.customerId())) {
            decision = PolicyDecisionPoint.decide(policy, person, subject, true, action, purpose, fields, facts);
        }
        return decision;
    }

    /** The decision under a given policy with a known break-glass state (explanations). */
    AccessDecision decideAt(AccessPolicy policy, CustosUser user, Subject subject, AccessAction action,
            @Nullable String purpose, List<FieldRef> fields, boolean breakGlass) {
        return PolicyDecisionPoint.decide(policy, Person.of(user), subject, breakGlass, action, purpose, fields,
                new Facts(subject.customerId(), user.id()));
    }

    /** The same decision for many customers of a list or an export: no consent or training needed there. */
    public AccessDecision decideForList(AccessPolicy policy, CustosUser user, Subject subject, AccessAction action,
            List<FieldRef> fields) {
        return PolicyDecisionPoint.decide(policy, Person.of(user), subject, false, action, null, fields,
                new Facts(subject.customerId(), user.id()));
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
     * Whether the person may open an emergency (break-glass) access at all: a break-glass rule names
     * one of their roles (for the page's offer; {@link AccessReviews#openBreakGlass} decides).
     */
    public boolean mayBreakGlass(CustosUser user) {
        return user.status() != EmployeeStatus.DEPARTED && breakGlassApplies(policies.current(), Person.of(user));
    }

    /** The purposes this person may declare to reveal anything (for the page's choice). */
    public List<Purpose> purposesFor(CustosUser user) {
        Set<String> allowed = new java.util.TreeSet<>();
        policies.current().rules().stream().filter(r -> r.actions().contains(AccessAction.REVEAL))
                .filter(r -> r.grants(user.roles()))
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
        private final UUID employeeId;
        private @Nullable Optional<ConsentState> consent;
        private @Nullable GateAnswer answer;
        private @Nullable Map<String, Set<String>> fields;

        Facts(UUID customerId, UUID employeeId) {
            this.customerId = customerId;
            this.employeeId = employeeId;
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
                answer = gate.check(employeeId);
            }
            return answer;
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
