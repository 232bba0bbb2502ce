package io.custos.customer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Who owns which customer, and moving ownership to a successor when someone leaves or changes post
 * (R-EMP-5). Only the handover calls {@link #transfer}: it has checked that the successor may own
 * the customer, and it records the case; here the move itself is guarded against a stale view (the
 * customer must still belong to {@code from}) and audited per customer.
 */
@Service
public class CustomerOwnership {

    private final JdbcClient jdbc;
    private final CustomerAudit audit;
    private final Clock clock;

    CustomerOwnership(JdbcClient jdbc, CustomerAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A customer someone owns: ids only (the company name, where public, comes from the access module's subjects). */
    public record Owned(UUID customerId, @Nullable UUID departmentId) {
    }

    /** The live customers this person owns, oldest first. */
    @Transactional(readOnly = true)
    public List<Owned> ownedBy(UUID ownerId) {
        return jdbc.sql("select id, department_id from customer where owner_id = ? and destroyed_at is null "
                + "order by created_at, id")
                .param(ownerId)
                .query((rs, n) -> new Owned(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    /** How many live customers this person owns. */
    @Transactional(readOnly = true)
    public long countOwnedBy(UUID ownerId) {
        return jdbc.sql("select count(*) from customer where owner_id = ? and destroyed_at is null")
                .param(ownerId).query(Long.class).single();
    }

    /**
     * Moves each customer from {@code from} to {@code to}, with one audit event per customer
     * ({@code customer.owner.transferred}, naming both and the handover case).
     *
     * @throws DomainException 409 {@code handover-item-changed} when any of them no longer belongs to
     *         {@code from} (destroyed, or moved meanwhile); nothing moves then
     */
    @Transactional
    public void transfer(List<UUID> customerIds, UUID from, UUID to, UUID caseId, Actor by) {
        if (customerIds.isEmpty()) {
            return;
        }
        java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
        Map<UUID, Map<String, ?>> events = new LinkedHashMap<>();
        for (UUID id : customerIds) {
            int moved = jdbc.sql("update customer set owner_id = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and owner_id = ? and destroyed_at is null").params(to, now, id, from).update();
            if (moved != 1) {
                // Rolls back the ones already moved in this call: all or nothing.
                throw DomainException.conflict("handover-item-changed");
            }
            events.put(id, Map.of("fromOwner", from, "toOwner", to, "handover", caseId));
        }
        audit.customersBy(by, "customer.owner.transferred", events);
    }
}
