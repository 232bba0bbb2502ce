package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.custos.consent.ConsentState;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Sensitivity;
import io.custos.training.GateAnswer;

/**
 * Issue 15.4 as a table, without a database: the GRANT relation holds only while a grant names the
 * customer and the customer's consent covers it; the grant rule is the ceiling and the grant the
 * scope; a partner's role reaches nothing through any other rule.
 */
class GrantDecisionTests {

    static final UUID DEPARTMENT = UUID.randomUUID();
    static final UUID RECIPIENT_DEPARTMENT = UUID.randomUUID();
    static final UUID PARTNER = UUID.randomUUID();
    static final Subject SUBJECT = new Subject(UUID.randomUUID(), UUID.randomUUID(), DEPARTMENT);
    static final List<FieldRef> FIELDS = List.of(new FieldRef("companyName", Sensitivity.L1),
            new FieldRef("contactName", Sensitivity.L2), new FieldRef("phone", Sensitivity.L3),
            new FieldRef("email", Sensitivity.L3), new FieldRef("address", Sensitivity.L3),
            new FieldRef("idNumber", Sensitivity.L4));
    static final Granted DELIVERY = new Granted(UUID.randomUUID(), "DELIVERY", Set.of("contactName", "phone",
            "address"), false);

    final AccessPolicy policy = ShippedPolicy.withGrants();

    @Test
    void theRecipientSeesTheGrantedFieldsOnlyAndRevealsThemForTheGrantsPurposeOnly() {
        Person reader = employee(RECIPIENT_DEPARTMENT);
        AccessDecision view = decide(reader, AccessAction.VIEW, null, facts(List.of(DELIVERY), consent(true, "DELIVERY")));
        assertThat(view.visible()).isTrue();
        assertThat(view.with(FieldOutcome.SHOW)).containsExactly("contactName");
        assertThat(view.with(FieldOutcome.MASK)).containsExactly("phone", "address");
        assertThat(view.fields().get("companyName").reason()).isEqualTo(Reason.NOT_GRANTED);
        assertThat(view.fields().get("phone").grant()).isEqualTo(DELIVERY.grantId());

        AccessDecision reveal = decide(reader, AccessAction.REVEAL, "DELIVERY", facts(List.of(DELIVERY),
                consent(true, "DELIVERY", "SALES_FOLLOW_UP")));
        assertThat(reveal.with(FieldOutcome.SHOW)).containsExactly("contactName", "phone", "address");
        assertThat(reveal.auditDetails().get("grants")).asList().contains("phone:" + DELIVERY.grantId());
        AccessDecision otherPurpose = decide(reader, AccessAction.REVEAL, "SALES_FOLLOW_UP", facts(List.of(DELIVERY),
                consent(true, "DELIVERY", "SALES_FOLLOW_UP")));
        assertThat(otherPurpose.fields().get("phone").reason()).isEqualTo(Reason.PURPOSE_NOT_GRANTED);
        assertThat(otherPurpose.fields().get("email").reason()).isEqualTo(Reason.NOT_GRANTED);
        assertThat(decide(reader, AccessAction.EDIT, null, facts(List.of(DELIVERY), consent(true, "DELIVERY")))
                .allowed()).as("a grant never lets anyone change the record").isFalse();
        assertThat(decide(reader, AccessAction.EXPORT, null, facts(List.of(DELIVERY), consent(true, "DELIVERY")))
                .allowed()).as("exports under a grant go through approved packages only").isFalse();
    }

    @Test
    void withoutAGrantOrWithoutTheConsentItNeedsThereIsNoRecordAtAll() {
        Person reader = employee(RECIPIENT_DEPARTMENT);
        assertThat(decide(reader, AccessAction.VIEW, null, facts(List.of(), consent(true, "DELIVERY"))).visible())
                .isFalse();
        assertThat(decide(reader, AccessAction.VIEW, null, facts(List.of(DELIVERY), consent(true, "SALES_FOLLOW_UP")))
                .visible()).as("the purpose withdrawn").isFalse();
        assertThat(decide(reader, AccessAction.VIEW, null, facts(List.of(DELIVERY), null)).visible()).isFalse();

        Granted external = new Granted(UUID.randomUUID(), "DELIVERY", DELIVERY.fields(), true);
        Person agent = new Person(UUID.randomUUID(), EnumSet.of(Role.PARTNER), null, EmployeeStatus.ACTIVE, PARTNER);
        assertThat(decide(agent, AccessAction.VIEW, null, facts(List.of(external), consent(false, "DELIVERY")))
                .visible()).as("no third-party consent").isFalse();
        assertThat(decide(agent, AccessAction.VIEW, null, facts(List.of(external), consent(true, "DELIVERY")))
                .visible()).isTrue();
    }

    @Test
    void overlappingGrantsGiveTheirUnionEachFieldUnderItsOwnGrant() {
        Granted sales = new Granted(UUID.randomUUID(), "SALES_FOLLOW_UP", Set.of("email", "companyName"), false);
        AccessDecision reveal = decide(employee(RECIPIENT_DEPARTMENT), AccessAction.REVEAL, "SALES_FOLLOW_UP",
                facts(List.of(DELIVERY, sales), consent(true, "DELIVERY", "SALES_FOLLOW_UP")));
        assertThat(reveal.outcome("email")).isEqualTo(FieldOutcome.SHOW);
        assertThat(reveal.fields().get("email").grant()).isEqualTo(sales.grantId());
        assertThat(reveal.fields().get("phone").reason()).isEqualTo(Reason.PURPOSE_NOT_GRANTED);
    }

    @Test
    void theOwnersDepartmentNeverAsksForGrantsAndAPartnerReachesNothingThroughAnotherRule() {
        AtomicInteger asked = new AtomicInteger();
        DecisionFacts counting = new Facts(List.of(DELIVERY), consent(true, "DELIVERY")) {
            @Override
            public List<Granted> grants() {
                asked.incrementAndGet();
                return super.grants();
            }
        };
        decide(employee(DEPARTMENT), AccessAction.VIEW, null, counting);
        assertThat(asked).as("the hot path of the owner's department stays free of the lookup").hasValue(0);

        List<AccessRule> rules = new ArrayList<>(policy.rules());
        // A rule written straight into the tables giving partners every customer: it must grant nothing.
        rules.add(new AccessRule("planted", RuleRelation.ANY, EnumSet.of(Role.PARTNER, Role.CUSTOMER),
                EnumSet.allOf(AccessAction.class), Sensitivity.L4, Sensitivity.L4, null, Set.of(), Set.of(), false));
        AccessPolicy planted = new AccessPolicy(99, Instant.EPOCH, "someone", "planted", rules);
        Person agent = new Person(UUID.randomUUID(), EnumSet.of(Role.PARTNER), null, EmployeeStatus.ACTIVE, PARTNER);
        assertThat(PolicyDecisionPoint.decide(planted, agent, SUBJECT, false, AccessAction.VIEW, null, FIELDS,
                facts(List.of(), consent(true, "DELIVERY"))).visible()).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.custos.shared.DomainException.class,
                rules.get(rules.size() - 1)::requireNoSeparatedDuty).code()).isEqualTo("access-rule-role-forbidden");
        assertThat(ShippedPolicy.grantRule()).satisfies(AccessRule::requireNoSeparatedDuty);
    }

    private AccessDecision decide(Person person, AccessAction action, @Nullable String purpose, DecisionFacts facts) {
        return PolicyDecisionPoint.decide(policy, person, SUBJECT, false, action, purpose, FIELDS, facts);
    }

    private static Person employee(UUID department) {
        return new Person(UUID.randomUUID(), EnumSet.of(Role.EMPLOYEE), department, EmployeeStatus.ACTIVE);
    }

    private static @Nullable ConsentState consent(boolean thirdParty, String... purposes) {
        return new ConsentState(SUBJECT.customerId(), 1, Set.of(purposes), true, thirdParty, Instant.EPOCH);
    }

    private static DecisionFacts facts(List<Granted> grants, @Nullable ConsentState consent) {
        return new Facts(grants, consent);
    }

    private static class Facts implements DecisionFacts {

        private final List<Granted> grants;
        private final @Nullable ConsentState consent;

        Facts(List<Granted> grants, @Nullable ConsentState consent) {
            this.grants = grants;
            this.consent = consent;
        }

        @Override
        public @Nullable ConsentState consent() {
            return consent;
        }

        @Override
        public GateAnswer gate() {
            return new GateAnswer(true, null, List.of());
        }

        @Override
        public Set<String> fieldsOf(String purpose) {
            return ShippedPolicy.purposeFields().getOrDefault(purpose, Set.of());
        }

        @Override
        public List<Granted> grants() {
            return grants;
        }
    }
}
