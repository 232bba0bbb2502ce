package io.custos.incident;

/** What kind of risk an employee reports. */
public enum RiskCategory {
    SUSPECTED_LEAK, LOST_DEVICE, PHISHING, UNSAFE_PRACTICE, ACCESS_PROBLEM, SYSTEM_WEAKNESS, OTHER
}
