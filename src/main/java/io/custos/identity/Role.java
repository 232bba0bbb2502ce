package io.custos.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The nine roles of the policy (REQUIREMENTS.md, R-ORG-2). A role grants nothing beyond its row;
 * what each may do with customer data is decided by the access module.
 */
public enum Role {
    EMPLOYEE,
    DEPT_HEAD,
    ADMIN_OFFICER,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    AUDITOR,
    MANAGEMENT,
    PARTNER,
    CUSTOMER;

    /** 三员分立: the system admin, the security admin and the auditor are three different people. */
    public static final Set<Role> SEPARATED_DUTIES = EnumSet.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);

    /**
     * Roles that reach customer content (masked or not) through the access policy. None of them may
     * be held together with a separated duty, and granting one takes a second person's approval.
     */
    public static final Set<Role> CUSTOMER_CONTENT = EnumSet.of(EMPLOYEE, DEPT_HEAD, ADMIN_OFFICER, MANAGEMENT);

    /** Roles whose holders must sign in with a second factor. */
    public static final Set<Role> SECOND_FACTOR_REQUIRED = EnumSet.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR, MANAGEMENT);

    /** Roles an employee account can hold; partners and customers have accounts of their own kind. */
    public static final Set<Role> STAFF = EnumSet.of(EMPLOYEE, DEPT_HEAD, ADMIN_OFFICER, SECURITY_ADMIN,
            SYSTEM_ADMIN, AUDITOR, MANAGEMENT);

    public String authority() {
        return "ROLE_" + name();
    }

    public static boolean requiresSecondFactor(Collection<Role> roles) {
        return roles.stream().anyMatch(SECOND_FACTOR_REQUIRED::contains);
    }

    public static boolean reachesCustomerContent(Collection<Role> roles) {
        return roles.stream().anyMatch(CUSTOMER_CONTENT::contains);
    }

    public static long separatedDutiesHeld(Collection<Role> roles) {
        return roles.stream().filter(SEPARATED_DUTIES::contains).count();
    }
}
