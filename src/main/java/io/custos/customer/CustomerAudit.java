package io.custos.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;

/** The customer module's audit vocabulary; ids and field names only, never a value. */
@Component
class CustomerAudit {

    static final String CUSTOMER = "customer";
    static final String FIELD = "catalog-field";
    static final String IMPORT = "customer-import";

    private final AuditLog audit;

    CustomerAudit(AuditLog audit) {
        this.audit = audit;
    }

    void customerBy(io.custos.shared.Actor actor, String action, UUID customerId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(actor);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** One event per customer, with the details of each, inserted in one batch (an import). */
    void customersBy(io.custos.shared.Actor actor, String action, Map<UUID, ? extends Map<String, ?>> byCustomer) {
        List<AuditEvent> events = new ArrayList<>(byCustomer.size());
        byCustomer.forEach((customerId, details) -> {
            AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED)
                    .target(CUSTOMER, customerId).actor(actor);
            details.forEach(event::detail);
            events.add(event.build());
        });
        audit.recordAll(events);
    }

    void customer(String action, UUID customerId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A refusal: the transaction it belongs to rolls back, so it is recorded on its own. */
    void refused(String action, UUID customerId, String reason) {
        audit.recordAlone(AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.DENIED)
                .target(CUSTOMER, customerId).detail("reason", reason).build());
    }

    AuditEvent fieldEvent(String action, boolean allowed, UUID customerId, String purpose, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action,
                allowed ? AuditOutcome.ALLOWED : AuditOutcome.DENIED).target(CUSTOMER, customerId).purpose(purpose);
        details.forEach(event::detail);
        return event.build();
    }

    /**
     * A search by confidential values matched these customers: allowed for those it returned, denied
     * for those it withheld because the searcher may not reveal the field. Field names only.
     */
    void foundByValue(List<UUID> found, List<UUID> withheld, List<String> fields) {
        List<AuditEvent> events = new ArrayList<>(found.size() + withheld.size());
        found.forEach(id -> events.add(AuditEvent.of(AuditCategory.DATA, "customer.record.found-by-value",
                AuditOutcome.ALLOWED).target(CUSTOMER, id).detail("fields", fields).build()));
        withheld.forEach(id -> events.add(AuditEvent.of(AuditCategory.DATA, "customer.record.found-by-value",
                AuditOutcome.DENIED).target(CUSTOMER, id).detail("fields", fields).detail("reason", "not-revealable")
                .build()));
        audit.recordAll(events);
    }

    /** Events of one request in one batch, in its transaction. */
    void recordAll(List<AuditEvent> events) {
        audit.recordAll(events);
    }

    /** A direct export over the approval threshold: refused, recorded on its own, with the count. */
    void refusedExport(long count, int threshold) {
        audit.recordAlone(AuditEvent.of(AuditCategory.DATA, "customer.records.exported", AuditOutcome.DENIED)
                .detail("reason", "needs-approval").detail("rows", count).detail("threshold", threshold).build());
    }

    /** A refusal that concerns no single customer (creating, importing). */
    void refused(String action, String reason) {
        audit.recordAlone(AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.DENIED).detail("reason", reason)
                .build());
    }

    void customers(String action, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** The outcome of an import, as a whole, on behalf of the person who started it (it runs in the background). */
    void importBy(io.custos.shared.Actor actor, String action, AuditOutcome outcome, UUID importId,
            Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, outcome).target(IMPORT, importId)
                .actor(actor);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void catalog(String action, String fieldKey, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, action, AuditOutcome.ALLOWED)
                .target(FIELD, fieldKey);
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
