package io.custos.customer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.identity.CustosUser;
import io.custos.keys.DataKeys;

/**
 * Writes checked import rows as new customers the way {@link CustomerRegistration#create} does (a
 * customer row, its own data key, its values through {@link ValueStore}, one
 * {@code customer.record.created} event and the import's consent each), but in batches — customer
 * rows, data keys, values, events and consents, one statement each per chunk: an import writes
 * hundreds of customers per transaction, and a round trip per row was most of its time.
 */
@Component
class ImportWriter {

    private final JdbcTemplate jdbc;
    private final ValueStore values;
    private final DataKeys dataKeys;
    private final CustomerAudit audit;
    private final ConsentLedger consents;
    private final Clock clock;

    ImportWriter(JdbcTemplate jdbc, ValueStore values, DataKeys dataKeys, CustomerAudit audit, ConsentLedger consents,
            Clock clock) {
        this.jdbc = jdbc;
        this.values = values;
        this.dataKeys = dataKeys;
        this.audit = audit;
        this.consents = consents;
        this.clock = clock;
    }

    /** In the caller's transaction: the rows and their events commit together or not at all. */
    @Transactional(propagation = Propagation.MANDATORY)
    int write(List<ImportCheck.Valid> rows, UUID importId, ConsentGrant consent, CustosUser by) {
        if (rows.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = CustomerRepository.utc(clock.instant());
        List<UUID> ids = new ArrayList<>(rows.size());
        List<Object[]> customers = new ArrayList<>(rows.size());
        for (ImportCheck.Valid row : rows) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            customers.add(new Object[] {id, row.owner().id(), row.owner().departmentId(), now, by.id(), now,
                row.lastContactOn(), row.lastTransactionOn()});
        }
        jdbc.batchUpdate("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version, "
                + "last_contact_on, last_transaction_on) values (?, ?, ?, ?, ?, ?, 0, ?, ?)", customers);
        DataKeys.NewDataKeys keys = dataKeys.createAll(ids);
        List<ValueStore.Row> stored = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            UUID id = ids.get(i);
            rows.get(i).values().forEach((field, value) -> stored.add(values.row(keys, id, field, value)));
        }
        values.insertAll(stored);
        Map<UUID, Map<String, Object>> created = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            ImportCheck.Valid row = rows.get(i);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fields", row.values().keySet().stream().map(FieldDefinition::key).sorted().toList());
            details.put("owner", row.owner().id());
            details.put("importId", importId);
            details.putAll(CustomerRegistration.activityDetails(row.lastContactOn(), row.lastTransactionOn()));
            created.put(ids.get(i), details);
        }
        audit.customersBy(by.actor(), "customer.record.created", created);
        consents.grantAll(ids, consent);
        return rows.size();
    }
}
