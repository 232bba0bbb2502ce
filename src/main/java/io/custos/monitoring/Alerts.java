package io.custos.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.custos.audit.AuditStream;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.MailOutbox;
import io.custos.shared.web.Times;

/**
 * Alerts (issue 21.2): raised by the evaluator from the rules' crossings, read and triaged by people.
 * <ul>
 * <li>A crossing of the same rule by the same subject within the rule's suppression time of the
 * last one is counted on that alert ({@code repeats}) and adds its events; nobody is told again.</li>
 * <li>A new alert goes to the security administrators' home page and mail; a high one also to the
 * head of the person's department. Nobody is told of, or sees, an alert about themselves.</li>
 * <li>Triage: false positive, a finding for the next inspection of the department, or an incident
 * (named by its reference). Alerts about a security administrator are triaged by an auditor,
 * all others by a security administrator; nobody triages an alert about themselves.</li>
 * </ul>
 * The events behind an alert are audit rows (ids, actions, times, targets); never a value.
 */
@Service
public class Alerts {

    static final String TARGET = "monitoring-alert";
    static final String JOB = "monitoring";
    static final int MAX_EVENTS = 500;
    static final int MAX_LIST = 500;
    static final int MIN_NOTE = 10;
    static final int MAX_NOTE = 4000;
    /** The owner id of the module's data key for triage notes: fixed, no customer's or employee's. */
    static final UUID NOTE_OWNER = UUID.nameUUIDFromBytes("custos:monitoring-module-key"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final AuditStream stream;
    private final Employees employees;
    private final Incidents incidents;
    private final DataKeys keys;
    private final MailOutbox mail;
    private final MonitoringProperties properties;
    private final Times times;
    private final Clock clock;

    Alerts(JdbcClient jdbc, AuditLog audit, AuditStream stream, Employees employees, Incidents incidents, DataKeys keys,
            MailOutbox mail, MonitoringProperties properties, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.stream = stream;
        this.employees = employees;
        this.incidents = incidents;
        this.keys = keys;
        this.mail = mail;
        this.properties = properties;
        this.times = times;
        this.clock = clock;
    }

    /** Where an alert stands: waiting for triage, or the triage's outcome. */
    public enum Status {
        OPEN, FALSE_POSITIVE, FINDING, INCIDENT
    }

    /** An alert as lists show it. {@code subjectId} is the person (null for the audit chain's alerts). */
    public record AlertView(UUID id, RuleKind kind, int ruleVersion, AlertSeverity severity, @Nullable UUID subjectId,
            @Nullable UUID departmentId, long figure, int threshold, int windowMinutes, Instant firstEventAt,
            Instant lastEventAt, Instant raisedAt, int repeats, Status status, @Nullable UUID triagedBy,
            @Nullable Instant triagedAt, @Nullable UUID incidentId, int version) {
    }

    /** One audit event behind an alert: its row, time, action, outcome and target (ids only). */
    public record AlertEvent(long row, Instant at, String action, AuditOutcome outcome, @Nullable String targetType,
            @Nullable String targetId) {
    }

    /** An alert with its triage note, the events behind it, and whether the reader may triage it. */
    public record AlertDetail(AlertView alert, @Nullable String note, List<AlertEvent> events, boolean mayTriage,
            @Nullable String incidentReference) {
    }

    /** What lists filter on; null: any. */
    public record Filter(@Nullable Status status, @Nullable RuleKind kind, @Nullable AlertSeverity severity,
            @Nullable UUID departmentId, @Nullable Instant from, @Nullable Instant until) {

        public static Filter all() {
            return new Filter(null, null, null, null, null, null);
        }
    }

    /** A triage: the outcome, the reason in words, and for an incident its reference or id. */
    public record Triage(@Nullable Status outcome, @Nullable String note, @Nullable String incident) {
    }

    // ------------------------------------------------------------------------------------------
    // Raising (the evaluator, in its transaction)

    /**
     * Raises or counts as repeats the crossings; events before {@code alertsFrom} only teach.
     *
     * @return the alerts newly raised
     */
    List<UUID> raise(List<Crossing> crossings, Map<RuleKind, Integer> suppressMinutes, Instant alertsFrom) {
        List<UUID> raised = new ArrayList<>();
        for (Crossing crossing : crossings) {
            if (crossing.lastAt().isBefore(alertsFrom)) {
                continue;
            }
            Duration suppress = Duration.ofMinutes(suppressMinutes.getOrDefault(crossing.kind(), 0));
            Optional<UUID> earlier = jdbc.sql("""
                    select id from monitoring_alert where rule_kind = ? and subject_key = ? and last_event_at >= ?
                    order by last_event_at desc fetch first 1 rows only""")
                    .params(crossing.kind().name(), crossing.subjectKey(), utc(crossing.firstAt().minus(suppress)))
                    .query(UUID.class).optional();
            if (earlier.isPresent() && !suppress.isZero()) {
                UUID id = earlier.get();
                jdbc.sql("""
                        update monitoring_alert set repeats = repeats + 1, figure = case when figure < ? then ? else figure end,
                        last_event_at = case when last_event_at < ? then ? else last_event_at end where id = ?""")
                        .params(crossing.figure(), crossing.figure(), utc(crossing.lastAt()), utc(crossing.lastAt()), id)
                        .update();
                link(id, crossing.rows());
                continue;
            }
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            jdbc.sql("""
                    insert into monitoring_alert (id, rule_kind, rule_version, severity, subject_key, subject_id,
                    department_id, figure, threshold, window_minutes, first_event_at, last_event_at, trigger_event,
                    raised_at, repeats, status, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'OPEN', 0)""")
                    .params(id, crossing.kind().name(), crossing.ruleVersion(), crossing.severity().name(),
                            crossing.subjectKey(), crossing.subjectId(), crossing.departmentId(), crossing.figure(),
                            crossing.threshold(), crossing.windowMinutes(), utc(crossing.firstAt()),
                            utc(crossing.lastAt()), crossing.triggerRow(), utc(now))
                    .update();
            link(id, crossing.rows());
            AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "monitoring.alert.raised",
                    AuditOutcome.ALLOWED).actor(Actor.system(JOB)).target(TARGET, id)
                    .detail("rule", crossing.kind().name()).detail("severity", crossing.severity().name())
                    .detail("figure", crossing.figure()).detail("events", crossing.rows().size());
            if (crossing.subjectId() != null) {
                event.detail("person", crossing.subjectId());
            }
            audit.record(event.build());
            tell(id, crossing);
            raised.add(id);
        }
        return raised;
    }

    private void link(UUID alert, List<Long> rows) {
        int held = jdbc.sql("select count(*) from monitoring_alert_event where alert_id = ?").param(alert)
                .query(Integer.class).single();
        List<Object[]> links = new ArrayList<>();
        for (Long row : new LinkedHashSet<>(rows)) {
            if (held + links.size() >= MAX_EVENTS) {
                break;
            }
            links.add(new Object[] {alert, row, alert, row});
        }
        for (Object[] link : links) {
            jdbc.sql("""
                    insert into monitoring_alert_event (alert_id, audit_row) select ?, ?
                    where not exists (select 1 from monitoring_alert_event where alert_id = ? and audit_row = ?)""")
                    .params(link).update();
        }
    }

    /** Mail to the security administrators, and for a high alert to the person's head; never the person. */
    private void tell(UUID id, Crossing crossing) {
        Set<UUID> to = new LinkedHashSet<>();
        List<EmployeeView> current = employees.current();
        for (EmployeeView person : current) {
            if (person.roles().contains(Role.SECURITY_ADMIN) && person.status() == EmployeeStatus.ACTIVE) {
                to.add(person.id());
            }
        }
        if (crossing.severity() == AlertSeverity.HIGH && crossing.departmentId() != null) {
            employees.department(crossing.departmentId()).map(DepartmentView::headId).ifPresent(to::add);
        }
        if (crossing.subjectId() != null) {
            to.remove(crossing.subjectId());
        }
        if (securityAdmin(crossing.subjectId())) {
            // An alert about a security administrator is the auditors' to triage.
            current.stream().filter(p -> p.roles().contains(Role.AUDITOR)).forEach(p -> to.add(p.id()));
            to.remove(crossing.subjectId());
        }
        List<MailOutbox.Message> letters = new ArrayList<>();
        for (EmployeeView person : current) {
            if (!to.contains(person.id()) || person.email() == null || person.email().isBlank()) {
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("kind", crossing.kind().name());
            variables.put("severity", crossing.severity().name());
            variables.put("figure", crossing.figure());
            variables.put("threshold", crossing.threshold());
            variables.put("minutes", crossing.windowMinutes());
            variables.put("at", TIME.format(crossing.lastAt().atZone(times.zoneOf(person.id()))));
            variables.put("link", properties.baseUrl() + "/monitoring/alerts/" + id);
            letters.add(mail.letter(person.email(), "monitoring-alert", variables));
        }
        mail.send(properties.mailFrom(), letters);
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /** The alerts this person may see, newest first, at most {@value #MAX_LIST}. */
    @Transactional(readOnly = true)
    public List<AlertView> visibleTo(CustosUser by, Filter filter) {
        Set<UUID> headed = headed(by);
        boolean all = by.hasRole(Role.SECURITY_ADMIN) || by.hasRole(Role.AUDITOR);
        if (!all && headed.isEmpty()) {
            return List.of();
        }
        StringBuilder where = new StringBuilder(" where (subject_id is null or subject_id <> ?)");
        List<Object> params = new ArrayList<>();
        params.add(by.id());
        if (!all) {
            where.append(" and department_id in (")
                    .append(String.join(", ", java.util.Collections.nCopies(headed.size(), "?"))).append(')');
            params.addAll(headed);
        }
        if (filter.status() != null) {
            where.append(" and status = ?");
            params.add(filter.status().name());
        }
        if (filter.kind() != null) {
            where.append(" and rule_kind = ?");
            params.add(filter.kind().name());
        }
        if (filter.severity() != null) {
            where.append(" and severity = ?");
            params.add(filter.severity().name());
        }
        if (filter.departmentId() != null) {
            where.append(" and department_id = ?");
            params.add(filter.departmentId());
        }
        if (filter.from() != null) {
            where.append(" and raised_at >= ?");
            params.add(utc(filter.from()));
        }
        if (filter.until() != null) {
            where.append(" and raised_at < ?");
            params.add(utc(filter.until()));
        }
        return jdbc.sql("select " + COLUMNS + " from monitoring_alert" + where + " order by raised_at desc, id "
                + "fetch first " + MAX_LIST + " rows only").params(params).query(Alerts::map).list();
    }

    /**
     * One alert with the events behind it.
     *
     * @throws DomainException 404 for an alert this person may not see (one about themselves included)
     */
    @Transactional(readOnly = true)
    public AlertDetail detail(UUID id, CustosUser by) {
        AlertView alert = visible(id, by);
        List<Long> rows = jdbc.sql("select audit_row from monitoring_alert_event where alert_id = ?").param(id)
                .query(Long.class).list();
        List<AlertEvent> events = stream.rows(rows).stream().map(e -> new AlertEvent(e.row(), e.at(), e.action(),
                e.outcome(), e.targetType(), e.targetId())).toList();
        String note = jdbc.sql("select note_cipher from monitoring_alert where id = ?").param(id).query(String.class)
                .optional().map(cipher -> keys.decrypt(NOTE_OWNER, "triage-note", cipher)).orElse(null);
        String reference = alert.incidentId() == null ? null
                : incidents.find(alert.incidentId().toString(), by).map(IncidentView::reference).orElse(null);
        return new AlertDetail(alert, note, events, mayTriage(alert, by), reference);
    }

    /** Whether this person may triage this alert now. */
    public boolean mayTriage(AlertView alert, CustosUser by) {
        if (alert.status() != Status.OPEN || by.id().equals(alert.subjectId())) {
            return false;
        }
        return securityAdmin(alert.subjectId()) ? by.hasRole(Role.AUDITOR) : by.hasRole(Role.SECURITY_ADMIN);
    }

    /**
     * Triages an open alert.
     *
     * @throws DomainException 404 for an alert this person may not see; 403
     *         {@code monitoring-triage-not-yours} for one they may see but not triage; 409
     *         {@code monitoring-alert-triaged} when it is triaged already; 422
     *         {@code monitoring-triage-outcome}, {@code monitoring-triage-note},
     *         {@code monitoring-triage-incident} for a missing or wrong part
     */
    @Transactional
    public AlertView triage(UUID id, Triage triage, CustosUser by) {
        AlertView alert = visible(id, by);
        if (alert.status() != Status.OPEN) {
            throw DomainException.conflict("monitoring-alert-triaged");
        }
        if (!mayTriage(alert, by)) {
            throw new DomainException("monitoring-triage-not-yours", HttpStatus.FORBIDDEN);
        }
        if (triage.outcome() == null || triage.outcome() == Status.OPEN) {
            throw DomainException.unprocessable("monitoring-triage-outcome", Map.of("field", "outcome"));
        }
        String note = triage.note() == null ? "" : triage.note().strip();
        if (note.length() < MIN_NOTE || note.length() > MAX_NOTE) {
            throw DomainException.unprocessable("monitoring-triage-note", Map.of("field", "note", "min", MIN_NOTE,
                    "max", MAX_NOTE), MIN_NOTE, MAX_NOTE);
        }
        UUID incident = null;
        if (triage.outcome() == Status.INCIDENT) {
            String reference = triage.incident() == null ? "" : triage.incident().strip();
            incident = reference.isEmpty() ? null
                    : incidents.find(reference, by).map(IncidentView::id).orElse(null);
            if (incident == null) {
                throw DomainException.unprocessable("monitoring-triage-incident", Map.of("field", "incident"));
            }
        }
        keys.ensure(NOTE_OWNER);
        String cipher = keys.encrypt(NOTE_OWNER, "triage-note", note);
        int changed = jdbc.sql("""
                update monitoring_alert set status = ?, triaged_by = ?, triaged_at = ?, note_cipher = ?, incident_id = ?,
                version = version + 1 where id = ? and status = 'OPEN'""")
                .params(triage.outcome().name(), by.id(), utc(clock.instant()), cipher, incident, id).update();
        if (changed != 1) {
            throw DomainException.conflict("monitoring-alert-triaged");
        }
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "monitoring.alert.triaged",
                AuditOutcome.ALLOWED).target(TARGET, id).detail("rule", alert.kind().name())
                .detail("outcome", triage.outcome().name());
        if (incident != null) {
            event.detail("incident", incident);
        }
        audit.record(event.build());
        return find(id).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------
    // Figures

    /** Open alerts this person may triage, and how many of them are high. */
    @Transactional(readOnly = true)
    public int[] toTriage(CustosUser by) {
        if (!by.hasRole(Role.SECURITY_ADMIN) && !by.hasRole(Role.AUDITOR)) {
            return new int[] {0, 0};
        }
        int open = 0;
        int high = 0;
        for (AlertView alert : visibleTo(by, new Filter(Status.OPEN, null, null, null, null, null))) {
            if (mayTriage(alert, by)) {
                open++;
                if (alert.severity() == AlertSeverity.HIGH) {
                    high++;
                }
            }
        }
        return new int[] {open, high};
    }

    /** Open high alerts about the people of the departments this person heads (not about themselves). */
    @Transactional(readOnly = true)
    public int openHighForHead(CustosUser by) {
        Set<UUID> headed = headed(by);
        if (headed.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>(headed);
        params.add(by.id());
        return jdbc.sql("select count(*) from monitoring_alert where status = 'OPEN' and severity = 'HIGH' "
                + "and department_id in (" + String.join(", ", java.util.Collections.nCopies(headed.size(), "?"))
                + ") and (subject_id is null or subject_id <> ?)").params(params).query(Integer.class).single();
    }

    /**
     * Alert counts raised from {@code from} up to but not including {@code until} that this person may count: per rule kind, per
     * department (null department: the system or a partner's user) and per day in the company's zone,
     * each per status. Management counts every alert (not about themselves) without reading any;
     * everyone else counts the alerts they may see.
     */
    @Transactional(readOnly = true)
    public Counts counts(CustosUser by, Instant from, Instant until) {
        List<AlertView> counted;
        if (by.hasRole(Role.MANAGEMENT) && !by.hasRole(Role.SECURITY_ADMIN) && !by.hasRole(Role.AUDITOR)) {
            counted = jdbc.sql("select " + COLUMNS + " from monitoring_alert where raised_at >= ? and raised_at < ? "
                    + "and (subject_id is null or subject_id <> ?)").params(utc(from), utc(until), by.id())
                    .query(Alerts::map).list();
        } else {
            counted = visibleTo(by, new Filter(null, null, null, null, from, until));
        }
        Map<RuleKind, Map<Status, Integer>> byKind = new EnumMap<>(RuleKind.class);
        Map<UUID, Map<Status, Integer>> byDepartment = new HashMap<>();
        Map<Status, Integer> noDepartment = new EnumMap<>(Status.class);
        Map<java.time.LocalDate, Map<Status, Integer>> byDay = new java.util.TreeMap<>();
        java.time.ZoneId zone = times.companyZone();
        for (AlertView alert : counted) {
            byKind.computeIfAbsent(alert.kind(), k -> new EnumMap<>(Status.class)).merge(alert.status(), 1,
                    Integer::sum);
            (alert.departmentId() == null ? noDepartment
                    : byDepartment.computeIfAbsent(alert.departmentId(), d -> new EnumMap<>(Status.class)))
                    .merge(alert.status(), 1, Integer::sum);
            byDay.computeIfAbsent(alert.raisedAt().atZone(zone).toLocalDate(), d -> new EnumMap<>(Status.class))
                    .merge(alert.status(), 1, Integer::sum);
        }
        return new Counts(byKind, byDepartment, noDepartment, byDay);
    }

    /** Alert counts per rule kind, per department and per day, each per status. */
    public record Counts(Map<RuleKind, Map<Status, Integer>> byKind, Map<UUID, Map<Status, Integer>> byDepartment,
            Map<Status, Integer> noDepartment, Map<java.time.LocalDate, Map<Status, Integer>> byDay) {
    }

    /** The alerts triaged as findings about people of the department raised in the period (inspections). */
    @Transactional(readOnly = true)
    public int findings(UUID departmentId, Instant from, Instant until) {
        return jdbc.sql("select count(*) from monitoring_alert where status = 'FINDING' and department_id = ? "
                + "and raised_at >= ? and raised_at < ?").params(departmentId, utc(from), utc(until))
                .query(Integer.class).single();
    }

    // ------------------------------------------------------------------------------------------

    private static final String COLUMNS = "id, rule_kind, rule_version, severity, subject_id, department_id, figure, "
            + "threshold, window_minutes, first_event_at, last_event_at, raised_at, repeats, status, triaged_by, "
            + "triaged_at, incident_id, version";

    Optional<AlertView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from monitoring_alert where id = ?").param(id).query(Alerts::map)
                .optional();
    }

    private AlertView visible(UUID id, CustosUser by) {
        AlertView alert = find(id).orElseThrow(DomainException::notFound);
        if (by.id().equals(alert.subjectId())) {
            throw DomainException.notFound();
        }
        boolean all = by.hasRole(Role.SECURITY_ADMIN) || by.hasRole(Role.AUDITOR);
        if (!all && (alert.departmentId() == null || !headed(by).contains(alert.departmentId()))) {
            throw DomainException.notFound();
        }
        return alert;
    }

    /** The departments this person heads now. */
    private Set<UUID> headed(CustosUser by) {
        Set<UUID> headed = new LinkedHashSet<>();
        for (DepartmentView department : employees.departments()) {
            if (by.id().equals(department.headId())) {
                headed.add(department.id());
            }
        }
        return headed;
    }

    private boolean securityAdmin(@Nullable UUID person) {
        return person != null && employees.byId(person).map(p -> p.roles().contains(Role.SECURITY_ADMIN))
                .orElse(false);
    }

    private static AlertView map(ResultSet rs, int n) throws SQLException {
        return new AlertView(rs.getObject(1, UUID.class), RuleKind.valueOf(rs.getString(2)), rs.getInt(3),
                AlertSeverity.valueOf(rs.getString(4)), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class),
                rs.getLong(7), rs.getInt(8), rs.getInt(9), instant(rs, 10), instant(rs, 11), instant(rs, 12),
                rs.getInt(13), Status.valueOf(rs.getString(14)), rs.getObject(15, UUID.class), instantOrNull(rs, 16),
                rs.getObject(17, UUID.class), rs.getInt(18));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
