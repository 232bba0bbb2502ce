package io.custos.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.shared.ShortLivedCopies;
import io.custos.shared.ShortLivedCopy;

/**
 * The classification catalog (R-COL-3): every field a customer record may hold, with its level.
 * SECURITY_ADMIN adds fields and changes levels; raising a level is free, lowering one needs a
 * reason; both re-store the existing values in the form the new level requires and are audited.
 */
@Service
public class FieldCatalog {

    private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{1,31}");

    private final FieldCatalogRepository fields;
    private final ValueStore values;
    private final CustomerAudit audit;
    private final Clock clock;
    /** Every read of a customer looks fields up; the catalog changes a few times a year. */
    private final ShortLivedCopy<Map<String, FieldDefinition>> copy;

    FieldCatalog(FieldCatalogRepository fields, ValueStore values, CustomerAudit audit, Clock clock,
            ShortLivedCopies copies) {
        this.fields = fields;
        this.values = values;
        this.audit = audit;
        this.clock = clock;
        this.copy = copies.of("field-catalog", this::load);
    }

    private Map<String, FieldDefinition> load() {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        fields.findAll().forEach(f -> byKey.put(f.key(), f));
        return Collections.unmodifiableMap(byKey);
    }

    public record NewField(String key, Sensitivity sensitivity, FieldKind kind, boolean searchable, String labelZh,
            String labelEn) {
    }

    public record LevelChange(UUID id, Sensitivity from, Sensitivity to, @Nullable String reason, UUID changedBy,
            Instant changedAt) {
    }

    /** The catalog in its order, from a copy at most {@link ShortLivedCopy#REFRESH} old. */
    public List<FieldDefinition> fields() {
        return List.copyOf(copy.get().values());
    }

    /** @throws DomainException 422 {@code unknown-customer-field} naming the key */
    public FieldDefinition field(String key) {
        FieldDefinition field = copy.get().get(key);
        if (field == null) {
            throw unknownField(key);
        }
        return field;
    }

    static DomainException unknownField(String key) {
        return DomainException.unprocessable("unknown-customer-field", Map.of("field", safeName(key)), safeName(key));
    }

    /** A key is echoed only when it looks like one; anything else might be a pasted value. */
    static String safeName(String key) {
        return KEY.matcher(key).matches() ? key : "(invalid name)";
    }

    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public FieldDefinition define(NewField request, CustosUser by) {
        if (!KEY.matcher(request.key()).matches()) {
            throw DomainException.unprocessable("field-key-invalid", Map.of("field", "key"));
        }
        if (fields.findAll().stream().anyMatch(f -> f.key().equalsIgnoreCase(request.key()))) {
            throw DomainException.conflict("field-exists");
        }
        if (request.searchable() && request.sensitivity().encrypted() && !exactSearchable(request.kind())) {
            throw DomainException.unprocessable("field-not-searchable", Map.of("field", "searchable"));
        }
        FieldDefinition field = new FieldDefinition(request.key(), request.sensitivity(), request.kind(),
                request.searchable(), request.labelZh().strip(), request.labelEn().strip(), false,
                fields.nextPosition());
        fields.insert(field, clock.instant());
        copy.changed();
        audit.catalog("customer.catalog.field-defined", field.key(), Map.of("level", field.sensitivity(),
                "kind", field.kind(), "searchable", field.searchable()));
        return field;
    }

    /** New labels and/or a new level, together or not at all. */
    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public FieldDefinition change(String key, @Nullable Sensitivity to, @Nullable String reason,
            @Nullable String labelZh, @Nullable String labelEn, CustosUser by) {
        FieldDefinition field = field(key);
        if (labelZh != null || labelEn != null) {
            copy.changed();
            fields.updateLabels(key, labelZh != null ? labelZh.strip() : field.labelZh(),
                    labelEn != null ? labelEn.strip() : field.labelEn(), clock.instant());
            audit.catalog("customer.catalog.field-relabelled", key, Map.of());
        }
        return to == null ? field(key) : moveLevel(key, to, reason, by);
    }

    /**
     * Moves a field to another level. Lowering needs a reason, kept with the change; the values
     * already stored move to the new level's storage in the same transaction.
     */
    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public FieldDefinition changeLevel(String key, Sensitivity to, @Nullable String reason, CustosUser by) {
        return moveLevel(key, to, reason, by);
    }

    private FieldDefinition moveLevel(String key, Sensitivity to, @Nullable String reason, CustosUser by) {
        FieldDefinition before = field(key);
        if (before.sensitivity() == to) {
            return before;
        }
        boolean lowering = to.compareTo(before.sensitivity()) < 0;
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (lowering && why == null) {
            throw DomainException.unprocessable("reason-required", Map.of("field", "reason"));
        }
        if (before.searchable() && to.encrypted() && !exactSearchable(before.kind())) {
            throw DomainException.unprocessable("field-not-searchable", Map.of("field", "sensitivity"));
        }
        Instant now = clock.instant();
        fields.updateSensitivity(key, to, now);
        copy.changed();
        FieldDefinition after = field(key);
        int converted = values.convert(before, after);
        UUID change = fields.recordLevelChange(key, before.sensitivity(), to, why, by.id(), now);
        audit.catalog("customer.catalog.level-changed", key, Map.of("from", before.sensitivity(), "to", to,
                "lowered", lowering, "changeId", change, "valuesMoved", converted));
        return after;
    }

    @Transactional(readOnly = true)
    public List<LevelChange> levelChanges(String key) {
        field(key);
        return fields.levelChanges(key).stream()
                .map(c -> new LevelChange(c.id(), Sensitivity.of(c.fromLevel()), Sensitivity.of(c.toLevel()), c.reason(),
                        c.changedBy(), c.changedAt()))
                .toList();
    }

    /** Exact search on ciphertext needs a normal form; free text has none worth indexing. */
    static boolean exactSearchable(FieldKind kind) {
        return kind != FieldKind.TEXT && kind != FieldKind.LONG_TEXT;
    }
}
