package io.custos.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The business dates of live customers, for the retention sweep and destruction (issue 16): who owns
 * each, its department, when it was created, last contacted and last traded with. Dates and ids
 * only, never a value; the retention module asks here instead of reading the customer tables.
 */
@Service
@Transactional(readOnly = true)
public class CustomerActivity {

    private static final String COLUMNS = "id, owner_id, department_id, last_contact_on, last_transaction_on, created_at";
    private static final RowMapper<Activity> MAPPER = (rs, n) -> new Activity(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, LocalDate.class),
            rs.getObject(5, LocalDate.class), rs.getObject(6, OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    CustomerActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A live customer's owner, department and business dates. */
    public record Activity(UUID customerId, UUID ownerId, @Nullable UUID departmentId, @Nullable LocalDate lastContactOn,
            @Nullable LocalDate lastTransactionOn, Instant createdAt) {
    }

    /**
     * Prospects (no transaction recorded) last contacted on or before {@code contactedBy}, or never
     * contacted and created before {@code createdBefore}.
     */
    public List<Activity> prospectsQuietSince(LocalDate contactedBy, Instant createdBefore) {
        return jdbc.sql("select " + COLUMNS + " from customer where destroyed_at is null and last_transaction_on is null "
                + "and (last_contact_on <= ? or (last_contact_on is null and created_at < ?))")
                .params(java.sql.Date.valueOf(contactedBy), createdBefore.atOffset(ZoneOffset.UTC)).query(MAPPER).list();
    }

    /** Customers whose last transaction was on or before the day. */
    public List<Activity> customersQuietSince(LocalDate tradedBy) {
        return jdbc.sql("select " + COLUMNS + " from customer where destroyed_at is null and last_transaction_on <= ?")
                .param(java.sql.Date.valueOf(tradedBy)).query(MAPPER).list();
    }

    /** These customers, those still live, in no particular order. */
    public List<Activity> of(Collection<UUID> customerIds) {
        List<UUID> ids = List.copyOf(customerIds);
        List<Activity> found = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += CustomerErasure.CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CustomerErasure.CHUNK));
            found.addAll(jdbc.sql("select " + COLUMNS + " from customer where destroyed_at is null and id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")
                    .params(List.copyOf(chunk)).query(MAPPER).list());
        }
        return found;
    }
}
