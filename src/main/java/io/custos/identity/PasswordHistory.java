package io.custos.identity;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * A person's earlier passwords, as hashes only (ASVS 6.2.x: not one of the last few). The hash a
 * change replaces is kept by {@link EmployeeRepository#updatePassword} in the same statement batch as
 * the change, whoever makes it (the person, or an administrator's reset), so no path forgets it.
 */
@Repository
class PasswordHistory {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    PasswordHistory(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    /**
     * Whether the candidate is the current password or one of the {@code last - 1} before it.
     * Checks every kept hash (each a full password-hash computation), so it runs only on a change.
     */
    boolean reused(UUID employeeId, String currentHash, String candidate, int last) {
        if (passwords.matches(candidate, currentHash)) {
            return true;
        }
        return earlier(employeeId, last - 1).stream().anyMatch(hash -> passwords.matches(candidate, hash));
    }

    /** Keeps the newest {@code keep} earlier hashes of the person and forgets the rest. */
    void trim(UUID employeeId, int keep) {
        List<UUID> older = jdbc.sql("select id from password_history where employee_id = ? order by replaced_at desc, id")
                .param(employeeId).query(UUID.class).list();
        for (UUID id : older.subList(Math.min(keep, older.size()), older.size())) {
            jdbc.sql("delete from password_history where id = ?").param(id).update();
        }
    }

    private List<String> earlier(UUID employeeId, int count) {
        if (count <= 0) {
            return List.of();
        }
        return jdbc.sql("select password_hash from password_history where employee_id = ? "
                + "order by replaced_at desc, id").param(employeeId).query(String.class).list()
                .stream().limit(count).toList();
    }
}
