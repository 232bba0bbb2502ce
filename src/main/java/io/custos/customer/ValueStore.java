package io.custos.customer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.access.FieldOutcome;
import io.custos.keys.BlindIndex;
import io.custos.keys.DataKeyDestroyedException;
import io.custos.keys.DataKeys;
import io.custos.keys.UnreadableCiphertextException;

/**
 * Where a value goes by its level: L1-L2 into {@code plain_value} (plus a lower-cased prefix key when
 * searchable), L3-L4 only as ciphertext from {@link DataKeys} bound to customer and field (plus a
 * blind index when searchable). The one place that encrypts and decrypts customer values.
 */
@Component
class ValueStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ValueStore.class);

    static final int SEARCH_PREFIX_LENGTH = 200;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final DataKeys dataKeys;
    private final BlindIndex blindIndex;

    ValueStore(JdbcClient jdbc, JdbcTemplate batch, DataKeys dataKeys, BlindIndex blindIndex) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.dataKeys = dataKeys;
        this.blindIndex = blindIndex;
    }

    /** Receives one stored plain value. */
    interface PlainValue {
        void accept(UUID customerId, String field, String value);
    }

    /**
     * The plain (L1-L2) values of these fields of these live customers, for a destruction that keeps a
     * legal minimum's public facts (issue 16): the caller has checked the fields are L1 and the batch
     * was approved twice; nothing encrypted is read here.
     */
    void plainValues(List<UUID> customerIds, List<String> fields, PlainValue into) {
        if (customerIds.isEmpty() || fields.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(customerIds);
        params.addAll(fields);
        jdbc.sql("select v.customer_id, v.field_key, v.plain_value from customer_value v join customer c "
                + "on c.id = v.customer_id and c.destroyed_at is null where v.customer_id in ("
                + String.join(", ", java.util.Collections.nCopies(customerIds.size(), "?")) + ") and v.field_key in ("
                + String.join(", ", java.util.Collections.nCopies(fields.size(), "?")) + ") and v.plain_value is not null")
                .params(params)
                .query(rs -> {
                    into.accept(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3));
                });
    }

    /** A row as stored: either plain or ciphertext. */
    record Stored(String fieldKey, @Nullable String plain, @Nullable String ciphertext) {
        @Override
        public String toString() {
            return "Stored[" + fieldKey + "]";
        }
    }

    /** A value in the form it is stored in: plain (and search key) or ciphertext (and blind index), never both. */
    record Row(UUID customerId, String fieldKey, @Nullable String plain, @Nullable String searchValue,
            @Nullable String ciphertext, @Nullable String blindIndex) {
        @Override
        public String toString() {
            return "Row[" + customerId + ", " + fieldKey + "]";
        }

        private Object[] params() {
            return new Object[] {customerId, fieldKey, plain, searchValue, ciphertext, blindIndex};
        }
    }

    private static final String INSERT = "insert into customer_value (customer_id, field_key, plain_value, search_value, "
            + "ciphertext, blind_index) values (?, ?, ?, ?, ?, ?)";

    void put(UUID customerId, FieldDefinition field, String value) {
        remove(customerId, field.key());
        jdbc.sql(INSERT).params(row(customerId, field, value).params()).update();
    }

    /** Encrypts (L3-L4) or keeps (L1-L2) a value of a customer whose data key exists, ready to insert. */
    Row row(UUID customerId, FieldDefinition field, String value) {
        String stripped = value.strip();
        if (field.encrypted()) {
            return new Row(customerId, field.key(), null, null, dataKeys.encrypt(customerId, field.key(), stripped),
                    field.searchable() ? blindIndex(field, stripped) : null);
        }
        return plainRow(customerId, field, stripped);
    }

    /** As {@link #row}, for a customer whose data key was just made in a batch. */
    Row row(DataKeys.NewDataKeys keys, UUID customerId, FieldDefinition field, String value) {
        String stripped = value.strip();
        if (field.encrypted()) {
            return new Row(customerId, field.key(), null, null, keys.encrypt(customerId, field.key(), stripped),
                    field.searchable() ? blindIndex(field, stripped) : null);
        }
        return plainRow(customerId, field, stripped);
    }

    private static Row plainRow(UUID customerId, FieldDefinition field, String stripped) {
        return new Row(customerId, field.key(), stripped, field.searchable() ? searchKey(field, stripped) : null, null,
                null);
    }

    /** Inserts the values of new customers in one batch: an import writes hundreds at a time. */
    void insertAll(List<Row> rows) {
        if (!rows.isEmpty()) {
            batch.batchUpdate(INSERT, rows.stream().map(Row::params).toList());
        }
    }

    void remove(UUID customerId, String fieldKey) {
        jdbc.sql("delete from customer_value where customer_id = ? and field_key = ?").params(customerId, fieldKey)
                .update();
    }

    Map<String, Stored> load(UUID customerId) {
        Map<String, Stored> values = new LinkedHashMap<>();
        jdbc.sql("select field_key, plain_value, ciphertext from customer_value where customer_id = ?")
                .param(customerId)
                .query(rs -> {
                    values.put(rs.getString(1), new Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
                });
        return values;
    }

    /**
     * The plain values of one public (L1) field of many customers, without a decision: only for
     * naming customers to people who review access to them (issue 14.13). Encrypted fields have no
     * plain value and are never returned.
     */
    Map<UUID, String> publicValues(String fieldKey, Collection<UUID> customerIds) {
        Map<UUID, String> values = new HashMap<>();
        if (customerIds.isEmpty()) {
            return values;
        }
        List<Object> params = new ArrayList<>();
        params.add(fieldKey);
        params.addAll(customerIds);
        jdbc.sql("select customer_id, plain_value from customer_value where field_key = ? and plain_value is not null "
                        + "and customer_id in (" + parameterMarks(customerIds.size()) + ")")
                .params(params)
                .query(rs -> {
                    values.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return values;
    }

    /** Customers whose public value of a field contains the text, ignoring case; ordered by that value. */
    Map<UUID, String> publicValuesContaining(String fieldKey, String text, int limit) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        Map<UUID, String> values = new java.util.LinkedHashMap<>();
        jdbc.sql("select customer_id, plain_value from customer_value where field_key = ? and plain_value is not null "
                        + "and lower(plain_value) like ? escape '\\' order by plain_value, customer_id "
                        + "fetch first ? rows only")
                .params(fieldKey, pattern, Math.max(1, Math.min(limit, 100)))
                .query(rs -> {
                    values.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return values;
    }

    /** The values of some fields of many customers, for lists. */
    Map<UUID, Map<String, Stored>> load(Collection<UUID> customerIds, Collection<String> fieldKeys) {
        Map<UUID, Map<String, Stored>> values = new HashMap<>();
        if (customerIds.isEmpty() || fieldKeys.isEmpty()) {
            return values;
        }
        List<Object> params = new ArrayList<>(customerIds);
        params.addAll(fieldKeys);
        jdbc.sql("select customer_id, field_key, plain_value, ciphertext from customer_value where customer_id in ("
                + parameterMarks(customerIds.size()) + ") and field_key in (" + parameterMarks(fieldKeys.size()) + ")")
                .params(params)
                .query(rs -> {
                    values.computeIfAbsent(rs.getObject(1, UUID.class), id -> new LinkedHashMap<>())
                            .put(rs.getString(2), new Stored(rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        return values;
    }

    /** The value in clear, for masking or (later) an authorized reveal; it must not outlive the response. */
    String read(UUID customerId, Stored stored) {
        if (stored.plain() != null) {
            return stored.plain();
        }
        return dataKeys.decrypt(customerId, stored.fieldKey(), java.util.Objects.requireNonNull(stored.ciphertext()));
    }

    /**
     * Puts a field's value, in clear (SHOW) or masked, into {@code shown}, for a caller that decided
     * the outcome. False when the stored ciphertext does not decrypt: moved from another record or
     * field, or altered (R-STO-2). A destroyed key means the value no longer exists and it is left out.
     */
    boolean present(UUID customerId, FieldDefinition field, Stored value, FieldOutcome outcome,
            Map<String, String> shown, List<String> masked) {
        String clear;
        try {
            clear = read(customerId, value);
        } catch (DataKeyDestroyedException destroyed) {
            return true;
        } catch (UnreadableCiphertextException tampered) {
            log.warn("Field {} of customer {} does not decrypt: the stored ciphertext was altered or moved",
                    field.key(), customerId);
            return false;
        }
        if (outcome == FieldOutcome.SHOW) {
            shown.put(field.key(), clear);
        } else {
            shown.put(field.key(), field.kind().mask(clear));
            masked.add(field.key());
        }
        return true;
    }

    /** The value in clear, or null when it no longer exists (key destroyed) or does not decrypt. */
    @Nullable String readable(UUID customerId, FieldDefinition field, Stored value) {
        try {
            return read(customerId, value);
        } catch (DataKeyDestroyedException destroyed) {
            return null;
        } catch (UnreadableCiphertextException tampered) {
            log.warn("Field {} of customer {} does not decrypt: the stored ciphertext was altered or moved",
                    field.key(), customerId);
            return null;
        }
    }

    /** Which fields hold a value, without reading any. */
    java.util.Set<String> fieldKeys(UUID customerId) {
        return new java.util.TreeSet<>(jdbc.sql("select field_key from customer_value where customer_id = ?")
                .param(customerId).query(String.class).list());
    }

    /**
     * The live customers whose value of a searchable field equals this one once normalized: by blind
     * index for an encrypted field, by search key and then the full value for a public one (its
     * search key is only a prefix).
     */
    java.util.List<UUID> customersWith(FieldDefinition field, String value) {
        if (field.encrypted()) {
            return jdbc.sql("select c.id from customer c join customer_value v on v.customer_id = c.id "
                    + "and v.field_key = ? and v.blind_index = ? where " + CustomerRepository.LIVE)
                    .params(field.key(), blindIndex(field, value))
                    .query(UUID.class).list();
        }
        String normalized = field.kind().normalize(value);
        return jdbc.sql("select c.id, v.plain_value from customer c join customer_value v on v.customer_id = c.id "
                + "and v.field_key = ? and v.search_value = ? where " + CustomerRepository.LIVE)
                .params(field.key(), searchKey(field, value))
                .query((rs, n) -> java.util.Optional.ofNullable(
                        field.kind().normalize(rs.getString(2)).equals(normalized) ? rs.getObject(1, UUID.class) : null))
                .list().stream().flatMap(java.util.Optional::stream).toList();
    }

    String blindIndex(FieldDefinition field, String value) {
        // The kind binds the index to its field; keys are unique regardless of case (FieldCatalog).
        return blindIndex.of(field.key().toLowerCase(java.util.Locale.ROOT), field.kind().normalize(value));
    }

    static String searchKey(FieldDefinition field, String value) {
        String normalized = field.kind().normalize(value);
        return normalized.length() > SEARCH_PREFIX_LENGTH ? normalized.substring(0, SEARCH_PREFIX_LENGTH) : normalized;
    }

    /**
     * Moves every value of a field to the storage of its new level: encrypts plain values when it
     * rises to L3/L4, decrypts when it falls to L1/L2. Values of customers whose key was destroyed
     * are unreadable already and are dropped.
     */
    int convert(FieldDefinition before, FieldDefinition after) {
        if (before.encrypted() == after.encrypted()) {
            return 0;
        }
        List<UUID> customers = jdbc.sql("select customer_id from customer_value where field_key = ?")
                .param(before.key()).query(UUID.class).list();
        int converted = 0;
        for (UUID customerId : customers) {
            Stored stored = load(customerId).get(before.key());
            if (stored == null) {
                continue;
            }
            String value;
            try {
                value = read(customerId, stored);
            } catch (io.custos.keys.DataKeyDestroyedException destroyed) {
                remove(customerId, before.key());
                continue;
            }
            put(customerId, after, value);
            converted++;
        }
        return converted;
    }

    private static String parameterMarks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
