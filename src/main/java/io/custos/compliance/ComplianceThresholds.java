package io.custos.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * The thresholds that colour the map (issue 22.2), tuned by the security administrators. A change is
 * audited with the values before and after, and a tuned reading is marked on the map with who tuned it,
 * so a threshold loosened to turn a clause green is seen by management and the auditors. The policy's
 * musts (no plaintext, no grant without an NDA, no failing audit chain, a second factor for every
 * privileged account) are fixed: they cannot be tuned at all.
 */
@Service
public class ComplianceThresholds {

    static final long MAX_COUNT = 1_000_000;
    static final long MAX_DAYS = 3_650;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ComplianceThresholds(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** One indicator's thresholds as they stand: the defaults, and the tuned values with who tuned them when. */
    public record ThresholdView(Indicator indicator, @Nullable Thresholds defaults, @Nullable Thresholds current,
            boolean fixed, @Nullable UUID changedBy, @Nullable Instant changedAt) {

        public boolean tuned() {
            return current != null && !current.equals(defaults);
        }
    }

    /** Every indicator with thresholds, in the map's order; anyone who may see the map may see them. */
    @Transactional(readOnly = true)
    public List<ThresholdView> all() {
        Map<Indicator, ThresholdView> stored = new EnumMap<>(Indicator.class);
        jdbc.sql("select indicator, amber, red, changed_by, changed_at from compliance_threshold").query(rs -> {
            Indicator indicator = indicator(rs.getString(1));
            if (indicator != null) {
                stored.put(indicator, new ThresholdView(indicator, indicator.defaults(),
                        new Thresholds(rs.getLong(2), rs.getLong(3)), indicator.fixed(), rs.getObject(4, UUID.class),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant()));
            }
        });
        List<ThresholdView> views = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            if (indicator.defaults() == null) {
                continue;
            }
            ThresholdView view = stored.get(indicator);
            views.add(view != null && !indicator.fixed() ? view
                    : new ThresholdView(indicator, indicator.defaults(), indicator.defaults(), indicator.fixed(), null,
                            null));
        }
        return views;
    }

    /** The thresholds in force now, for one computation of the map. */
    ThresholdSettings settings() {
        Map<Indicator, Thresholds> tuned = new EnumMap<>(Indicator.class);
        for (ThresholdView view : all()) {
            if (view.tuned() && view.current() != null) {
                tuned.put(view.indicator(), view.current());
            }
        }
        return new ThresholdSettings(tuned);
    }

    /**
     * Sets an indicator's thresholds; setting them back to the defaults removes the tuning.
     *
     * @throws DomainException 403 unless a security administrator; 404 for an indicator without
     *         thresholds; 422 {@code compliance-threshold-fixed} for a must, {@code compliance-threshold-invalid}
     *         for values out of range or in the wrong order
     */
    @Transactional
    public ThresholdView change(Indicator indicator, long amber, long red, CustosUser by) {
        if (!by.hasRole(Role.SECURITY_ADMIN)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        Thresholds defaults = indicator.defaults();
        if (defaults == null) {
            throw DomainException.notFound();
        }
        if (indicator.fixed()) {
            throw DomainException.unprocessable("compliance-threshold-fixed", Map.of("field", "amber"));
        }
        validate(indicator, amber, red);
        Thresholds before = settings().of(indicator);
        Thresholds after = new Thresholds(amber, red);
        jdbc.sql("delete from compliance_threshold where indicator = ?").param(indicator.name()).update();
        if (!after.equals(defaults)) {
            jdbc.sql("insert into compliance_threshold (indicator, amber, red, changed_by, changed_at) values (?, ?, ?, ?, ?)")
                    .params(indicator.name(), amber, red, by.id(), clock.instant().atOffset(ZoneOffset.UTC)).update();
        }
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "compliance.threshold.changed",
                AuditOutcome.ALLOWED).actor(by.actor()).target("compliance-threshold", indicator.name())
                .detail("indicator", indicator.name()).detail("amber", amber).detail("red", red);
        if (before != null) {
            event.detail("previousAmber", before.amber()).detail("previousRed", before.red());
        }
        audit.record(event.build());
        return all().stream().filter(v -> v.indicator() == indicator).findFirst().orElseThrow();
    }

    static void validate(Indicator indicator, long amber, long red) {
        long max = switch (indicator.unit()) {
            case PERCENT -> 100;
            case DAYS -> MAX_DAYS;
            case COUNT -> MAX_COUNT;
        };
        boolean ordered = indicator.higherIsWorse() ? amber <= red : amber >= red;
        if (amber < 0 || red < 0 || amber > max || red > max || !ordered
                || (indicator.higherIsWorse() && amber < 1)) {
            throw DomainException.unprocessable("compliance-threshold-invalid", Map.of("field", "amber"), max);
        }
    }

    static @Nullable Indicator indicator(String name) {
        try {
            return Indicator.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null; // an indicator of an older release: ignored rather than failing the map
        }
    }
}
