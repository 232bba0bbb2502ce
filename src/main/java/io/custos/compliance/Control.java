package io.custos.compliance;

import java.util.List;

import static io.custos.compliance.Indicator.*;

/**
 * A control of Custos that implements part of the policy: the requirements it meets and the live
 * evidence that shows it working. The map of a policy version says which clause each control serves.
 */
public enum Control {

    CLASSIFICATION_AND_ENCRYPTION(List.of("R-COL-3", "R-STO-1", "R-STO-2", "R-STO-5", "R-STO-6"),
            PLAINTEXT_CONFIDENTIAL_VALUES, ENCRYPTED_SHARE, MASTER_KEY_AGE_DAYS),
    BACKUPS(List.of("R-STO-3"), DAYS_SINCE_BACKUP, DAYS_SINCE_RESTORE_DRILL),
    CONSENT(List.of("R-COL-1", "R-COL-2", "R-COL-4", "R-COL-5", "R-USE-2"), CUSTOMERS_WITHOUT_CONSENT),
    SHARING_GRANTS(List.of("R-USE-3", "R-USE-4", "R-ORG-3"), ACTIVE_GRANTS, GRANTS_WITHOUT_VALID_NDA),
    EXPORT_APPROVAL(List.of("R-USE-5"), EXPORTS_AWAITING_APPROVAL),
    EMERGENCY_ACCESS(List.of("R-USE-6"), BREAK_GLASS_UNREVIEWED),
    RETENTION_AND_DESTRUCTION(List.of("R-DEL-1", "R-DEL-2", "R-DEL-4", "R-DEL-5"), CUSTOMERS_PAST_RETENTION,
            DAYS_SINCE_SWEEP, OPEN_DESTRUCTION_BATCHES),
    POLICY_AND_TRAINING(List.of("R-EMP-1", "R-EMP-2"), TRAINING_COMPLETION, POLICY_NOT_ACKNOWLEDGED),
    POLICY_REVIEW(List.of("R-EMP-1"), DAYS_SINCE_POLICY_REVIEW),
    AGREEMENTS(List.of("R-EMP-4"), AGREEMENTS_NOT_ACCEPTED),
    HANDOVER(List.of("R-EMP-5"), OVERDUE_HANDOVERS),
    CUSTOMER_REQUESTS(List.of("R-CUS-1", "R-CUS-2"), OVERDUE_CASES),
    RISK_REPORTS_AND_INCIDENTS(List.of("R-EMP-3", "R-SUP-7"), OPEN_INCIDENTS, OVERDUE_INCIDENT_CLOCKS),
    INSPECTIONS(List.of("R-SUP-1", "R-SUP-2"), OPEN_FINDINGS, OVERDUE_RECTIFICATIONS),
    MONITORING(List.of("R-SUP-3", "R-USE-1"), UNTRIAGED_ALERTS),
    WHISTLEBLOWING(List.of("R-SUP-4"), REPORTS_PAST_ANSWER_DATE),
    SECURITY_ASSESSMENT(List.of("R-IT-2"), DAYS_SINCE_ASSESSMENT, OVERDUE_VULNERABILITIES),
    AUTHENTICATION(List.of("R-IT-1", "R-STO-4"), PRIVILEGED_WITHOUT_SECOND_FACTOR),
    AUDIT_LOG(List.of("R-AUD-1", "R-AUD-2", "R-AUD-3"), DAYS_SINCE_CHAIN_VERIFICATION, CHAINS_FAILING_VERIFICATION);

    private final List<String> requirements;
    private final List<Indicator> indicators;

    Control(List<String> requirements, Indicator... indicators) {
        this.requirements = requirements;
        this.indicators = List.of(indicators);
    }

    public List<String> requirements() {
        return requirements;
    }

    public List<Indicator> indicators() {
        return indicators;
    }
}
