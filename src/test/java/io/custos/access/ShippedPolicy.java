package io.custos.access;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.custos.identity.Role;
import io.custos.shared.Sensitivity;

/**
 * The default policy of migration V15 and the purposes' fields of migration V10 as Java, for the
 * decision table and the benchmarks, which run without a database; {@code AccessPolicyApprovalTests}
 * checks that both equal what is stored.
 */
public final class ShippedPolicy {

    private ShippedPolicy() {
    }

    private static final Set<String> BUSINESS = Set.of("AFTER_SALES", "COMPLAINT_HANDLING", "CONTRACT", "CUSTOMS",
            "DELIVERY", "LEGAL_OBLIGATION", "PAYMENT", "SALES_FOLLOW_UP");
    private static final Set<String> SENSITIVE = Set.of("CONTRACT", "CUSTOMS", "PAYMENT");

    public static List<AccessRule> rules() {
        Set<String> withMarketing = new java.util.TreeSet<>(BUSINESS);
        withMarketing.add("MARKETING");
        Set<AccessAction> ownerActions = EnumSet.of(AccessAction.LIST, AccessAction.VIEW, AccessAction.REVEAL,
                AccessAction.EDIT, AccessAction.EXPORT);
        Set<AccessAction> lookOnly = EnumSet.of(AccessAction.LIST, AccessAction.VIEW, AccessAction.EXPORT);
        return List.of(
                new AccessRule("owner", RuleRelation.OWNER, EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD), ownerActions,
                        Sensitivity.L2, Sensitivity.L4, Sensitivity.L4, withMarketing, SENSITIVE, false),
                new AccessRule("department-head", RuleRelation.DEPARTMENT, EnumSet.of(Role.DEPT_HEAD), ownerActions,
                        Sensitivity.L2, Sensitivity.L4, Sensitivity.L4, withMarketing, SENSITIVE, false),
                new AccessRule("department-colleague", RuleRelation.DEPARTMENT, EnumSet.of(Role.EMPLOYEE), lookOnly,
                        Sensitivity.L2, Sensitivity.L4, null, Set.of(), Set.of(), false),
                new AccessRule("administration", RuleRelation.ANY, EnumSet.of(Role.ADMIN_OFFICER),
                        EnumSet.of(AccessAction.LIST, AccessAction.VIEW, AccessAction.REVEAL), Sensitivity.L1,
                        Sensitivity.L4, Sensitivity.L3, Set.of("INSPECTION"), Set.of(), true),
                new AccessRule("management", RuleRelation.ANY, EnumSet.of(Role.MANAGEMENT), lookOnly, Sensitivity.L2,
                        Sensitivity.L4, null, Set.of(), Set.of(), false),
                new AccessRule("break-glass", RuleRelation.BREAK_GLASS, EnumSet.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD,
                        Role.EMPLOYEE, Role.MANAGEMENT), EnumSet.of(AccessAction.VIEW, AccessAction.REVEAL),
                        Sensitivity.L2, Sensitivity.L4, Sensitivity.L4, BUSINESS, SENSITIVE, true));
    }

    /** The rule migration V55 adds in a new version (issue 15.4): what a grant's recipient may do at most. */
    public static AccessRule grantRule() {
        Set<String> withMarketing = new java.util.TreeSet<>(BUSINESS);
        withMarketing.add("MARKETING");
        return new AccessRule("grant-recipient", RuleRelation.GRANT, EnumSet.of(Role.DEPT_HEAD, Role.EMPLOYEE,
                Role.PARTNER), EnumSet.of(AccessAction.LIST, AccessAction.VIEW, AccessAction.REVEAL), Sensitivity.L2,
                Sensitivity.L4, Sensitivity.L4, withMarketing, SENSITIVE, false);
    }

    /** Version 1 and the grant rule: the policy a fresh installation runs. */
    public static AccessPolicy withGrants() {
        List<AccessRule> rules = new java.util.ArrayList<>(rules());
        rules.add(grantRule());
        return new AccessPolicy(2, Instant.EPOCH, "system", "Sharing grants", rules);
    }

    public static AccessPolicy policy() {
        return new AccessPolicy(1, Instant.EPOCH, "system", "Default policy shipped with Custos", rules());
    }

    /** Which fields each shipped purpose needs (migration V10). */
    public static java.util.Map<String, Set<String>> purposeFields() {
        java.util.Map<String, Set<String>> fields = new java.util.LinkedHashMap<>();
        fields.put("SALES_FOLLOW_UP", Set.of("companyName", "industry", "city", "country", "contactName", "jobTitle", "businessNeeds", "tags", "phone", "email"));
        fields.put("CONTRACT", Set.of("companyName", "city", "country", "contactName", "jobTitle", "phone", "email", "address", "transactionNotes", "idNumber", "bankAccount", "pricingStrategy"));
        fields.put("DELIVERY", Set.of("companyName", "city", "country", "contactName", "phone", "address"));
        fields.put("PAYMENT", Set.of("companyName", "contactName", "phone", "email", "bankAccount", "financialInfo"));
        fields.put("CUSTOMS", Set.of("companyName", "country", "contactName", "address", "idNumber"));
        fields.put("AFTER_SALES", Set.of("companyName", "contactName", "phone", "email", "address", "transactionNotes"));
        fields.put("COMPLAINT_HANDLING", Set.of("companyName", "contactName", "phone", "email", "transactionNotes"));
        fields.put("INSPECTION", Set.of("companyName", "contactName", "phone", "email", "address", "transactionNotes"));
        fields.put("LEGAL_OBLIGATION", Set.of("companyName", "contactName", "address", "idNumber", "transactionNotes", "financialInfo"));
        fields.put("MARKETING", Set.of("companyName", "industry", "city", "country", "contactName", "jobTitle", "businessNeeds", "tags", "email"));
        return fields;
    }
}
