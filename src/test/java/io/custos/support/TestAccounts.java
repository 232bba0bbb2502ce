package io.custos.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.codec.binary.Base32;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.identity.RoleGrantView;
import io.custos.identity.RoleGrants;
import io.custos.keys.DataKeys;

/**
 * Makes accounts for a test with plain SQL, so each test owns its people and no test's lockouts or
 * used codes leak into another.
 */
@TestComponent
public class TestAccounts {

    public static final String PASSWORD = "Test#Pass2026";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final DataKeys dataKeys;
    private final RoleGrants grants;

    public TestAccounts(JdbcClient jdbc, PasswordEncoder passwords, DataKeys dataKeys, RoleGrants grants) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.dataKeys = dataKeys;
        this.grants = grants;
    }

    /**
     * Roles that reach customer content, given to an account through the application (issue 13.2):
     * the system administrator's request is approved by a second person, a manager of the test's
     * own. Returns the approver.
     */
    public Account approvePendingRoles(Instant now, UUID employeeId) {
        Account manager = create(now, Set.of(Role.MANAGEMENT));
        CustosUser approver = new CustosUser(manager.id(), manager.username(), "Test manager", null,
                Set.of(Role.MANAGEMENT), EmployeeStatus.ACTIVE);
        List<RoleGrantView> pending = grants.pendingFor(employeeId);
        if (pending.isEmpty()) {
            throw new AssertionError("no role grant is waiting for " + employeeId);
        }
        pending.forEach(g -> grants.approve(g.id(), approver));
        return manager;
    }

    /** A department of the test's own that handles customer data (sales, administration...). */
    public UUID customerDepartment(String code) {
        UUID id = department(code);
        jdbc.sql("update department set handles_customer_data = true where id = ?").param(id).update();
        return id;
    }

    public record Account(UUID id, String username, @Nullable String totpSecret) {
    }

    public Account create(Instant now, Set<Role> roles) {
        return create(now, roles, null, false);
    }

    public Account create(Instant now, Set<Role> roles, @Nullable String totpSecret, boolean mustChangePassword) {
        UUID id = UUID.randomUUID();
        String username = "t" + SEQUENCE.incrementAndGet() + "." + id.toString().substring(0, 6);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into employee (id, username, display_name, status, password_hash, password_changed_at,
                    must_change_password, totp_secret, totp_enabled, created_at, department_history_since)
                values (?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, username, "Test " + username, passwords.encode(PASSWORD), at, mustChangePassword,
                        null, totpSecret != null, at, at)
                .update();
        if (totpSecret != null) {
            // Stored as the application stores it: encrypted under the employee's own data key.
            dataKeys.ensure(id);
            jdbc.sql("update employee set totp_secret = ? where id = ?")
                    .params(dataKeys.encrypt(id, "totpSecret", totpSecret), id).update();
        }
        for (Role role : roles) {
            jdbc.sql("insert into employee_role (employee_id, role) values (?, ?)").params(id, role.name()).update();
        }
        return new Account(id, username, totpSecret);
    }

    /** A department of the test's own; its code is its Chinese and English name too. */
    public UUID department(String code) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, ?, ?, current_timestamp)")
                .params(id, code, code, code).update();
        return id;
    }

    /**
     * Places a person just created: as if created in that department, so no move is recorded
     * (explanations replay only moves made through the application, issue 14.4).
     */
    public void moveTo(Account account, UUID departmentId) {
        jdbc.sql("update employee set department_id = ? where id = ?").params(departmentId, account.id()).update();
    }

    public static String totp(String base32Secret, Instant at) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
            return generator.generateOneTimePasswordString(
                    new javax.crypto.spec.SecretKeySpec(new Base32().decode(base32Secret), generator.getAlgorithm()), at);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newSecret() {
        byte[] bytes = new byte[20];
        new java.security.SecureRandom().nextBytes(bytes);
        return new Base32().encodeToString(bytes).replace("=", "");
    }
}
