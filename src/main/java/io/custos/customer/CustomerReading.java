package io.custos.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecision;
import io.custos.access.AccessDecisions;
import io.custos.access.AccessReviews;
import io.custos.access.FieldDecision;
import io.custos.access.FieldOutcome;
import io.custos.access.FlaggedAccess;
import io.custos.audit.AuditEvent;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.shared.DomainException;

/**
 * Reading one customer and revealing its fields (R-STO-4, R-USE-1, R-USE-2, R-USE-6). Each asks the
 * access module for a decision field by field, acts on it (a value in clear, masked, or left out;
 * a record nobody may see answers exactly like a missing one) and records its audit event in the
 * same transaction, so a read returns only once its event is stored. L3-L4 values leave in clear
 * only through {@link #reveal}.
 */
@Service
public class CustomerReading {

    static final int MAX_REVEAL_FIELDS = 50;

    private final CustomerGuard guard;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final OwnerNames owners;
    private final Purposes purposes;
    private final AccessDecisions access;
    private final AccessReviews reviews;
    private final CustomerAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomerReading(CustomerGuard guard, ValueStore values, FieldCatalog catalog, OwnerNames owners, Purposes purposes,
            AccessDecisions access, AccessReviews reviews, CustomerAudit audit, ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.clock = clock;
        this.guard = guard;
        this.values = values;
        this.catalog = catalog;
        this.owners = owners;
        this.purposes = purposes;
        this.access = access;
        this.reviews = reviews;
        this.audit = audit;
    }

    /**
     * A customer as one person may see it: {@code fields} holds values in clear where shown and
     * masked values where not; {@code masked} names the masked ones. The activity dates are business
     * facts of the record (L1), shown to whoever may see it (issue 16, R-DEL-1).
     */
    public record CustomerView(UUID id, UUID ownerId, String ownerUsername, @Nullable String departmentCode,
            Map<String, String> fields, List<String> masked, List<String> unreadable, boolean editable,
            Instant createdAt, Instant updatedAt, long version, java.time.@Nullable LocalDate lastContactOn,
            java.time.@Nullable LocalDate lastTransactionOn) {
        @Override
        public String toString() {
            return "CustomerView[id=" + id + "]";
        }
    }

    /** The values revealed in clear, the refusals by field (reason codes), and the fields that hold no value. */
    public record Revealed(Map<String, String> fields, Map<String, String> refused, List<String> empty,
            int policyVersion) {
        @Override
        public String toString() {
            return "Revealed[fields=" + fields.keySet() + ", refused=" + refused + "]";
        }
    }

    @Transactional
    public CustomerView view(UUID id, CustosUser by) {
        CustomerRecord customer = guard.find(id);
        Map<String, ValueStore.Stored> stored = values.load(id);
        List<FieldDefinition> present = catalog.fields().stream().filter(f -> stored.containsKey(f.key())).toList();
        AccessDecision decision = guard.visible(customer, by, AccessAction.VIEW, null, CustomerGuard.refs(present),
                "customer.record.viewed");
        Map<String, String> shown = new LinkedHashMap<>();
        List<String> masked = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (FieldDefinition field : present) {
            FieldOutcome outcome = decision.outcome(field.key());
            if (outcome != FieldOutcome.DENY
                    && !values.present(id, field, stored.get(field.key()), outcome, shown, masked)) {
                unreadable.add(field.key());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>(decision.auditDetails());
        if (!unreadable.isEmpty()) {
            details.put("unreadable", unreadable);
        }
        audit.customer("customer.record.viewed", id, details);
        announceGrantedRead(id, by, decision.fields().values(), false);
        boolean editable = access.decide(by, CustomerGuard.subject(customer), AccessAction.EDIT, null,
                CustomerGuard.refs(present)).allowed();
        return new CustomerView(id, customer.ownerId(), owners.username(customer.ownerId()),
                owners.departmentCode(customer.departmentId()), shown, masked, unreadable, editable,
                customer.createdAt(), customer.updatedAt(), customer.version(), customer.lastContactOn(),
                customer.lastTransactionOn());
    }

    /**
     * Reveals fields of one customer for a declared purpose (R-USE-1, R-USE-2): exactly the fields
     * the access decision shows, each recorded as its own audit event (revealed or refused) in this
     * transaction, so nothing leaves unless its event is stored. Reveals under a rule that flags
     * them go on the review list; so does everything a person on notice reveals (R-EMP-5), under
     * {@link AccessReviews#ON_NOTICE}, and their events say {@code onNotice}, for monitoring.
     *
     * @throws DomainException 422 for an unknown field or purpose; 404 for a record the person may not see
     */
    @Transactional
    public Revealed reveal(UUID id, List<String> fieldKeys, String purpose, CustosUser by) {
        if (fieldKeys.isEmpty() || fieldKeys.size() > MAX_REVEAL_FIELDS) {
            throw DomainException.unprocessable("reveal-fields-invalid", Map.of("field", "fields",
                    "max", MAX_REVEAL_FIELDS), MAX_REVEAL_FIELDS);
        }
        Map<String, FieldDefinition> requested = new LinkedHashMap<>();
        for (String key : fieldKeys) {
            FieldDefinition field = catalog.field(key);
            requested.put(field.key(), field);
        }
        purposes.require(Set.of(purpose));
        CustomerRecord customer = guard.find(id);
        AccessDecision decision = guard.visible(customer, by, AccessAction.REVEAL, purpose,
                CustomerGuard.refs(requested.values()), "customer.field.revealed");
        Map<String, ValueStore.Stored> stored = values.load(id);
        Map<String, String> revealed = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        Map<String, List<String>> flagged = new TreeMap<>();
        // A person leaving is a known risk of data walking out with them: all they reveal is reviewed.
        boolean onNotice = by.status() == EmployeeStatus.ON_NOTICE;
        List<AuditEvent> events = new ArrayList<>(requested.size());
        for (FieldDefinition field : requested.values()) {
            FieldDecision decided = decision.fields().get(field.key());
            if (decided.outcome() != FieldOutcome.SHOW) {
                refused.put(field.key(), decided.reason().code());
                events.add(audit.fieldEvent("customer.field.reveal-refused", false, id, purpose,
                        fieldDetails(decision, decided, onNotice)));
                continue;
            }
            ValueStore.Stored value = stored.get(field.key());
            String clear = value == null ? null : values.readable(id, field, value);
            if (clear == null) {
                empty.add(field.key());
                continue;
            }
            revealed.put(field.key(), clear);
            events.add(audit.fieldEvent("customer.field.revealed", true, id, purpose,
                    fieldDetails(decision, decided, onNotice)));
            if (decided.review() && decided.rule() != null) {
                flagged.computeIfAbsent(decided.rule(), r -> new ArrayList<>()).add(field.key());
            }
        }
        // One batch, in this transaction: nothing is returned unless every event is stored (R-AUD-3).
        audit.recordAll(events);
        announceGrantedRead(id, by, decision.fields().values().stream().filter(d -> revealed.containsKey(d.field()))
                .toList(), true);
        flagged.forEach((rule, fields) -> reviews.flagReveal(by, CustomerGuard.subject(customer), rule,
                decision.policyVersion(), purpose, fields));
        if (onNotice && !revealed.isEmpty()) {
            reviews.flagReveal(by, CustomerGuard.subject(customer), AccessReviews.ON_NOTICE, decision.policyVersion(),
                    purpose, List.copyOf(revealed.keySet()));
        }
        return new Revealed(revealed, refused, empty, decision.policyVersion());
    }

    /**
     * Opens an emergency access to a customer the policy refuses this person (R-USE-6); alerts and
     * review are the access module's.
     */
    @Transactional
    public FlaggedAccess breakGlass(UUID id, String justification, CustosUser by) {
        return reviews.openBreakGlass(by, CustomerGuard.subject(guard.find(id)), justification);
    }

    /** Reads that used a sharing grant are counted in the sharing ledger, in this transaction. */
    private void announceGrantedRead(UUID id, CustosUser by, java.util.Collection<FieldDecision> decided,
            boolean revealed) {
        Set<UUID> grants = new java.util.HashSet<>();
        decided.forEach(d -> {
            if (d.grant() != null && d.outcome() != FieldOutcome.DENY) {
                grants.add(d.grant());
            }
        });
        if (!grants.isEmpty()) {
            events.publishEvent(new ReadUnderGrant(id, by.id(), grants, revealed, clock.instant()));
        }
    }

    private static Map<String, Object> fieldDetails(AccessDecision decision, FieldDecision decided, boolean onNotice) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", decided.field());
        details.put("policyVersion", decision.policyVersion());
        if (decided.rule() != null) {
            details.put("rule", decided.rule());
        }
        if (decided.grant() != null) {
            details.put("grant", decided.grant());
        }
        details.put("reason", decided.reason().code());
        if (decided.review()) {
            details.put("review", true);
        }
        if (onNotice) {
            details.put("onNotice", true);
        }
        return details;
    }
}
