package io.custos.identity;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * On the very first start of an empty database (outside the demo), creates the one system
 * administrator {@code admin} with a one-time password that must be changed at first sign-in.
 * <p>
 * The password goes straight to the console, deliberately not through the logger, so it never
 * reaches a log file or a log shipper; it is printed this once and stored only as a hash.
 */
@Component
@Profile("!demo")
@Order(10)
class FirstStartAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStartAdmin.class);
    static final String USERNAME = "admin";

    private final EmployeeRepository employees;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;
    private final IdentityAudit audit;
    private final Clock clock;
    private final PrintStream console;

    @org.springframework.beans.factory.annotation.Autowired
    FirstStartAdmin(EmployeeRepository employees, PasswordPolicy policy, PasswordEncoder passwords,
            TransactionTemplate transactions, IdentityAudit audit, Clock clock) {
        this(employees, policy, passwords, transactions, audit, clock, System.out);
    }

    FirstStartAdmin(EmployeeRepository employees, PasswordPolicy policy, PasswordEncoder passwords,
            TransactionTemplate transactions, IdentityAudit audit, Clock clock, PrintStream console) {
        this.audit = audit;
        this.employees = employees;
        this.policy = policy;
        this.passwords = passwords;
        this.transactions = transactions;
        this.clock = clock;
        this.console = console;
    }

    @Override
    public void run(ApplicationArguments args) {
        String oneTimePassword = policy.oneTimePassword();
        Boolean created = transactions.execute(status -> {
            if (employees.count() > 0) {
                return false;
            }
            UUID id = UUID.randomUUID();
            employees.insert(id, USERNAME, "System administrator", null, null, null, EmployeeStatus.ACTIVE,
                    passwords.encode(oneTimePassword), true, clock.instant());
            employees.replaceRoles(id, Set.of(Role.SYSTEM_ADMIN));
            audit.accountBy(Actor.system("first-start"), "identity.employee.created", AuditOutcome.ALLOWED, id,
                    java.util.Map.of("roles", java.util.List.of(Role.SYSTEM_ADMIN.name())));
            return true;
        });
        if (Boolean.TRUE.equals(created)) {
            log.warn("First start: created the system administrator '{}'; its one-time password is on the console", USERNAME);
            console.println();
            console.println("================================================================");
            console.println(" Custos first start: system administrator account created");
            console.println("   username: " + USERNAME);
            console.println("   one-time password: " + oneTimePassword);
            console.println(" Sign in at /login; you must choose a new password and enrol a");
            console.println(" second factor. This password is shown only this once.");
            console.println("================================================================");
            console.println();
        }
    }
}
