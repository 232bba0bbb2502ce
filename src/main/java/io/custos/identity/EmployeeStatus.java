package io.custos.identity;

/** An employee's standing. A departed employee can no longer sign in. */
public enum EmployeeStatus {
    ACTIVE,
    ON_NOTICE,
    DEPARTED
}
