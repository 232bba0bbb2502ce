package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.shared.DomainException;

/**
 * The reason an administrator gives for a destructive action on an account (issue 14.12). Audit
 * details take only ids and codes, so the text is kept here, like an access-policy version keeps
 * its reason, and the event names the row ({@code reasonId}). It is about the account, never
 * about a customer.
 */
@Component
class AdminReasons {

    static final int MAX = 500;

    private final JdbcClient jdbc;
    private final Clock clock;

    AdminReasons(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Refuses a missing, over-long or control-character reason (422 naming {@code reason}). */
    static String require(@Nullable String reason) {
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) {
            throw DomainException.unprocessable("admin-reason-required", Map.of("field", "reason"));
        }
        if (text.length() > MAX || hasControlCharacters(text)) {
            throw DomainException.unprocessable("admin-reason-invalid", Map.of("field", "reason", "max", MAX), MAX);
        }
        return text;
    }

    static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }

    /** @return the id the audit event names */
    UUID record(UUID employeeId, String action, String reason, UUID by) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into employee_admin_reason (id, employee_id, action, reason, recorded_by, recorded_at)
                values (?, ?, ?, ?, ?, ?)""").params(id, employeeId, action, reason, by, at(clock.instant())).update();
        return id;
    }
}
