package io.custos.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Customers, partners and sharing grants written straight into the tables, as the record of
 * processing activities and the legal thresholds find them: the tests are about what is counted,
 * not about how a grant comes to be (the sharing tests cover that).
 */
final class ProcessingFixture {

    private final JdbcClient jdbc;
    private final UUID employee;

    ProcessingFixture(JdbcClient jdbc, UUID employee) {
        this.jdbc = jdbc;
        this.employee = employee;
    }

    UUID customer(UUID department, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version) "
                + "values (?, ?, ?, ?, ?, ?, 0)")
                .params(id, employee, department, utc(now), employee, utc(now)).update();
        // As the registry does: no customer without the consent it was created with (ConsentTests checks it).
        jdbc.sql("insert into consent_state (customer_id, notice_version, purposes, sensitive_consent, "
                + "third_party_consent, updated_at) values (?, 1, 'SALES_FOLLOW_UP', false, false, ?)")
                .params(id, utc(now)).update();
        return id;
    }

    void destroy(UUID customer, Instant now) {
        jdbc.sql("update customer set destroyed_at = ? where id = ?").params(utc(now), customer).update();
    }

    UUID partner(String name, String country, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into partner (id, name_zh, name_en, type, country, reassess_on, active, created_by, created_at, "
                + "updated_at) values (?, ?, ?, 'FREIGHT_FORWARDER', ?, ?, true, ?, ?, ?)")
                .params(id, name + "货代", name, country, LocalDate.now().plusYears(1), employee, utc(now), utc(now))
                .update();
        return id;
    }

    /** A grant from the department to the recipient, for the purpose and fields, giving access from..until. */
    UUID grant(UUID department, String recipientType, UUID recipient, String purpose, String fields, Instant from,
            Instant until, @Nullable Instant revokedAt, List<UUID> customers) {
        UUID request = UUID.randomUUID();
        jdbc.sql("insert into sharing_request (id, requester_id, department_id, recipient_type, recipient_id, purpose, "
                + "fields, selection, valid_from, valid_until, justification, needs_admin, status, created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, 'LIST', ?, ?, 'Test', false, 'APPROVED', ?)")
                .params(request, employee, department, recipientType, recipient, purpose, fields, utc(from), utc(until),
                        utc(from.minus(Duration.ofHours(1))))
                .update();
        UUID grant = UUID.randomUUID();
        jdbc.sql("insert into sharing_grant (id, request_id, recipient_type, recipient_id, purpose, fields, valid_from, "
                + "valid_until, created_at, revoked_at, end_announced) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)")
                .params(grant, request, recipientType, recipient, purpose, fields, utc(from), utc(until), utc(from),
                        revokedAt == null ? null : utc(revokedAt))
                .update();
        for (UUID customer : customers) {
            jdbc.sql("insert into sharing_grant_customer (grant_id, customer_id) values (?, ?)").params(grant, customer)
                    .update();
        }
        return grant;
    }

    /** An export package under the grant, decided (APPROVED or REFUSED) at {@code decidedAt}. */
    UUID exportPackage(UUID grant, String purpose, String fields, String state, Instant decidedAt, List<UUID> customers) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into export_package (id, requester_id, grant_id, purpose, fields, filters, justification, "
                + "customer_count, state, requested_at, decided_at, decided_by) "
                + "values (?, ?, ?, ?, ?, '', 'Test', ?, ?, ?, ?, ?)")
                .params(id, employee, grant, purpose, fields, customers.size(), state, utc(decidedAt.minusSeconds(60)),
                        utc(decidedAt), employee)
                .update();
        int position = 0;
        for (UUID customer : customers) {
            jdbc.sql("insert into export_package_customer (package_id, position, customer_id) values (?, ?, ?)")
                    .params(id, position++, customer).update();
        }
        return id;
    }

    static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
