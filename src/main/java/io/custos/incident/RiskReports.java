package io.custos.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HexFormat;
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
import io.custos.shared.Throttle;
import io.custos.shared.Throttles;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Risk reports (issue 20.3, R-EMP-3, policy §四.1): any member of staff reports a security risk or a
 * suspected leak; IT security (SECURITY_ADMIN) triages it: dismissed with a reason, fixed with what
 * was done, or raised to an incident. Who sees what:
 * <ul>
 * <li>the reporter: their own named reports, with status and answer; an anonymous one only with the
 * follow-up code they were shown once;</li>
 * <li>IT security: every report with its words, and the reporter of a named one, except a report the
 * reporter marked as concerning IT security itself: that one is decided by the auditors and
 * management (none of whom also holds SECURITY_ADMIN), and IT security cannot read it (404);</li>
 * <li>nobody else, department heads included: a report someone may not see answers 404.</li>
 * </ul>
 * An anonymous report stores no reporter id and nothing computed from one: only the hash of its
 * follow-up code. So nobody triages their own named report, but IT security cannot tell whether one
 * of its own people filed an anonymous one: that is the cost of anonymity (the triage is audited
 * under the triager's name, for the auditor and management to see). Its audit records, when it was made
 * and each time it is followed, name no actor, client address or request. Wrong follow-up codes
 * are limited per client ({@code custos.incident.follow-wrong-codes}).
 */
@Service
@Transactional
public class RiskReports {

    private static final String COLUMNS = "id, reference, category, anonymous, reporter_id, status, reported_at, "
            + "triaged_at, triaged_by, incident_id, description_cipher, answer_cipher, version, concerns_security";
    private static final char[] CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final IncidentTexts texts;
    private final IncidentNumbers numbers;
    private final IncidentAudit audit;
    private final Incidents incidents;
    private final Times times;
    private final Clock clock;
    private final Throttle wrongCodes;

    RiskReports(JdbcClient jdbc, IncidentTexts texts, IncidentNumbers numbers, IncidentAudit audit,
            Incidents incidents, Times times, IncidentProperties properties, Clock clock, Throttles throttles) {
        this.jdbc = jdbc;
        this.texts = texts;
        this.numbers = numbers;
        this.audit = audit;
        this.incidents = incidents;
        this.times = times;
        this.clock = clock;
        this.wrongCodes = throttles.named("risk-follow-wrong-code", properties.followWrongCodes(), properties.followPeriod());
    }

    /** A new report and, for an anonymous one, the follow-up code (shown once, stored only as a hash). */
    public record Submitted(RiskReportView report, @Nullable String followUpCode) {

        @Override
        public String toString() {
            return "Submitted[" + report.id() + "]";
        }
    }

    // ---------------------------------------------------------------- reporting

    public Submitted report(@Nullable RiskCategory category, @Nullable String description, boolean anonymous,
            boolean concernsSecurity, CustosUser by) {
        if (!isStaff(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        if (category == null) {
            throw DomainException.unprocessable("risk-category-required", Map.of("field", "category"));
        }
        String text = IncidentTexts.required(description, "description");
        UUID id = UUID.randomUUID();
        Instant now = now();
        String reference = numbers.riskReport(LocalDate.ofInstant(now, times.companyZone()).getYear());
        String code = anonymous ? followUpCode() : null;
        jdbc.sql("insert into incident_risk_report (id, reference, category, anonymous, concerns_security, reporter_id, "
                + "follow_code_hash, description_cipher, status, reported_at, version) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, 0)")
                .params(id, reference, category.name(), anonymous, concernsSecurity, anonymous ? null : by.id(),
                        code == null ? null : hash(code),
                        texts.seal(field(id, "description"), text), utc(now))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("riskCategory", category);
        details.put("anonymous", anonymous);
        details.put("concernsSecurity", concernsSecurity);
        if (anonymous) {
            // Names no actor, client address or request id: the reporter is not stored anywhere.
            audit.anonymous("incident.risk.reported", IncidentAudit.RISK_REPORT, id, details);
        } else {
            audit.record("incident.risk.reported", IncidentAudit.RISK_REPORT, id, details, by.actor());
        }
        return new Submitted(row(id, true, true).orElseThrow(), code);
    }

    // ---------------------------------------------------------------- reading

    /**
     * IT security: every report but those about IT security; the auditors and management: those about
     * IT security; both with their own named reports, open first, newest first. Anyone else: their own
     * named reports, newest first.
     */
    @Transactional(readOnly = true)
    public List<RiskReportView> visibleTo(CustosUser by) {
        if (triages(by)) {
            return jdbc.sql("select " + COLUMNS + " from incident_risk_report where concerns_security = ? "
                    + "or reporter_id = ? order by case when status = 'OPEN' then 0 else 1 end, reported_at desc")
                    .params(triages(by, true), by.id()).query(mapper(false, true)).stream().limit(500).toList();
        }
        if (!isStaff(by)) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from incident_risk_report where reporter_id = ? order by reported_at desc")
                .param(by.id()).query(mapper(false, true)).list();
    }

    /** One report with its words, for IT security or its named reporter; 404 for anyone else. */
    public RiskReportView detail(UUID id, CustosUser by) {
        RiskReportView report = row(id, true, true).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
        if (!by.id().equals(report.reporterId())) {
            audit.record("incident.risk.viewed", IncidentAudit.RISK_REPORT, id, Map.of("riskStatus", report.status()),
                    by.actor());
        }
        return report;
    }

    /**
     * An anonymous report followed with its code: status, answer and words, never a reporter. Audited
     * as done by nobody (a record of who followed it would name the reporter). {@code client} is the
     * request's address, used only for the limit on wrong codes (shared by the nodes) and stored only as a keyed hash: after too
     * many wrong codes from one client, even the right one answers 429 until the period passes.
     *
     * @throws DomainException 429 {@code risk-follow-throttled}
     */
    public Optional<RiskReportView> follow(@Nullable String code, String client) {
        Throttle.Decision mayTry = wrongCodes.check(client);
        if (!mayTry.allowed()) {
            throw Throttle.refusal("risk-follow-throttled", mayTry.retryAfterSeconds());
        }
        Optional<RiskReportView> found = code == null || code.isBlank() ? Optional.empty()
                : jdbc.sql("select " + COLUMNS + " from incident_risk_report where follow_code_hash = ?")
                        .param(hash(code.strip().toUpperCase(java.util.Locale.ROOT).replace(" ", "")))
                        .query(mapper(true, false)).optional();
        if (found.isEmpty()) {
            wrongCodes.spend(client);
            return found;
        }
        audit.anonymous("incident.risk.followed", IncidentAudit.RISK_REPORT, found.get().id(),
                Map.of("riskStatus", found.get().status()));
        return found;
    }

    /** Forgets every client's wrong codes (tests). */
    void forgetWrongCodes() {
        wrongCodes.reset();
    }

    /** Reports waiting for a decision: about IT security (for the auditors and management) or the others. */
    @Transactional(readOnly = true)
    public int untriaged(boolean concernsSecurity) {
        return jdbc.sql("select count(*) from incident_risk_report where status = 'OPEN' and concerns_security = ?")
                .param(concernsSecurity).query(Integer.class).single();
    }

    @Transactional(readOnly = true)
    public Optional<Instant> oldestUntriaged(boolean concernsSecurity) {
        return Optional.ofNullable(jdbc.sql("select min(reported_at) from incident_risk_report where status = 'OPEN' "
                + "and concerns_security = ?").param(concernsSecurity).query(OffsetDateTime.class).single())
                .map(OffsetDateTime::toInstant);
    }

    // ---------------------------------------------------------------- triage

    /**
     * IT security's decision, with the words the reporter reads: the reason for dismissing, what was
     * done, or why it is an incident. Raising opens an incident of the given severity whose clocks
     * count from the moment the report arrived: that is when the company learned of it.
     */
    public RiskReportView triage(UUID id, @Nullable Triage decision, @Nullable String answer,
            @Nullable Severity severity, @Nullable Set<DataCategory> categories, CustosUser by) {
        RiskReportView report = row(id, false, true).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
        if (!triages(by, report.concernsSecurity())) {
            throw new DomainException("risk-not-yours", HttpStatus.FORBIDDEN);
        }
        if (by.id().equals(report.reporterId())) {
            throw new DomainException("risk-own-report", HttpStatus.FORBIDDEN);
        }
        if (!report.open()) {
            throw DomainException.conflict("risk-triaged");
        }
        if (decision == null) {
            throw DomainException.unprocessable("risk-decision-required", Map.of("field", "decision"));
        }
        String words = IncidentTexts.required(answer, "answer");
        UUID incident = null;
        if (decision == Triage.RAISED) {
            if (severity == null) {
                throw DomainException.unprocessable("incident-severity-required", Map.of("field", "severity"));
            }
            incident = incidents.openRaised(new NewIncident(severity, categories == null ? Set.of() : categories,
                    report.reportedAt(), words, List.of(), id), by).id();
        }
        Instant now = now();
        int changed = jdbc.sql("update incident_risk_report set status = ?, triaged_at = ?, triaged_by = ?, "
                + "answer_cipher = ?, incident_id = ?, version = version + 1 where id = ? and version = ?")
                .params(decision.name(), utc(now), by.id(), texts.seal(field(id, "answer"), words), incident, id,
                        report.version())
                .update();
        if (changed != 1) {
            throw DomainException.conflict("risk-changed");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("riskStatus", RiskStatus.valueOf(decision.name()));
        if (incident != null) {
            details.put("incident", incident);
        }
        audit.record("incident.risk.triaged", IncidentAudit.RISK_REPORT, id, details, by.actor());
        return row(id, true, true).orElseThrow();
    }

    // ---------------------------------------------------------------- rules

    /** Whether this person decides on some risk reports (and lists them). */
    public static boolean triages(CustosUser by) {
        return triages(by, false) || triages(by, true);
    }

    /**
     * Whether this person decides on risk reports of this kind: IT security, except for a report
     * about IT security itself, which the auditors and management decide, none of them also holding
     * SECURITY_ADMIN (as whistleblowing routes a report about the administration department).
     */
    public static boolean triages(CustosUser by, boolean concernsSecurity) {
        if (by.partner()) {
            return false;
        }
        if (concernsSecurity) {
            return !by.hasRole(Role.SECURITY_ADMIN) && by.hasAnyRole(EnumSet.of(Role.AUDITOR, Role.MANAGEMENT));
        }
        return by.hasRole(Role.SECURITY_ADMIN);
    }

    static boolean isStaff(CustosUser by) {
        return !by.partner() && !by.hasRole(Role.CUSTOMER) && !by.roles().isEmpty();
    }

    private static boolean maySee(RiskReportView report, CustosUser by) {
        return triages(by, report.concernsSecurity()) || isStaff(by) && by.id().equals(report.reporterId());
    }

    // ---------------------------------------------------------------- storage

    /** Twelve letters and digits without look-alikes (about 60 bits), shown in groups of four. */
    private static String followUpCode() {
        StringBuilder code = new StringBuilder(14);
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_LETTERS[RANDOM.nextInt(CODE_LETTERS.length)]);
        }
        return code.toString();
    }

    static String hash(String code) {
        try {
            String canonical = code.replace("-", "");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("custos:risk-follow:" + canonical).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(UUID id, String part) {
        return "risk-report:" + id + ":" + part;
    }

    Optional<RiskReportView> row(UUID id, boolean words, boolean reporter) {
        return jdbc.sql("select " + COLUMNS + " from incident_risk_report where id = ?").param(id)
                .query(mapper(words, reporter)).optional();
    }

    private RowMapper<RiskReportView> mapper(boolean words, boolean reporter) {
        return (rs, n) -> {
            UUID id = rs.getObject(1, UUID.class);
            OffsetDateTime triaged = rs.getObject(8, OffsetDateTime.class);
            return new RiskReportView(id, rs.getString(2), RiskCategory.valueOf(rs.getString(3)), rs.getBoolean(4),
                    rs.getBoolean(14), reporter ? rs.getObject(5, UUID.class) : null, RiskStatus.valueOf(rs.getString(6)),
                    rs.getObject(7, OffsetDateTime.class).toInstant(), triaged == null ? null : triaged.toInstant(),
                    rs.getObject(9, UUID.class), rs.getObject(10, UUID.class),
                    words ? texts.open(field(id, "description"), rs.getString(11)) : null,
                    words ? texts.open(field(id, "answer"), rs.getString(12)) : null, rs.getInt(13));
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
