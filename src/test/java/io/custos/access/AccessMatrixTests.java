package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.custos.consent.ConsentState;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Sensitivity;
import io.custos.training.GateAnswer;

/**
 * The shipped default policy (migration V15, as {@link ShippedPolicy}) against the table of issue
 * "Access decisions", for every role × relation × field level × action × purpose × consent ×
 * training standing (R-STO-4, R-USE-1, R-USE-2, R-ORG-2). A plain unit test of the pure decision
 * function (issue 14.19): no Spring, no database; {@code AccessPolicyApprovalTests} checks that the
 * fixture is what the migrations store. The expected answers below are written from the issue's
 * text, not from the rules, so a rule that drifts from it fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests {

    AccessPolicy policy;
    Map<String, Set<String>> purposeFields;

    static final UUID DEPARTMENT = UUID.randomUUID();
    static final UUID OTHER_DEPARTMENT = UUID.randomUUID();
    static final UUID OWNER = UUID.randomUUID();

    /** One field of each level, and a second of L3 and L4 that fewer purposes need. */
    static final List<FieldRef> FIELDS = List.of(new FieldRef("companyName", Sensitivity.L1),
            new FieldRef("contactName", Sensitivity.L2), new FieldRef("phone", Sensitivity.L3),
            new FieldRef("address", Sensitivity.L3), new FieldRef("idNumber", Sensitivity.L4),
            new FieldRef("bankAccount", Sensitivity.L4));

    static final List<String> PURPOSES = java.util.Arrays.asList(null, "SALES_FOLLOW_UP", "CONTRACT", "PAYMENT",
            "CUSTOMS", "INSPECTION", "MARKETING");

    enum Relation { OWNER, DEPARTMENT, OTHER, BREAK_GLASS }

    enum Consent { FULL, WITHOUT_DECLARED_PURPOSE, NO_SENSITIVE_CONSENT, NONE }

    enum Training { PASS, EXPIRED, NO_AGREEMENT }

    @BeforeAll
    void shippedPolicy() {
        policy = ShippedPolicy.policy();
        purposeFields = new HashMap<>(ShippedPolicy.purposeFields());
    }

    static Stream<Arguments> rolesAndRelations() {
        List<Arguments> all = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Relation relation : Relation.values()) {
                all.add(Arguments.of(role, relation));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("rolesAndRelations")
    void everyCombinationDecidesAsTheIssueSays(Role role, Relation relation) {
        List<String> mismatches = new ArrayList<>();
        Set<Role> roles = role == Role.DEPT_HEAD ? EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD) : EnumSet.of(role);
        for (AccessAction action : AccessAction.values()) {
            for (String purpose : PURPOSES) {
                for (Consent consent : Consent.values()) {
                    for (Training training : Training.values()) {
                        AccessDecision decision = decide(roles, relation, action, purpose, consent, training);
                        boolean visible = expectedVisible(role, relation);
                        if (decision.visible() != visible) {
                            mismatches.add(action + "/" + purpose + ": visible " + decision.visible());
                        }
                        for (FieldRef field : FIELDS) {
                            FieldOutcome expected = expected(role, relation, field, action, purpose, consent, training);
                            FieldOutcome actual = decision.outcome(field.key());
                            if (expected != actual) {
                                mismatches.add(action + " " + field.key() + " for " + purpose + ", consent " + consent
                                        + ", training " + training + ": expected " + expected + ", got " + actual + " ("
                                        + decision.fields().get(field.key()) + ")");
                            }
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** The reason a person reads is the one that tells them what is missing. */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
    @CsvSource({
            // role,       relation,   field,       purpose,          consent,                  training,     reason
            "EMPLOYEE,     OWNER,      phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         revealed",
            "EMPLOYEE,     OWNER,      phone,       ,                 FULL,                     PASS,         purpose-required",
            "EMPLOYEE,     OWNER,      phone,       MARKETING,        FULL,                     PASS,         purpose-does-not-cover-field",
            "EMPLOYEE,     OWNER,      phone,       SALES_FOLLOW_UP,  WITHOUT_DECLARED_PURPOSE, PASS,         purpose-not-consented",
            "EMPLOYEE,     OWNER,      phone,       SALES_FOLLOW_UP,  FULL,                     EXPIRED,      training-expired",
            "EMPLOYEE,     OWNER,      phone,       SALES_FOLLOW_UP,  FULL,                     NO_AGREEMENT, agreement-missing",
            "EMPLOYEE,     OWNER,      phone,       INSPECTION,       FULL,                     PASS,         purpose-not-allowed",
            "EMPLOYEE,     OWNER,      idNumber,    SALES_FOLLOW_UP,  FULL,                     PASS,         purpose-not-allowed-for-level",
            "EMPLOYEE,     OWNER,      idNumber,    CONTRACT,         FULL,                     PASS,         revealed",
            "EMPLOYEE,     OWNER,      idNumber,    CONTRACT,         NO_SENSITIVE_CONSENT,     PASS,         sensitive-consent-missing",
            "EMPLOYEE,     OWNER,      contactName, MARKETING,        NONE,                     NO_AGREEMENT, shown",
            "EMPLOYEE,     DEPARTMENT, phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         not-revealable",
            "DEPT_HEAD,    DEPARTMENT, phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         revealed",
            "EMPLOYEE,     OTHER,      phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         no-rule",
            "ADMIN_OFFICER,OTHER,      phone,       INSPECTION,       FULL,                     PASS,         revealed",
            "ADMIN_OFFICER,OTHER,      phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         purpose-not-allowed",
            "ADMIN_OFFICER,OTHER,      idNumber,    INSPECTION,       FULL,                     PASS,         not-revealable",
            "MANAGEMENT,   OTHER,      phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         not-revealable",
            "SYSTEM_ADMIN, OTHER,      companyName, ,                 FULL,                     PASS,         no-rule",
            "EMPLOYEE,     BREAK_GLASS,phone,       SALES_FOLLOW_UP,  FULL,                     PASS,         revealed",
            "EMPLOYEE,     BREAK_GLASS,phone,       MARKETING,        FULL,                     PASS,         purpose-not-allowed",
    })
    void theReasonNamesWhatIsMissing(Role role, Relation relation, String field, @Nullable String purpose,
            Consent consent, Training training, String reason) {
        Set<Role> roles = role == Role.DEPT_HEAD ? EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD) : EnumSet.of(role);
        AccessDecision decision = decide(roles, relation, AccessAction.REVEAL, purpose, consent, training);
        assertThat(decision.fields().get(field).reason().code()).isEqualTo(reason);
    }

    @Test
    void inspectionAndBreakGlassRevealsAreFlaggedForReviewAndAnOwnersAreNot() {
        AccessDecision inspection = decide(EnumSet.of(Role.ADMIN_OFFICER), Relation.OTHER, AccessAction.REVEAL,
                "INSPECTION", Consent.FULL, Training.PASS);
        assertThat(inspection.fields().get("phone").review()).isTrue();
        assertThat(inspection.fields().get("phone").rule()).isEqualTo("administration");
        AccessDecision emergency = decide(EnumSet.of(Role.EMPLOYEE), Relation.BREAK_GLASS, AccessAction.REVEAL,
                "SALES_FOLLOW_UP", Consent.FULL, Training.PASS);
        assertThat(emergency.fields().get("phone").review()).isTrue();
        AccessDecision owner = decide(EnumSet.of(Role.EMPLOYEE), Relation.OWNER, AccessAction.REVEAL, "SALES_FOLLOW_UP",
                Consent.FULL, Training.PASS);
        assertThat(owner.fields().get("phone").review()).isFalse();
        assertThat(owner.fields().get("phone").rule()).isEqualTo("owner");
        assertThat(owner.policyVersion()).isEqualTo(policy.version());
    }

    /** Issue 13.3: a rule naming a role of separated duties, however it got into the policy, grants nothing. */
    @ParameterizedTest
    @CsvSource({"SECURITY_ADMIN", "SYSTEM_ADMIN", "AUDITOR"})
    void aRuleNamingARoleOfSeparatedDutiesGrantsThatRoleNothing(Role role) {
        List<AccessRule> rules = new ArrayList<>(policy.rules());
        rules.add(new AccessRule("planted", RuleRelation.ANY, EnumSet.of(role), EnumSet.allOf(AccessAction.class),
                Sensitivity.L4, Sensitivity.L4, null, Set.of(), Set.of(), false));
        AccessPolicy planted = new AccessPolicy(99, Instant.EPOCH, "intruder", "planted", rules);
        for (AccessAction action : AccessAction.values()) {
            AccessDecision decision = PolicyDecisionPoint.decide(planted, new Person(UUID.randomUUID(), EnumSet.of(role),
                    OTHER_DEPARTMENT, EmployeeStatus.ACTIVE), subject(), false, action, "CONTRACT", FIELDS,
                    facts("CONTRACT", Consent.FULL, Training.PASS));
            assertThat(decision.visible()).as(action.name()).isFalse();
            assertThat(decision.allowed()).as(action.name()).isFalse();
        }
        // The same rule still counts for the other roles it names: only the separated duty is ignored.
        AccessRule mixed = new AccessRule("mixed", RuleRelation.ANY, EnumSet.of(role, Role.MANAGEMENT),
                EnumSet.of(AccessAction.VIEW), Sensitivity.L2, Sensitivity.L4, null, Set.of(), Set.of(), false);
        assertThat(mixed.grants(EnumSet.of(role))).isFalse();
        assertThat(mixed.grants(EnumSet.of(Role.MANAGEMENT))).isTrue();
    }

    @Test
    void aDepartedPersonGetsNothingEvenAsOwner() {
        AccessDecision decision = PolicyDecisionPoint.decide(policy, new Person(OWNER, EnumSet.of(Role.EMPLOYEE),
                DEPARTMENT, EmployeeStatus.DEPARTED), subject(), false, AccessAction.VIEW, null, FIELDS,
                facts(null, Consent.FULL, Training.PASS));
        assertThat(decision.visible()).isFalse();
        assertThat(decision.with(FieldOutcome.DENY)).hasSize(FIELDS.size());
        assertThat(decision.refusal()).isEqualTo(Reason.ACCOUNT_INACTIVE);
    }

    @Test
    void withoutAnyRuleEverythingIsDenied() {
        AccessPolicy empty = new AccessPolicy(99, Instant.EPOCH, "test", "empty", List.of());
        AccessDecision decision = PolicyDecisionPoint.decide(empty, new Person(OWNER, EnumSet.allOf(Role.class),
                DEPARTMENT, EmployeeStatus.ACTIVE), subject(), true, AccessAction.VIEW, null, FIELDS,
                facts(null, Consent.FULL, Training.PASS));
        assertThat(decision.visible()).isFalse();
        assertThat(decision.allowed()).isFalse();
    }

    // --- the issue's table, as expectations ---

    static boolean expectedVisible(Role role, Relation relation) {
        return switch (role) {
            case ADMIN_OFFICER, MANAGEMENT -> true;
            case EMPLOYEE, DEPT_HEAD -> relation != Relation.OTHER;
            default -> false;
        };
    }

    FieldOutcome expected(Role role, Relation relation, FieldRef field, AccessAction action, @Nullable String purpose,
            Consent consent, Training training) {
        if (!expectedVisible(role, relation)) {
            return FieldOutcome.DENY;
        }
        boolean ownerLike = (role == Role.EMPLOYEE || role == Role.DEPT_HEAD) && relation == Relation.OWNER
                || role == Role.DEPT_HEAD && relation == Relation.DEPARTMENT;
        boolean breakGlass = relation == Relation.BREAK_GLASS;
        int level = field.level().level();
        switch (action) {
            case DELETE:
                return FieldOutcome.DENY;
            case EDIT:
                return ownerLike ? FieldOutcome.SHOW : FieldOutcome.DENY;
            case LIST, EXPORT:
                if (role == Role.ADMIN_OFFICER) {
                    return action == AccessAction.EXPORT ? FieldOutcome.DENY : level == 1 ? FieldOutcome.SHOW
                            : FieldOutcome.MASK;
                }
                if (breakGlass && role != Role.MANAGEMENT) {
                    return FieldOutcome.DENY;
                }
                return level <= 2 ? FieldOutcome.SHOW : FieldOutcome.MASK;
            case VIEW:
                if (role == Role.ADMIN_OFFICER && !breakGlass) {
                    return level == 1 ? FieldOutcome.SHOW : FieldOutcome.MASK;
                }
                return level <= 2 ? FieldOutcome.SHOW : FieldOutcome.MASK;
            case REVEAL:
            default:
                break;
        }
        // Reveal: what is shown anyway, then the purpose-bound reveal.
        int shown = role == Role.ADMIN_OFFICER && !breakGlass ? 1 : 2;
        if (level <= shown) {
            return FieldOutcome.SHOW;
        }
        Set<String> allowedPurposes = new HashSet<>();
        Set<String> sensitivePurposes = Set.of("CONTRACT", "PAYMENT", "CUSTOMS");
        if (ownerLike) {
            allowedPurposes.addAll(List.of("SALES_FOLLOW_UP", "CONTRACT", "DELIVERY", "PAYMENT", "CUSTOMS", "AFTER_SALES",
                    "COMPLAINT_HANDLING", "LEGAL_OBLIGATION", "MARKETING"));
        }
        if (breakGlass && role != Role.SYSTEM_ADMIN) {
            allowedPurposes.addAll(List.of("SALES_FOLLOW_UP", "CONTRACT", "DELIVERY", "PAYMENT", "CUSTOMS", "AFTER_SALES",
                    "COMPLAINT_HANDLING", "LEGAL_OBLIGATION"));
        }
        boolean inspection = role == Role.ADMIN_OFFICER && "INSPECTION".equals(purpose) && level <= 3;
        boolean byRule = purpose != null && allowedPurposes.contains(purpose)
                && (level < 4 || sensitivePurposes.contains(purpose));
        if (!inspection && !byRule) {
            return FieldOutcome.DENY;
        }
        if (!purposeFields.get(purpose).contains(field.key())) {
            return FieldOutcome.DENY;
        }
        if (consent == Consent.NONE || consent == Consent.WITHOUT_DECLARED_PURPOSE) {
            return FieldOutcome.DENY;
        }
        if (level == 4 && consent == Consent.NO_SENSITIVE_CONSENT) {
            return FieldOutcome.DENY;
        }
        // The agreement and training gate guards L3-L4 only.
        return level >= 3 && training != Training.PASS ? FieldOutcome.DENY : FieldOutcome.SHOW;
    }

    // --- fixtures ---

    AccessDecision decide(Set<Role> roles, Relation relation, AccessAction action, @Nullable String purpose,
            Consent consent, Training training) {
        UUID person = relation == Relation.OWNER ? OWNER : UUID.randomUUID();
        UUID department = relation == Relation.OWNER || relation == Relation.DEPARTMENT ? DEPARTMENT : OTHER_DEPARTMENT;
        return PolicyDecisionPoint.decide(policy, new Person(person, roles, department, EmployeeStatus.ACTIVE), subject(),
                relation == Relation.BREAK_GLASS, action, purpose, FIELDS, facts(purpose, consent, training));
    }

    static Subject subject() {
        return new Subject(UUID.nameUUIDFromBytes(new byte[] {1}), OWNER, DEPARTMENT);
    }

    DecisionFacts facts(@Nullable String purpose, Consent consent, Training training) {
        Set<String> consented = new HashSet<>(purposeFields.keySet());
        if (consent == Consent.WITHOUT_DECLARED_PURPOSE && purpose != null) {
            consented.remove(purpose);
        }
        ConsentState state = consent == Consent.NONE ? null : new ConsentState(subject().customerId(), 1, consented,
                consent != Consent.NO_SENSITIVE_CONSENT, false, Instant.EPOCH);
        GateAnswer gate = switch (training) {
            case PASS -> new GateAnswer(true, null, List.of());
            case EXPIRED -> new GateAnswer(false, GateAnswer.Reason.TRAINING_EXPIRED, List.of());
            case NO_AGREEMENT -> new GateAnswer(false, GateAnswer.Reason.AGREEMENT_MISSING, List.of());
        };
        return new DecisionFacts() {
            @Override
            public @Nullable ConsentState consent() {
                return state;
            }

            @Override
            public GateAnswer gate() {
                return gate;
            }

            @Override
            public Set<String> fieldsOf(String code) {
                return purposeFields.getOrDefault(code, Set.of());
            }
        };
    }
}
