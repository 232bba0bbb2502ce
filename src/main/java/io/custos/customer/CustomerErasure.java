package io.custos.customer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditOutcome;
import io.custos.consent.ConsentLedger;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.Sensitivity;

/**
 * Destroying customers (issue 16, R-DEL-3): what the retention module's destruction batches call, in
 * their own transaction, a chunk of customers at a time. Erasing a customer destroys its data key
 * (crypto-shredding: every copy of its ciphertexts, backups included, is unreadable from then on),
 * deletes every stored value (plain ones too, with their search keys and blind indexes), its
 * retention flags and its consent evidence files, and marks the row destroyed; from then on every
 * read path treats it exactly like a customer that never existed. The customer row keeps ids and
 * times only, so the audit log's references stay meaningful; the audit events stay (they hold no
 * value). Built for volume: one statement per kind of row and chunk of {@value #CHUNK} customers,
 * the audit events in one batch.
 * <p>
 * The business facts a legal minimum keeps are read with {@link #businessFacts} before the erasure,
 * and kept by the caller without any link to the person.
 */
@Service
public class CustomerErasure {

    /** Customers per statement: far below any database's limit on parameters. */
    static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final FieldCatalog catalog;
    private final DataKeys dataKeys;
    private final ConsentLedger consents;
    private final CustomerAudit audit;
    private final Clock clock;

    private final ValueStore values;
    private final DestructionJournal journal;

    CustomerErasure(ValueStore values, JdbcClient jdbc, FieldCatalog catalog, DataKeys dataKeys, ConsentLedger consents,
            CustomerAudit audit, Clock clock, DestructionJournal journal) {
        this.values = values;
        this.journal = journal;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dataKeys = dataKeys;
        this.consents = consents;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The plain values of the named fields of the live customers among {@code customerIds}: every
     * live customer asked for is in the answer (with no entry for a field it holds no value of);
     * destroyed or unknown ids are not. Only public (L1) fields may outlive a person, anonymized.
     * No decision and no audit event: the caller (a destruction batch, approved twice) records its
     * own.
     *
     * @throws IllegalArgumentException for a field not in the catalog or not L1
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<UUID, Map<String, String>> businessFacts(Collection<UUID> customerIds, Collection<String> fieldKeys) {
        List<String> fields = new ArrayList<>(new LinkedHashSet<>(fieldKeys));
        Map<String, FieldDefinition> known = new HashMap<>();
        catalog.fields().forEach(f -> known.put(f.key(), f));
        for (String key : fields) {
            FieldDefinition field = known.get(key);
            if (field == null || field.sensitivity() != Sensitivity.L1) {
                throw new IllegalArgumentException("Only public (L1) catalog fields are kept as business facts: "
                        + FieldCatalog.safeName(key));
            }
        }
        Map<UUID, Map<String, String>> facts = new LinkedHashMap<>();
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(customerIds));
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbc.sql("select id from customer where destroyed_at is null and id in (" + marks(chunk.size()) + ")")
                    .params(List.copyOf(chunk)).query(UUID.class).list()
                    .forEach(id -> facts.put(id, new LinkedHashMap<>()));
            if (fields.isEmpty()) {
                continue;
            }
            values.plainValues(chunk, fields, (customer, field, value) -> {
                Map<String, String> own = facts.get(customer);
                if (own != null) {
                    own.put(field, value);
                }
            });
        }
        return facts;
    }

    /**
     * Erases these customers, in the caller's transaction (see the class). Customers destroyed
     * before, and ids of no customer, are passed over, so running a batch's chunk again after a
     * crash does nothing more. Each customer erased now gets one {@code customer.destroyed} event
     * (category DATA, detail {@code batchId}), on behalf of the person signed in, or of the system
     * when a batch resumes unattended; its data key one {@code keys.data-key.destroyed}. After the
     * commit, and only then, the customers erased are appended to the {@link DestructionJournal}
     * (issue 17), so that a restored backup cannot bring them back for long.
     *
     * @return the customers erased by this call
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<UUID> erase(Collection<UUID> customerIds, UUID batchId) {
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(customerIds));
        Set<UUID> erased = new LinkedHashSet<>();
        OffsetDateTime now = CustomerRepository.utc(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        Actor actor = actor();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            // Locked, so an edit of one of them waits for the erasure and then finds nothing.
            List<UUID> live = jdbc.sql("select id from customer where destroyed_at is null and id in ("
                    + marks(chunk.size()) + ") for update").params(List.copyOf(chunk)).query(UUID.class).list();
            if (live.isEmpty()) {
                continue;
            }
            String in = "customer_id in (" + marks(live.size()) + ")";
            List<Object> params = List.copyOf(live);
            dataKeys.destroyAll(live);
            jdbc.sql("delete from customer_value where " + in).params(params).update();
            jdbc.sql("delete from customer_field_flag where " + in).params(params).update();
            consents.eraseEvidence(live);
            List<Object> mark = new ArrayList<>();
            mark.add(now);
            mark.add(now);
            mark.addAll(live);
            jdbc.sql("update customer set destroyed_at = ?, updated_at = ?, version = version + 1, "
                    + "last_contact_on = null, last_transaction_on = null "
                    + "where destroyed_at is null and id in (" + marks(live.size()) + ")").params(mark).update();
            List<AuditEvent> events = new ArrayList<>(live.size());
            for (UUID id : live) {
                events.add(AuditEvent.of(AuditCategory.DATA, "customer.destroyed", AuditOutcome.ALLOWED)
                        .target(CustomerAudit.CUSTOMER, id).actor(actor).detail("batchId", batchId).build());
            }
            audit.recordAll(events);
            erased.addAll(live);
        }
        journal.recordAfterCommit(batchId, erased);
        return erased;
    }

    /** Whether the customer was destroyed; false for a live one and for an id that never existed. */
    @Transactional(readOnly = true)
    public boolean isDestroyed(UUID customerId) {
        return jdbc.sql("select count(*) from customer where id = ? and destroyed_at is not null").param(customerId)
                .query(Long.class).single() > 0;
    }

    private static Actor actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor.Source source) {
            return source.actor();
        }
        return Actor.system("destruction");
    }

    static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
