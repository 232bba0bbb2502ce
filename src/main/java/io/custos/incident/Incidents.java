package io.custos.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.HoldKind;
import io.custos.retention.LegalHolds;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Incidents (issue 20.4, PIPL art. 57, the national network-security incident reporting measures).
 * IT security (SECURITY_ADMIN) opens one, from a risk report or directly, with its severity on the
 * national four-level scale; records the affected customers (each under a legal hold until the
 * incident closes), containment steps and investigation notes; and records when the regulator and
 * the customers were notified, which stops their clocks. Who sees what:
 * <ul>
 * <li>IT security: everything, and every step;</li>
 * <li>management and the administration department: everything, read only;</li>
 * <li>the auditor: dates, codes, counts and clocks, never the words;</li>
 * <li>anyone else: nothing (404).</li>
 * </ul>
 * An incident closes only when every clock has stopped: notified, or, for the lowest level only,
 * recorded as not required with the reason.
 */
@Service
@Transactional
public class Incidents {

    /** A detection time further back than this is a typing mistake, not a late entry. */
    static final int MAX_DAYS_BACK = 90;
    /** The same, for the pages' words. */
    public static final int MAX_DAYS_BACK_PUBLIC = MAX_DAYS_BACK;
    static final int MAX_CUSTOMERS = 500;
    private static final String COLUMNS = "id, reference, severity, status, data_categories, detected_at, opened_at, "
            + "opened_by, risk_report_id, affected_count, closed_at, closed_by, version";

    private final JdbcClient jdbc;
    private final IncidentTexts texts;
    private final IncidentNumbers numbers;
    private final IncidentAudit audit;
    private final IncidentProperties properties;
    private final LegalHolds holds;
    private final Subjects subjects;
    private final Times times;
    private final Clock clock;

    Incidents(JdbcClient jdbc, IncidentTexts texts, IncidentNumbers numbers, IncidentAudit audit,
            IncidentProperties properties, LegalHolds holds, Subjects subjects, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.texts = texts;
        this.numbers = numbers;
        this.audit = audit;
        this.properties = properties;
        this.holds = holds;
        this.subjects = subjects;
        this.times = times;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- opening

    public IncidentView open(NewIncident input, CustosUser by) {
        requireActor(by);
        return opened(input, by);
    }

    /**
     * An incident raised from a risk report by whoever may decide on it: IT security, or, for a report
     * about IT security itself, an auditor or a manager (checked by {@link RiskReports#triage}).
     */
    IncidentView openRaised(NewIncident input, CustosUser by) {
        return opened(input, by);
    }

    private IncidentView opened(NewIncident input, CustosUser by) {
        Severity severity = input.severity();
        if (severity == null) {
            throw DomainException.unprocessable("incident-severity-required", Map.of("field", "severity"));
        }
        Instant now = now();
        Instant detected = input.detectedAt();
        if (detected == null || detected.isAfter(now) || detected.isBefore(now.minus(Duration.ofDays(MAX_DAYS_BACK)))) {
            throw DomainException.unprocessable("incident-detected-invalid", Map.of("field", "detectedAt"),
                    MAX_DAYS_BACK);
        }
        detected = detected.truncatedTo(ChronoUnit.MICROS);
        String summary = IncidentTexts.required(input.summary(), "summary");
        List<UUID> customers = checkedCustomers(input.customers());
        UUID id = UUID.randomUUID();
        String reference = numbers.incident(LocalDate.ofInstant(now, times.companyZone()).getYear());
        jdbc.sql("insert into incident_incident (id, reference, severity, status, data_categories, detected_at, "
                + "opened_at, opened_by, risk_report_id, summary_cipher, affected_count, version) "
                + "values (?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, 0, 0)")
                .params(id, reference, severity.name(), codes(input.categories()), utc(detected), utc(now), by.id(),
                        input.riskReportId(), texts.seal(field(id, "summary"), summary))
                .update();
        for (ClockKind kind : List.of(ClockKind.REGULATOR_INITIAL, ClockKind.REGULATOR_DETAIL)) {
            startClock(id, kind, severity, detected, now);
        }
        entry(id, now, EntryKind.OPENED, by.actor(), severity.name(), null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("severity", severity);
        details.put("detectedOn", LocalDate.ofInstant(detected, times.companyZone()));
        if (input.riskReportId() != null) {
            details.put("riskReport", input.riskReportId());
        }
        audit.record("incident.opened", IncidentAudit.INCIDENT, id, details, by.actor());
        if (!customers.isEmpty()) {
            addChecked(view(id).orElseThrow(), customers, by, now);
        }
        return view(id).orElseThrow();
    }

    // ---------------------------------------------------------------- reading

    @Transactional(readOnly = true)
    public List<IncidentView> visibleTo(CustosUser by, boolean includeClosed) {
        if (!reads(by)) {
            return List.of();
        }
        Map<UUID, List<IncidentClock>> clocks = allClocks();
        return jdbc.sql("select " + COLUMNS + " from incident_incident" + (includeClosed ? "" : " where status = 'OPEN'")
                + " order by case when status = 'OPEN' then 0 else 1 end, detected_at desc")
                .query((rs, n) -> map(rs, clocks)).stream().limit(500).toList();
    }

    /** One incident with its timeline; audited, so not read-only. 404 for those who do not read incidents. */
    public IncidentDetail detail(UUID id, CustosUser by) {
        if (!reads(by)) {
            throw DomainException.notFound();
        }
        IncidentView view = view(id).orElseThrow(DomainException::notFound);
        boolean words = readsWords(by);
        audit.record("incident.viewed", IncidentAudit.INCIDENT, id, Map.of("words", words), by.actor());
        return detail(view, words);
    }

    IncidentDetail detail(IncidentView view, boolean words) {
        UUID id = view.id();
        List<IncidentEntry> entries = jdbc.sql("select id, happened_at, kind, actor_type, actor_id, detail, text_cipher "
                + "from incident_entry where incident_id = ? order by happened_at, entry_seq").param(id)
                .query((rs, n) -> {
                    UUID entryId = rs.getObject(1, UUID.class);
                    return new IncidentEntry(entryId, rs.getObject(2, OffsetDateTime.class).toInstant(),
                            EntryKind.valueOf(rs.getString(3)), Actor.ActorType.valueOf(rs.getString(4)),
                            rs.getObject(5, UUID.class), rs.getString(6),
                            words ? texts.open("incident-entry:" + entryId, rs.getString(7)) : null);
                }).list();
        String summary = words ? texts.open(field(id, "summary"), jdbc.sql("select summary_cipher from "
                + "incident_incident where id = ?").param(id).query(String.class).single()) : null;
        return new IncidentDetail(view, words, summary, customersOf(id), entries);
    }

    /**
     * An incident by its id or its reference (like INC-2026-0001), for those who read incidents;
     * empty for anyone else. Not audited: the dates and codes only, as the list shows them.
     */
    @Transactional(readOnly = true)
    public Optional<IncidentView> find(String idOrReference, CustosUser by) {
        String given = idOrReference.strip();
        if (!reads(by) || given.isEmpty() || given.length() > 64) {
            return Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(given);
        } catch (IllegalArgumentException aReference) {
            id = jdbc.sql("select id from incident_incident where reference = ?")
                    .param(given.toUpperCase(Locale.ROOT)).query(UUID.class).optional().orElse(null);
        }
        return id == null ? Optional.empty() : view(id);
    }

    @Transactional(readOnly = true)
    public List<UUID> customersOf(UUID id) {
        return jdbc.sql("select customer_id from incident_customer where incident_id = ? order by added_at, customer_id")
                .param(id).query(UUID.class).list();
    }

    /** Customers by public company name, for IT security to pick the affected ones. */
    @Transactional(readOnly = true)
    public Map<UUID, String> findCustomers(@Nullable String text, CustosUser by) {
        requireActor(by);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        return subjects.companiesNamed(text.strip(), 20);
    }

    /** Open incidents' running clocks: for the sweep and the home page. */
    @Transactional(readOnly = true)
    public List<IncidentView> openIncidents() {
        Map<UUID, List<IncidentClock>> clocks = allClocks();
        return jdbc.sql("select " + COLUMNS + " from incident_incident where status = 'OPEN' order by detected_at")
                .query((rs, n) -> map(rs, clocks)).list();
    }

    // ---------------------------------------------------------------- steps

    public IncidentView addCustomers(UUID id, @Nullable List<UUID> customerIds, CustosUser by) {
        IncidentView incident = actable(id, by);
        requireOpen(incident);
        List<UUID> customers = checkedCustomers(customerIds == null ? List.of() : customerIds);
        if (customers.isEmpty()) {
            throw DomainException.unprocessable("incident-customers-required", Map.of("field", "customers"));
        }
        addChecked(incident, customers, by, now());
        return view(id).orElseThrow();
    }

    public IncidentView note(UUID id, @Nullable String text, CustosUser by) {
        IncidentView incident = actable(id, by);
        String words = IncidentTexts.required(text, "text");
        entry(id, now(), EntryKind.NOTE, by.actor(), null, words);
        audit.record("incident.noted", IncidentAudit.INCIDENT, id, Map.of("severity", incident.severity()), by.actor());
        return incident;
    }

    public IncidentView contain(UUID id, @Nullable String text, CustosUser by) {
        IncidentView incident = actable(id, by);
        requireOpen(incident);
        String words = IncidentTexts.required(text, "text");
        entry(id, now(), EntryKind.CONTAINED, by.actor(), null, words);
        audit.record("incident.contained", IncidentAudit.INCIDENT, id, Map.of("severity", incident.severity()),
                by.actor());
        return incident;
    }

    /**
     * The measures as the notices state them: these words go, as written, to every affected customer
     * and to the regulator, so they are kept apart from the containment steps (which may name people
     * or accounts). The latest one counts.
     */
    public IncidentView noticeMeasures(UUID id, @Nullable String text, CustosUser by) {
        IncidentView incident = actable(id, by);
        requireOpen(incident);
        String words = IncidentTexts.required(text, "text");
        entry(id, now(), EntryKind.NOTICE_MEASURES, by.actor(), null, words);
        audit.record("incident.notice-measures", IncidentAudit.INCIDENT, id, Map.of("severity", incident.severity()),
                by.actor());
        return incident;
    }

    /**
     * The regulator was told (the first report, or the fuller one after it), at {@code at} (now when
     * null; a call made before it was recorded may be given its time, not before detection nor in
     * the future, with the words how and to whom it was sent; the clock keeps when it was recorded, and
     * a time in time recorded after the due time reads as met but recorded late): stops that clock.
     */
    public IncidentView regulatorNotified(UUID id, @Nullable ClockKind kind, @Nullable Instant at, @Nullable String text,
            CustosUser by) {
        if (kind != ClockKind.REGULATOR_INITIAL && kind != ClockKind.REGULATOR_DETAIL) {
            throw DomainException.unprocessable("incident-clock-required", Map.of("field", "clock"));
        }
        IncidentView incident = actable(id, by);
        if (kind == ClockKind.REGULATOR_DETAIL && clock(incident, ClockKind.REGULATOR_INITIAL)
                .filter(IncidentClock::running).isPresent()) {
            throw DomainException.conflict("incident-initial-first");
        }
        return stop(incident, kind, "NOTIFIED", EntryKind.REGULATOR_NOTIFIED, at, how(at, text), by);
    }

    /** The affected customers were told, at {@code at} (as for the regulator): stops their clock. */
    public IncidentView customersNotified(UUID id, @Nullable Instant at, @Nullable String text, CustosUser by) {
        IncidentView incident = actable(id, by);
        return stop(incident, ClockKind.CUSTOMERS, "NOTIFIED", EntryKind.CUSTOMERS_NOTIFIED, at, how(at, text), by);
    }

    /** How and to whom it was sent: required whenever the notification is given a time of its own. */
    private static @Nullable String how(@Nullable Instant at, @Nullable String text) {
        if (at != null && (text == null || text.isBlank())) {
            throw DomainException.unprocessable("incident-notified-how-required", Map.of("field", "text"));
        }
        return IncidentTexts.optional(text, "text");
    }

    /** For the lowest level only: no notification was required, and why. Stops that clock. */
    public IncidentView notRequired(UUID id, @Nullable ClockKind kind, @Nullable String reason, CustosUser by) {
        if (kind == null) {
            throw DomainException.unprocessable("incident-clock-required", Map.of("field", "clock"));
        }
        IncidentView incident = actable(id, by);
        if (!incident.severity().mayWaiveNotification()) {
            throw DomainException.unprocessable("incident-notification-required", Map.of("field", "clock"));
        }
        String why = IncidentTexts.required(reason, "reason");
        return stop(incident, kind, "NOT_REQUIRED", EntryKind.NOT_REQUIRED, null, why, by);
    }

    /** Closes the incident once every clock has stopped; releases the customers' legal holds. */
    public IncidentView close(UUID id, @Nullable String text, CustosUser by) {
        IncidentView incident = actable(id, by);
        requireOpen(incident);
        if (!incident.running().isEmpty()) {
            throw DomainException.conflict("incident-clock-running");
        }
        String words = IncidentTexts.required(text, "text");
        Instant now = now();
        update(incident, "status = 'CLOSED', closed_at = ?, closed_by = ?", utc(now), by.id());
        entry(id, now, EntryKind.CLOSED, by.actor(), null, words);
        List<UUID> released = new ArrayList<>();
        jdbc.sql("select customer_id, legal_hold_id from incident_customer where incident_id = ?").param(id)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list()
                .forEach(hold -> {
                    holds.releaseForCase(hold.getValue(), incident.reference(), by.id());
                    released.add(hold.getKey());
                });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("severity", incident.severity());
        details.put("count", released.size());
        details.put("clocksMet", incident.clocks().stream().allMatch(c -> c.met() && !c.recordedLate()));
        audit.record("incident.closed", IncidentAudit.INCIDENT, id, details, by.actor());
        return view(id).orElseThrow();
    }

    /**
     * Moves a running clock's reminders on (the sweep), with a version check so that two nodes never
     * both send one. Returns false when it was stopped or moved meanwhile.
     */
    boolean escalate(UUID incidentId, IncidentClock c, ClockEscalation to) {
        int changed = jdbc.sql("update incident_clock set escalation = ?, version = version + 1 "
                + "where incident_id = ? and kind = ? and batch = ? and version = ? and stopped_at is null")
                .params(to.name(), incidentId, c.kind().name(), c.batch(), c.version()).update();
        if (changed != 1) {
            return false;
        }
        Actor system = Actor.system(IncidentEscalation.JOB);
        entry(incidentId, now(), EntryKind.ESCALATED, system, c.kind() + ":" + to, null);
        audit.record("incident.escalated", IncidentAudit.INCIDENT, incidentId,
                Map.of("clockKind", c.kind(), "clockEscalation", to), system);
        return true;
    }

    // ---------------------------------------------------------------- rules

    /** Whether this person reads incidents: IT security, management, the administration department, the auditor. */
    public static boolean reads(CustosUser by) {
        return !by.partner() && by.hasAnyRole(EnumSet.of(Role.SECURITY_ADMIN, Role.MANAGEMENT, Role.ADMIN_OFFICER,
                Role.AUDITOR));
    }

    /** Whether this person reads the words (summary, steps, notes, notices); the auditor reads dates and codes. */
    public static boolean readsWords(CustosUser by) {
        return !by.partner() && by.hasAnyRole(EnumSet.of(Role.SECURITY_ADMIN, Role.MANAGEMENT, Role.ADMIN_OFFICER));
    }

    /** Whether this person takes an incident's steps. */
    public static boolean acts(CustosUser by) {
        return !by.partner() && by.hasRole(Role.SECURITY_ADMIN);
    }

    private static void requireActor(CustosUser by) {
        if (!acts(by)) {
            throw new DomainException("incident-not-yours", HttpStatus.FORBIDDEN);
        }
    }

    private IncidentView actable(UUID id, CustosUser by) {
        if (!reads(by)) {
            throw DomainException.notFound();
        }
        IncidentView incident = view(id).orElseThrow(DomainException::notFound);
        requireActor(by);
        return incident;
    }

    private static void requireOpen(IncidentView incident) {
        if (!incident.open()) {
            throw DomainException.conflict("incident-closed");
        }
    }

    private List<UUID> checkedCustomers(List<UUID> given) {
        Set<UUID> unique = new LinkedHashSet<>(given);
        if (unique.size() > MAX_CUSTOMERS) {
            throw DomainException.unprocessable("incident-customers-too-many", Map.of("field", "customers"),
                    MAX_CUSTOMERS);
        }
        for (UUID customer : unique) {
            if (customer == null || subjects.find(customer).isEmpty()) {
                throw DomainException.unprocessable("incident-customer-unknown", Map.of("field", "customers"));
            }
        }
        return List.copyOf(unique);
    }

    // ---------------------------------------------------------------- storage

    private void addChecked(IncidentView incident, List<UUID> customers, CustosUser by, Instant now) {
        Set<UUID> already = new LinkedHashSet<>(customersOf(incident.id()));
        int added = 0;
        for (UUID customer : customers) {
            if (already.contains(customer)) {
                continue;
            }
            UUID hold = holds.placeForCase(customer, HoldKind.INCIDENT, incident.reference(), by.id()).id();
            try {
                jdbc.sql("insert into incident_customer (incident_id, customer_id, legal_hold_id, added_at) "
                        + "values (?, ?, ?, ?)").params(incident.id(), customer, hold, utc(now)).update();
            } catch (org.springframework.dao.DuplicateKeyException addedMeanwhile) {
                // Someone added the same customer at the same moment: this whole step rolls back.
                throw DomainException.conflict("incident-changed");
            }
            added++;
        }
        if (added == 0) {
            return;
        }
        // The incident's version check serializes two additions at once (the second answers 409).
        update(incident, "affected_count = affected_count + ?", added);
        int batch = startClock(incident.id(), ClockKind.CUSTOMERS, incident.severity(), incident.detectedAt(), now);
        entry(incident.id(), now, EntryKind.CUSTOMERS_ADDED, by.actor(), String.valueOf(added), null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", added);
        details.put("customers", customers.stream().filter(c -> !already.contains(c)).toList());
        if (batch > 1) {
            details.put("clockBatch", batch);
        }
        audit.record("incident.customers-added", IncidentAudit.INCIDENT, incident.id(), details, by.actor());
    }

    /**
     * Starts a clock unless one of its kind runs or (for the regulator) ever ran. The first counts from
     * detection; for customers added once the customers' clock has stopped, a new batch counts from
     * now, when they became known, so they too must be told before the incident closes. Returns the
     * batch started, 0 when none.
     */
    private int startClock(UUID id, ClockKind kind, Severity severity, Instant detected, Instant now) {
        Duration allowed = properties.allowed(kind, severity);
        if (allowed.isZero()) {
            return 0;
        }
        Map<String, Object> existing = jdbc.sql("select count(*) as clocks, coalesce(max(batch), 0) as last_batch, "
                + "sum(case when stopped_at is null then 1 else 0 end) as running from incident_clock "
                + "where incident_id = ? and kind = ?").params(id, kind.name()).query().singleRow();
        long clocks = ((Number) existing.get(key(existing, "clocks"))).longValue();
        int batch = 1;
        Instant start = detected;
        if (clocks > 0) {
            Number running = (Number) existing.get(key(existing, "running"));
            if (kind != ClockKind.CUSTOMERS || running != null && running.longValue() > 0) {
                return 0;
            }
            batch = ((Number) existing.get(key(existing, "last_batch"))).intValue() + 1;
            start = now;
        }
        try {
            jdbc.sql("insert into incident_clock (incident_id, kind, batch, started_at, due_at, escalation, version) "
                    + "values (?, ?, ?, ?, ?, 'NONE', 0)")
                    .params(id, kind.name(), batch, utc(start), utc(start.plus(allowed))).update();
        } catch (org.springframework.dao.DuplicateKeyException startedMeanwhile) {
            throw DomainException.conflict("incident-changed");
        }
        return batch;
    }

    private static String key(Map<String, Object> row, String name) {
        return row.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private IncidentView stop(IncidentView incident, ClockKind kind, String reason, EntryKind entryKind,
            @Nullable Instant at, @Nullable String text, CustosUser by) {
        requireOpen(incident);
        IncidentClock c = clock(incident, kind).orElseThrow(() -> DomainException.conflict("incident-clock-none"));
        if (!c.running()) {
            throw DomainException.conflict("incident-clock-stopped");
        }
        Instant recorded = now();
        Instant now = at == null ? recorded : at.truncatedTo(ChronoUnit.MICROS);
        if (now.isAfter(recorded) || now.isBefore(c.startedAt())) {
            throw DomainException.unprocessable("incident-notified-at-invalid", Map.of("field", "at"));
        }
        int changed = jdbc.sql("update incident_clock set stopped_at = ?, stop_recorded_at = ?, stopped_by = ?, "
                + "stop_reason = ?, version = version + 1 where incident_id = ? and kind = ? and batch = ? and version = ?")
                .params(utc(now), utc(recorded), by.id(), reason, incident.id(), kind.name(), c.batch(), c.version())
                .update();
        if (changed != 1) {
            throw DomainException.conflict("incident-changed");
        }
        entry(incident.id(), recorded, entryKind, by.actor(), kind.name(), text);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("clockKind", kind);
        details.put("met", !now.isAfter(c.dueAt()));
        if (now.isBefore(recorded)) {
            details.put("minutesBeforeRecorded", Duration.between(now, recorded).toMinutes());
        }
        if (!now.isAfter(c.dueAt()) && recorded.isAfter(c.dueAt())) {
            details.put("recordedLate", true);
        }
        audit.record("NOTIFIED".equals(reason) ? "incident.notified" : "incident.not-required", IncidentAudit.INCIDENT,
                incident.id(), details, by.actor());
        return view(incident.id()).orElseThrow();
    }

    /** The running clock of this kind, else its latest batch. */
    private static Optional<IncidentClock> clock(IncidentView incident, ClockKind kind) {
        return incident.clocks().stream().filter(c -> c.kind() == kind)
                .max(java.util.Comparator.comparing(IncidentClock::running).thenComparingInt(IncidentClock::batch));
    }

    private void update(IncidentView incident, String assignments, Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(incident.id());
        params.add(incident.version());
        int changed = jdbc.sql("update incident_incident set " + assignments + ", version = version + 1 "
                + "where id = ? and version = ?").params(params).update();
        if (changed != 1) {
            throw DomainException.conflict("incident-changed");
        }
    }

    private void entry(UUID incidentId, Instant at, EntryKind kind, Actor by, @Nullable String detail,
            @Nullable String text) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into incident_entry (id, incident_id, happened_at, kind, actor_type, actor_id, detail, "
                + "text_cipher) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, incidentId, utc(at), kind.name(), by.type().name(), by.id(), detail,
                        text == null ? null : texts.seal("incident-entry:" + id, text))
                .update();
    }

    Optional<IncidentView> view(UUID id) {
        Map<UUID, List<IncidentClock>> clocks = Map.of(id, clocksOf(id));
        return jdbc.sql("select " + COLUMNS + " from incident_incident where id = ?").param(id)
                .query((rs, n) -> map(rs, clocks)).optional();
    }

    private List<IncidentClock> clocksOf(UUID id) {
        Instant now = clock.instant();
        return jdbc.sql("select kind, started_at, due_at, stopped_at, stop_reason, escalation, version, incident_id, batch, "
                + "stop_recorded_at "
                + "from incident_clock where incident_id = ? order by due_at, kind, batch").param(id)
                .query((rs, n) -> clockOf(rs, now)).list();
    }

    private Map<UUID, List<IncidentClock>> allClocks() {
        Instant now = clock.instant();
        Map<UUID, List<IncidentClock>> all = new LinkedHashMap<>();
        jdbc.sql("select kind, started_at, due_at, stopped_at, stop_reason, escalation, version, incident_id, batch, "
                + "stop_recorded_at "
                + "from incident_clock order by due_at, kind, batch").query(rs -> {
                    all.computeIfAbsent(rs.getObject(8, UUID.class), k -> new ArrayList<>()).add(clockOf(rs, now));
                });
        return all;
    }

    private static IncidentClock clockOf(java.sql.ResultSet rs, Instant now) throws java.sql.SQLException {
        Instant due = rs.getObject(3, OffsetDateTime.class).toInstant();
        OffsetDateTime stopped = rs.getObject(4, OffsetDateTime.class);
        OffsetDateTime recorded = rs.getObject(10, OffsetDateTime.class);
        Instant end = stopped == null ? now : stopped.toInstant();
        long left = Math.floorDiv(Duration.between(end, due).getSeconds(), 60);
        return new IncidentClock(ClockKind.valueOf(rs.getString(1)), rs.getInt(9),
                rs.getObject(2, OffsetDateTime.class).toInstant(),
                due, stopped == null ? null : stopped.toInstant(), recorded == null ? null : recorded.toInstant(),
                rs.getString(5),
                ClockEscalation.valueOf(rs.getString(6)), left, rs.getInt(7));
    }

    private static IncidentView map(java.sql.ResultSet rs, Map<UUID, List<IncidentClock>> clocks)
            throws java.sql.SQLException {
        UUID id = rs.getObject(1, UUID.class);
        OffsetDateTime closed = rs.getObject(11, OffsetDateTime.class);
        return new IncidentView(id, rs.getString(2), Severity.valueOf(rs.getString(3)),
                IncidentStatus.valueOf(rs.getString(4)), categories(rs.getString(5)),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, UUID.class), rs.getObject(9, UUID.class), rs.getInt(10),
                closed == null ? null : closed.toInstant(), rs.getObject(12, UUID.class),
                List.copyOf(clocks.getOrDefault(id, List.of())), rs.getInt(13));
    }

    private static String codes(Set<DataCategory> categories) {
        return categories.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static Set<DataCategory> categories(String codes) {
        if (codes == null || codes.isBlank()) {
            return Set.of();
        }
        Set<DataCategory> set = EnumSet.noneOf(DataCategory.class);
        for (String code : codes.split(",")) {
            set.add(DataCategory.valueOf(code));
        }
        return Set.copyOf(set);
    }

    private static String field(UUID id, String part) {
        return "incident:" + id + ":" + part;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
