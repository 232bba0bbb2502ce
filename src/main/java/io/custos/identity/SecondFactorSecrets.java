package io.custos.identity;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.keys.DataKeys;

/**
 * TOTP secrets are stored only encrypted, with a data key of the employee's own (the same Tink
 * AEAD the customer values use, bound to employee id and field), so a copy of the database does not
 * hand out second factors. Decrypted only to check a code or to show a pending enrolment to its owner.
 */
@Component
class SecondFactorSecrets {

    static final String FIELD = "totpSecret";
    /** A replacement being enrolled is bound to its own field, so it cannot be swapped in unconfirmed. */
    static final String REPLACEMENT_FIELD = "totpPendingSecret";

    private final EmployeeRepository employees;
    private final DataKeys dataKeys;

    SecondFactorSecrets(EmployeeRepository employees, DataKeys dataKeys) {
        this.employees = employees;
        this.dataKeys = dataKeys;
    }

    /** Starts an enrolment with this secret (not yet enabled). */
    void storePending(UUID employeeId, String secret) {
        employees.setPendingSecondFactor(employeeId, encrypt(employeeId, secret));
    }

    /** The stored form of a secret: ciphertext under the employee's data key (created on first use). */
    String encrypt(UUID employeeId, String secret) {
        dataKeys.ensure(employeeId);
        return dataKeys.encrypt(employeeId, FIELD, secret);
    }

    String encryptReplacement(UUID employeeId, String secret) {
        dataKeys.ensure(employeeId);
        return dataKeys.encrypt(employeeId, REPLACEMENT_FIELD, secret);
    }

    String revealReplacement(UUID employeeId, String stored) {
        return dataKeys.decrypt(employeeId, REPLACEMENT_FIELD, stored);
    }

    /** The secret in clear, or null when the employee has none. */
    @org.jspecify.annotations.Nullable
    String reveal(EmployeeRecord employee) {
        String stored = employee.totpSecret();
        return stored == null ? null : dataKeys.decrypt(employee.id(), FIELD, stored);
    }
}
