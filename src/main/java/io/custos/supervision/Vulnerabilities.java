package io.custos.supervision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The vulnerability register (issue 20.7, R-IT-2, policy §二.4). A vulnerability is due a number of
 * days after it was found that depends on its severity ({@link VulnerabilityProperties}). Who may
 * do what:
 * <ul>
 * <li>security administrators record, edit and work on vulnerabilities; a fix is verified by
 * another security administrator or by an auditor, never by the one who recorded it;</li>
 * <li>living with a vulnerability (accepted risk) is proposed by a security administrator, with a
 * reason and a review date, and approved or declined by management, never by the proposer;</li>
 * <li>auditors, management and system administrators (who patch the systems) read the register;</li>
 * <li>anyone else is refused (403) and a partner's account never reaches it.</li>
 * </ul>
 * Every step is versioned: two people acting on the same vulnerability at once do not both win.
 */
@Service
@Transactional
public class Vulnerabilities {

    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 10_000;
    static final int MAX_NOTE = 4_000;
    static final int MAX_SHORT = 200;
    /** A vulnerability found long ago and only now recorded is still recorded; not from before the company used Custos. */
    private static final int MAX_DAYS_BACK = 366;
    private static final Set<Role> READERS = EnumSet.of(Role.SECURITY_ADMIN, Role.AUDITOR, Role.MANAGEMENT,
            Role.SYSTEM_ADMIN);
    private static final String COLUMNS = "id, title, description, severity, found_on, assessment_id, source_text, "
            + "component, due_on, status, created_at, created_by, fixed_at, fixed_by, fix_note, verified_at, verified_by, "
            + "risk_reason, risk_review_on, risk_proposed_by, risk_approved_by, escalated_at, version";

    private final JdbcClient jdbc;
    private final VulnerabilityProperties properties;
    private final VulnerabilityAudit audit;
    private final Times times;
    private final Clock clock;

    Vulnerabilities(JdbcClient jdbc, VulnerabilityProperties properties, VulnerabilityAudit audit, Times times,
            Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- who

    /** Whether this person reads the register (and the assessments). */
    public static boolean reads(CustosUser by) {
        return !by.partner() && by.hasAnyRole(READERS);
    }

    /** Whether this person records and works on vulnerabilities and assessments. */
    public static boolean writes(CustosUser by) {
        return !by.partner() && by.hasRole(Role.SECURITY_ADMIN);
    }

    /**
     * Whether this person may verify a fix (never their own): another security administrator, or an
     * auditor following up the finding, so that a company with one security administrator still has
     * a second pair of eyes on every fix.
     */
    public static boolean verifies(CustosUser by) {
        return !by.partner() && (by.hasRole(Role.SECURITY_ADMIN) || by.hasRole(Role.AUDITOR));
    }

    /** Whether this person decides on accepting a risk. */
    public static boolean decidesRisk(CustosUser by) {
        return !by.partner() && by.hasRole(Role.MANAGEMENT);
    }

    static void requireReader(CustosUser by) {
        if (!reads(by)) {
            throw new DomainException("vulnerability-forbidden", HttpStatus.FORBIDDEN);
        }
    }

    static void requireWriter(CustosUser by) {
        requireReader(by);
        if (!writes(by)) {
            throw new DomainException("vulnerability-security-admin-only", HttpStatus.FORBIDDEN);
        }
    }

    // ---------------------------------------------------------------- recording

    public VulnerabilityView record(VulnerabilityInput input, CustosUser by) {
        requireWriter(by);
        String title = required(input.title(), "title", MAX_TITLE, false);
        String description = required(input.description(), "description", MAX_TEXT, true);
        String component = required(input.component(), "component", MAX_SHORT, false);
        VulnerabilitySeverity severity = severity(input.severity());
        LocalDate today = today();
        LocalDate found = input.foundOn();
        if (found == null || found.isAfter(today) || found.isBefore(today.minusDays(MAX_DAYS_BACK))) {
            throw DomainException.unprocessable("vulnerability-found-on-invalid", Map.of("field", "foundOn"),
                    MAX_DAYS_BACK);
        }
        UUID assessment = assessment(input.assessmentId());
        String source = optional(input.source(), "source", MAX_SHORT, false);
        LocalDate due = found.plusDays(properties.days(severity));
        UUID id = UUID.randomUUID();
        Instant now = now();
        jdbc.sql("insert into supervision_vulnerability (id, title, description, severity, found_on, assessment_id, "
                + "source_text, component, due_on, status, created_at, created_by, version) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, 0)")
                .params(id, title, description, severity.name(), java.sql.Date.valueOf(found), assessment, source,
                        component, java.sql.Date.valueOf(due), utc(now), by.id())
                .update();
        step(id, now, VulnerabilityStepKind.RECORDED, by.id(), severity.name(), null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("severity", severity);
        details.put("foundOn", found);
        details.put("dueOn", due);
        if (assessment != null) {
            details.put("assessment", assessment);
        }
        audit.record("supervision.vulnerability.recorded", VulnerabilityAudit.VULNERABILITY, id, details);
        return row(id).orElseThrow();
    }

    /**
     * Changes what was written, the severity or the component while it is open or being fixed.
     * The due date follows the severity from the day it was found, which itself never changes: a
     * lower severity gives more time, so the change is in the history and the audit log with both.
     */
    public VulnerabilityView edit(UUID id, VulnerabilityInput input, int version, CustosUser by) {
        requireWriter(by);
        VulnerabilityView v = row(id).orElseThrow(DomainException::notFound);
        // Not while management weighs a proposal: what they approve is what they read.
        if (v.status() != VulnerabilityStatus.OPEN && v.status() != VulnerabilityStatus.IN_PROGRESS) {
            throw DomainException.conflict("vulnerability-not-editable");
        }
        if (v.version() != version) {
            throw DomainException.conflict("vulnerability-changed");
        }
        String title = required(input.title(), "title", MAX_TITLE, false);
        String description = required(input.description(), "description", MAX_TEXT, true);
        String component = required(input.component(), "component", MAX_SHORT, false);
        VulnerabilitySeverity severity = severity(input.severity());
        UUID assessment = assessment(input.assessmentId());
        String source = optional(input.source(), "source", MAX_SHORT, false);
        LocalDate due = v.foundOn().plusDays(properties.days(severity));
        update(v, "title = ?, description = ?, component = ?, severity = ?, assessment_id = ?, source_text = ?, due_on = ?",
                title, description, component, severity.name(), assessment, source, java.sql.Date.valueOf(due));
        step(id, now(), VulnerabilityStepKind.EDITED, by.id(),
                v.severity() == severity ? null : v.severity() + ">" + severity, null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previousSeverity", v.severity());
        details.put("severity", severity);
        details.put("dueOn", due);
        audit.record("supervision.vulnerability.edited", VulnerabilityAudit.VULNERABILITY, id, details);
        return row(id).orElseThrow();
    }

    // ---------------------------------------------------------------- steps

    /**
     * One step. {@code note} is the fix note (FIX), the reason (PROPOSE_RISK) or why it is reopened
     * (REOPEN); {@code reviewOn} the date an accepted risk is looked at again.
     */
    public VulnerabilityView act(UUID id, @Nullable VulnerabilityAction action, @Nullable String note,
            @Nullable LocalDate reviewOn, CustosUser by) {
        requireReader(by);
        VulnerabilityView v = row(id).orElseThrow(DomainException::notFound);
        if (action == null) {
            throw DomainException.unprocessable("vulnerability-action-unknown", Map.of("field", "action"));
        }
        Instant now = now();
        switch (action) {
            case START -> {
                requireWriter(by);
                require(v, VulnerabilityStatus.OPEN);
                update(v, "status = 'IN_PROGRESS'");
                step(id, now, VulnerabilityStepKind.STARTED, by.id(), null, null);
                audited("started", v, Map.of());
            }
            case FIX -> {
                requireWriter(by);
                require(v, VulnerabilityStatus.OPEN, VulnerabilityStatus.IN_PROGRESS);
                String text = required(note, "note", MAX_NOTE, true);
                update(v, "status = 'FIXED', fixed_at = ?, fixed_by = ?, fix_note = ?, verified_at = null, "
                        + "verified_by = null", utc(now), by.id(), text);
                step(id, now, VulnerabilityStepKind.FIXED, by.id(), null, text);
                audited("fixed", v, Map.of("withinDeadline", !today().isAfter(v.dueOn())));
            }
            case VERIFY -> {
                if (!verifies(by)) {
                    throw new DomainException("vulnerability-verifier-only", HttpStatus.FORBIDDEN);
                }
                require(v, VulnerabilityStatus.FIXED);
                if (by.id().equals(v.fixedBy())) {
                    throw new DomainException("vulnerability-own-fix", HttpStatus.FORBIDDEN);
                }
                update(v, "status = 'VERIFIED', verified_at = ?, verified_by = ?", utc(now), by.id());
                step(id, now, VulnerabilityStepKind.VERIFIED, by.id(), null, null);
                audited("verified", v, Map.of("fixedBy", java.util.Objects.requireNonNull(v.fixedBy())));
            }
            case REOPEN -> {
                requireWriter(by);
                require(v, VulnerabilityStatus.FIXED, VulnerabilityStatus.ACCEPTED_RISK);
                String text = required(note, "note", MAX_NOTE, true);
                update(v, "status = 'IN_PROGRESS'");
                step(id, now, VulnerabilityStepKind.REOPENED, by.id(), v.status().name(), text);
                audited("reopened", v, Map.of("previousStatus", v.status()));
            }
            case PROPOSE_RISK -> {
                requireWriter(by);
                require(v, VulnerabilityStatus.OPEN, VulnerabilityStatus.IN_PROGRESS);
                String text = required(note, "note", MAX_NOTE, true);
                LocalDate today = today();
                if (reviewOn == null || !reviewOn.isAfter(today)
                        || reviewOn.isAfter(today.plusDays(properties.maxRiskReviewDays()))) {
                    throw DomainException.unprocessable("vulnerability-review-on-invalid", Map.of("field", "reviewOn"),
                            properties.maxRiskReviewDays());
                }
                update(v, "status = 'RISK_PROPOSED', risk_reason = ?, risk_review_on = ?, risk_proposed_by = ?, "
                        + "risk_approved_by = null", text, java.sql.Date.valueOf(reviewOn), by.id());
                step(id, now, VulnerabilityStepKind.RISK_PROPOSED, by.id(), reviewOn.toString(), text);
                audited("risk-proposed", v, Map.of("reviewOn", reviewOn));
            }
            case ACCEPT_RISK, DECLINE_RISK -> {
                if (!decidesRisk(by)) {
                    throw new DomainException("vulnerability-management-only", HttpStatus.FORBIDDEN);
                }
                require(v, VulnerabilityStatus.RISK_PROPOSED);
                if (by.id().equals(v.riskProposedBy())) {
                    throw new DomainException("vulnerability-own-proposal", HttpStatus.FORBIDDEN);
                }
                boolean accept = action == VulnerabilityAction.ACCEPT_RISK;
                if (accept) {
                    update(v, "status = 'ACCEPTED_RISK', risk_approved_by = ?", by.id());
                } else {
                    update(v, "status = 'IN_PROGRESS'");
                }
                step(id, now, accept ? VulnerabilityStepKind.RISK_ACCEPTED : VulnerabilityStepKind.RISK_DECLINED,
                        by.id(), null, null);
                audited(accept ? "risk-accepted" : "risk-declined", v, Map.of());
            }
            default -> throw DomainException.unprocessable("vulnerability-action-unknown", Map.of("field", "action"));
        }
        return row(id).orElseThrow();
    }

    private void audited(String what, VulnerabilityView v, Map<String, ?> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("severity", v.severity());
        details.put("dueOn", v.dueOn());
        details.putAll(extra);
        audit.record("supervision.vulnerability." + what, VulnerabilityAudit.VULNERABILITY, v.id(), details);
    }

    private static void require(VulnerabilityView v, VulnerabilityStatus... allowed) {
        for (VulnerabilityStatus status : allowed) {
            if (v.status() == status) {
                return;
            }
        }
        throw DomainException.conflict("vulnerability-step-not-allowed");
    }

    /**
     * Escalates an overdue vulnerability to management, once: the sweep's step, guarded by the
     * version and by nothing having been escalated yet. False when someone else got there first.
     */
    boolean escalate(VulnerabilityView v) {
        Instant now = now();
        int changed = jdbc.sql("update supervision_vulnerability set escalated_at = ?, version = version + 1 "
                + "where id = ? and version = ? and escalated_at is null")
                .params(utc(now), v.id(), v.version()).update();
        if (changed != 1) {
            return false;
        }
        Actor system = Actor.system(VulnerabilityEscalation.JOB);
        step(v.id(), now, VulnerabilityStepKind.ESCALATED, null, null, null);
        audit.record("supervision.vulnerability.escalated", VulnerabilityAudit.VULNERABILITY, v.id(),
                Map.of("severity", v.severity(), "dueOn", v.dueOn()), system);
        return true;
    }

    // ---------------------------------------------------------------- reading

    /** The register: what is still pending first by due date, then the rest newest first (at most 500). */
    @Transactional(readOnly = true)
    public List<VulnerabilityView> list(CustosUser by) {
        requireReader(by);
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability order by case when status in "
                + "('OPEN', 'IN_PROGRESS', 'RISK_PROPOSED') then 0 else 1 end, case when status in "
                + "('OPEN', 'IN_PROGRESS', 'RISK_PROPOSED') then due_on end, created_at desc")
                .query(mapper()).stream().limit(500).toList();
    }

    @Transactional(readOnly = true)
    public VulnerabilityDetail detail(UUID id, CustosUser by) {
        requireReader(by);
        VulnerabilityView view = row(id).orElseThrow(DomainException::notFound);
        List<VulnerabilityStep> steps = jdbc.sql("select id, happened_at, kind, actor_id, detail, note "
                + "from supervision_vulnerability_step where vulnerability_id = ? order by step_no").param(id)
                .query((rs, n) -> new VulnerabilityStep(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), VulnerabilityStepKind.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6)))
                .list();
        return new VulnerabilityDetail(view, steps);
    }

    /** The vulnerabilities found by one assessment. */
    @Transactional(readOnly = true)
    public List<VulnerabilityView> ofAssessment(UUID assessmentId, CustosUser by) {
        requireReader(by);
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability where assessment_id = ? order by due_on")
                .param(assessmentId).query(mapper()).list();
    }

    /** Pending and past their due date, not yet escalated (the sweep's work). */
    @Transactional(readOnly = true)
    List<VulnerabilityView> overdueUnescalated() {
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability where status in ('OPEN', 'IN_PROGRESS', "
                + "'RISK_PROPOSED') and due_on < ? and escalated_at is null order by due_on")
                .param(java.sql.Date.valueOf(today())).query(mapper()).list();
    }

    /** Everything still pending, for the home pages. */
    @Transactional(readOnly = true)
    List<VulnerabilityView> pending() {
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability where status in ('OPEN', 'IN_PROGRESS', "
                + "'RISK_PROPOSED') order by due_on").query(mapper()).list();
    }

    /** Fixed and waiting for someone to verify, and accepted risks, for the home pages. */
    @Transactional(readOnly = true)
    List<VulnerabilityView> inStatus(VulnerabilityStatus status) {
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability where status = ? order by due_on")
                .param(status.name()).query(mapper()).list();
    }

    Optional<VulnerabilityView> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from supervision_vulnerability where id = ?").param(id).query(mapper())
                .optional();
    }

    /** The days each severity has, for the form's hint. */
    public Map<VulnerabilitySeverity, Integer> daysBySeverity() {
        Map<VulnerabilitySeverity, Integer> days = new LinkedHashMap<>();
        for (VulnerabilitySeverity severity : VulnerabilitySeverity.values()) {
            days.put(severity, properties.days(severity));
        }
        return days;
    }

    // ---------------------------------------------------------------- storage

    private @Nullable UUID assessment(@Nullable UUID id) {
        if (id == null) {
            return null;
        }
        boolean known = jdbc.sql("select count(*) from supervision_assessment where id = ?").param(id)
                .query(Integer.class).single() > 0;
        if (!known) {
            throw DomainException.unprocessable("vulnerability-assessment-unknown", Map.of("field", "assessmentId"));
        }
        return id;
    }

    private void update(VulnerabilityView v, String assignments, @Nullable Object... values) {
        List<@Nullable Object> params = new ArrayList<>(java.util.Arrays.asList(values));
        params.add(v.id());
        params.add(v.version());
        int changed = jdbc.sql("update supervision_vulnerability set " + assignments + ", version = version + 1 "
                + "where id = ? and version = ?").params(params).update();
        if (changed != 1) {
            throw DomainException.conflict("vulnerability-changed");
        }
    }

    private void step(UUID vulnerabilityId, Instant at, VulnerabilityStepKind kind, @Nullable UUID actor,
            @Nullable String detail, @Nullable String note) {
        int number = jdbc.sql("select coalesce(max(step_no), 0) + 1 from supervision_vulnerability_step "
                + "where vulnerability_id = ?").param(vulnerabilityId).query(Integer.class).single();
        jdbc.sql("insert into supervision_vulnerability_step (id, vulnerability_id, step_no, happened_at, kind, actor_id, "
                + "detail, note) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), vulnerabilityId, number, utc(at), kind.name(), actor, detail, note).update();
    }

    private RowMapper<VulnerabilityView> mapper() {
        LocalDate today = today();
        return (rs, n) -> {
            LocalDate due = rs.getObject(9, LocalDate.class);
            return new VulnerabilityView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    VulnerabilitySeverity.valueOf(rs.getString(4)), rs.getObject(5, LocalDate.class),
                    rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), due,
                    VulnerabilityStatus.valueOf(rs.getString(10)), instant(rs.getObject(11, OffsetDateTime.class)),
                    rs.getObject(12, UUID.class), nullableInstant(rs.getObject(13, OffsetDateTime.class)),
                    rs.getObject(14, UUID.class), rs.getString(15), nullableInstant(rs.getObject(16, OffsetDateTime.class)),
                    rs.getObject(17, UUID.class), rs.getString(18), rs.getObject(19, LocalDate.class),
                    rs.getObject(20, UUID.class), rs.getObject(21, UUID.class),
                    nullableInstant(rs.getObject(22, OffsetDateTime.class)), ChronoUnit.DAYS.between(today, due),
                    rs.getInt(23));
        };
    }

    private static Instant instant(OffsetDateTime at) {
        return at.toInstant();
    }

    private static @Nullable Instant nullableInstant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    // ---------------------------------------------------------------- input

    private static VulnerabilitySeverity severity(@Nullable VulnerabilitySeverity severity) {
        if (severity == null) {
            throw DomainException.unprocessable("vulnerability-severity-required", Map.of("field", "severity"));
        }
        return severity;
    }

    static String required(@Nullable String value, String field, int max, boolean multiLine) {
        String text = optional(value, field, max, multiLine);
        if (text == null) {
            throw DomainException.unprocessable("vulnerability-text-required", Map.of("field", field));
        }
        return text;
    }

    static @Nullable String optional(@Nullable String value, String field, int max, boolean multiLine) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw DomainException.unprocessable("vulnerability-text-too-long", Map.of("field", field, "max", max), max);
        }
        if (ControlCharacters.present(text, multiLine)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }

    /** Today in the company's zone: the day things are found and fall due. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
