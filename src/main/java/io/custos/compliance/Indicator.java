package io.custos.compliance;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.custos.identity.Role;

/**
 * One live evidence query of the compliance map: what it counts, in which unit, whether it can be
 * computed for one department, and its default thresholds. For a figure where more is worse, the
 * reading is amber from {@code amber} and red from {@code red}; for a share where less is worse
 * (percentages), amber below {@code amber} and red below {@code red}. A reading without a value
 * ("never happened", e.g. no backup yet) is red when the indicator has thresholds. Fixed thresholds
 * are the policy's musts (no plaintext, no grant without an NDA, a verified audit chain): nobody
 * can tune them, so nobody can turn a breach green. Each indicator names the page that fixes it and
 * the roles that may open that page.
 */
public enum Indicator {

    // Encryption at rest (R-STO-1, R-STO-5)
    PLAINTEXT_CONFIDENTIAL_VALUES(Unit.COUNT, false, true, 1L, 1L, true, "/catalog", Role.SECURITY_ADMIN),
    ENCRYPTED_SHARE(Unit.PERCENT, false, false, 100L, 100L, true, "/catalog", Role.SECURITY_ADMIN),
    MASTER_KEY_AGE_DAYS(Unit.DAYS, false, true, 365L, 730L, false, null, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN),
    // Backups (R-STO-3)
    DAYS_SINCE_BACKUP(Unit.DAYS, false, true, 2L, 8L, false, "/backups", Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
    DAYS_SINCE_RESTORE_DRILL(Unit.DAYS, false, true, 92L, 184L, false, "/backups", Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
    // Consent (R-COL-1, R-COL-4)
    CUSTOMERS_WITHOUT_CONSENT(Unit.COUNT, true, true, 1L, 20L, false, "/customers", Role.DEPT_HEAD, Role.ADMIN_OFFICER),
    // Sharing (R-USE-3, R-USE-4, R-ORG-3)
    ACTIVE_GRANTS(Unit.COUNT, true, true, null, null, false, "/sharing/grants", Role.DEPT_HEAD, Role.ADMIN_OFFICER,
            Role.SECURITY_ADMIN),
    GRANTS_WITHOUT_VALID_NDA(Unit.COUNT, true, true, 1L, 1L, true, "/sharing/grants", Role.ADMIN_OFFICER,
            Role.SECURITY_ADMIN),
    // Exports (R-USE-5)
    EXPORTS_AWAITING_APPROVAL(Unit.COUNT, true, true, 1L, 10L, false, "/sharing/exports", Role.DEPT_HEAD,
            Role.SECURITY_ADMIN),
    // Emergency access (R-USE-6)
    BREAK_GLASS_UNREVIEWED(Unit.COUNT, true, true, 1L, 5L, false, "/access/reviews", Role.SECURITY_ADMIN,
            Role.DEPT_HEAD),
    // Retention and destruction (R-DEL-1, R-DEL-2)
    CUSTOMERS_PAST_RETENTION(Unit.COUNT, true, true, 1L, 50L, false, "/retention/due", Role.ADMIN_OFFICER,
            Role.DEPT_HEAD),
    DAYS_SINCE_SWEEP(Unit.DAYS, false, true, 2L, 8L, false, "/retention/due", Role.ADMIN_OFFICER),
    OPEN_DESTRUCTION_BATCHES(Unit.COUNT, false, true, 1L, 10L, false, "/retention/batches", Role.ADMIN_OFFICER),
    // Policy, training and agreements (R-EMP-1, R-EMP-2, R-EMP-4)
    TRAINING_COMPLETION(Unit.PERCENT, true, false, 95L, 80L, false, "/training/reports", Role.ADMIN_OFFICER,
            Role.DEPT_HEAD),
    POLICY_NOT_ACKNOWLEDGED(Unit.COUNT, true, true, 1L, 5L, false, "/training/documents", Role.ADMIN_OFFICER,
            Role.DEPT_HEAD),
    AGREEMENTS_NOT_ACCEPTED(Unit.COUNT, true, true, 1L, 5L, false, "/training/documents", Role.ADMIN_OFFICER,
            Role.DEPT_HEAD),
    DAYS_SINCE_POLICY_REVIEW(Unit.DAYS, false, true, 365L, 456L, false, "/training/documents", Role.ADMIN_OFFICER),
    // Handover (R-EMP-5)
    OVERDUE_HANDOVERS(Unit.COUNT, true, true, 1L, 3L, false, "/handovers", Role.DEPT_HEAD, Role.ADMIN_OFFICER),
    // Customers' requests (R-CUS-1, R-CUS-2)
    OVERDUE_CASES(Unit.COUNT, true, true, 1L, 5L, false, "/cases", Role.DEPT_HEAD, Role.ADMIN_OFFICER),
    // Risk reports and incidents (R-EMP-3, R-SUP-7)
    OPEN_INCIDENTS(Unit.COUNT, false, true, null, null, false, "/incidents", Role.SECURITY_ADMIN, Role.MANAGEMENT),
    OVERDUE_INCIDENT_CLOCKS(Unit.COUNT, false, true, 1L, 1L, false, "/incidents", Role.SECURITY_ADMIN,
            Role.MANAGEMENT),
    // Inspections and rectifications (R-SUP-1, R-SUP-2)
    OPEN_FINDINGS(Unit.COUNT, true, true, 1L, 10L, false, "/supervision/inspections", Role.ADMIN_OFFICER, Role.DEPT_HEAD,
            Role.AUDITOR),
    OVERDUE_RECTIFICATIONS(Unit.COUNT, true, true, 1L, 3L, false, "/supervision/rectifications", Role.ADMIN_OFFICER,
            Role.DEPT_HEAD, Role.AUDITOR),
    // Monitoring (R-SUP-3)
    UNTRIAGED_ALERTS(Unit.COUNT, true, true, 1L, 10L, false, "/monitoring/alerts", Role.SECURITY_ADMIN,
            Role.DEPT_HEAD, Role.AUDITOR),
    // Whistleblowing (R-SUP-4)
    REPORTS_PAST_ANSWER_DATE(Unit.COUNT, false, true, 1L, 1L, false, "/whistleblowing/reports", Role.ADMIN_OFFICER,
            Role.AUDITOR),
    // Security assessments (R-IT-2)
    DAYS_SINCE_ASSESSMENT(Unit.DAYS, false, true, 183L, 366L, false, "/supervision/assessments", Role.SECURITY_ADMIN),
    OVERDUE_VULNERABILITIES(Unit.COUNT, false, true, 1L, 3L, false, "/supervision/vulnerabilities", Role.SECURITY_ADMIN),
    // Authentication (R-IT-1)
    PRIVILEGED_WITHOUT_SECOND_FACTOR(Unit.COUNT, false, true, 1L, 1L, true, "/admin/employees", Role.SYSTEM_ADMIN),
    // Audit log (R-AUD-1, R-AUD-2, R-STO-2)
    DAYS_SINCE_CHAIN_VERIFICATION(Unit.DAYS, false, true, 2L, 8L, false, "/audit/verify", Role.AUDITOR,
            Role.SECURITY_ADMIN),
    CHAINS_FAILING_VERIFICATION(Unit.COUNT, false, true, 1L, 1L, true, "/audit/verify", Role.AUDITOR,
            Role.SECURITY_ADMIN);

    /** How a value reads. DAYS are whole days elapsed since the evidence's time, in the company's zone. */
    public enum Unit {
        COUNT, PERCENT, DAYS
    }

    private final Unit unit;
    private final boolean departmental;
    private final boolean higherIsWorse;
    private final @Nullable Long amber;
    private final @Nullable Long red;
    private final boolean fixed;
    private final @Nullable String link;
    private final List<Role> linkRoles;

    Indicator(Unit unit, boolean departmental, boolean higherIsWorse, @Nullable Long amber, @Nullable Long red,
            boolean fixed, @Nullable String link, Role... linkRoles) {
        this.unit = unit;
        this.departmental = departmental;
        this.higherIsWorse = higherIsWorse;
        this.amber = amber;
        this.red = red;
        this.fixed = fixed;
        this.link = link;
        this.linkRoles = List.of(linkRoles);
    }

    public Unit unit() {
        return unit;
    }

    /** Whether the figure can be computed for one department (otherwise it is company-wide only). */
    public boolean departmental() {
        return departmental;
    }

    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    /** The default thresholds, or none for a figure shown without judgement. */
    public @Nullable Thresholds defaults() {
        return amber == null || red == null ? null : new Thresholds(amber, red);
    }

    /** Whether the thresholds are the policy's musts, which nobody may tune. */
    public boolean fixed() {
        return fixed;
    }

    /** The page where the cause is seen and fixed, if it has a page (the master key is rotated by command). */
    public @Nullable String link() {
        return link;
    }

    public List<Role> linkRoles() {
        return linkRoles;
    }
}
