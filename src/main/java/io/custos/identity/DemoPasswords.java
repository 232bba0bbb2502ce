package io.custos.identity;

import java.time.Clock;
import java.util.UUID;

import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo company's published password ({@code Demo#2026}) for an account another module's demo
 * data creates, such as the partner's user: such an account gets its one-time password by link like
 * any other, and the demo then sets the published one. Exists only in the {@code demo} profile.
 */
@Component
@Profile("demo")
public class DemoPasswords {

    private final EmployeeRepository employees;
    private final PasswordEncoder passwords;
    private final Clock clock;

    DemoPasswords(EmployeeRepository employees, PasswordEncoder passwords, Clock clock) {
        this.employees = employees;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Sets the published demo password, already chosen (no change asked at first sign-in). */
    public void publish(UUID employeeId) {
        employees.updatePassword(employeeId, passwords.encode(DemoAccounts.PASSWORD), false, clock.instant());
    }
}
