package io.custos.whistleblowing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.Throttle;
import io.custos.shared.web.Times;

/**
 * Whistleblowing (R-SUP-4, issue 20.5). Anyone may report without an account; the report keeps
 * nothing that identifies its maker (no account, client address, user agent, cookie or session;
 * the report's row holds the day only, though the audit event and the report's data key carry the
 * time) and is followed up with a random code shown once and stored only as
 * its hash. The words are encrypted under the report's own data key.
 * <p>
 * Who handles what: the administration department (ADMIN_OFFICER) every report, except one the
 * reporter says concerns the administration department's own staff, which goes to the auditors and
 * which nobody holding ADMIN_OFFICER sees (a 404, as for anyone else). Handlers answer (the reporter
 * reads the answers with the code) and close it as verified, not verified or unfounded; a verified
 * report publishes {@link ReportVerified}, and the rewards process proposes a reward.
 */
@Service
@Transactional
public class Whistleblowing {

    static final int MAX_TEXT = 5_000;
    static final int MIN_REPORT = 20;
    private static final String COLUMNS = "id, handler_role, concerns_admin, status, verdict, received_on, closed_at, "
            + "(select count(*) from whistle_message m where m.report_id = r.id)";

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final WhistleThrottle throttle;
    private final WhistleblowingAudit audit;
    private final Employees employees;
    private final ApplicationEventPublisher events;
    private final Times times;
    private final Clock clock;
    private final ObjectProvider<RewardOutcomes> rewards;

    Whistleblowing(JdbcClient jdbc, DataKeys keys, WhistleThrottle throttle, WhistleblowingAudit audit,
            Employees employees, ApplicationEventPublisher events, Times times, Clock clock,
            ObjectProvider<RewardOutcomes> rewards) {
        this.rewards = rewards;
        this.jdbc = jdbc;
        this.keys = keys;
        this.throttle = throttle;
        this.audit = audit;
        this.employees = employees;
        this.events = events;
        this.times = times;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- the reporter

    /**
     * A new report. {@code client} is the request's address, used only for the in-memory limit on
     * reports per client and never stored.
     *
     * @throws DomainException 422 {@code whistle-text-required}, 429 {@code whistle-throttled}
     */
    public Submitted submit(@Nullable String text, boolean concernsAdministration, String client) {
        String words = text(text, MIN_REPORT);
        Throttle.Decision reportAllowed = throttle.report(client);
        if (!reportAllowed.allowed()) {
            throw Throttle.refusal("whistle-throttled", reportAllowed.retryAfterSeconds());
        }
        String code = WhistleCodes.generate();
        return create(code, words, concernsAdministration);
    }

    /** For the demo only: a report with a code chosen beforehand. */
    Submitted create(String code, String words, boolean concernsAdministration) {
        UUID id = UUID.randomUUID();
        LocalDate today = today();
        Role handler = concernsAdministration ? Role.AUDITOR : Role.ADMIN_OFFICER;
        keys.ensure(id);
        jdbc.sql("insert into whistle_report (id, code_hash, handler_role, concerns_admin, status, received_on, version) "
                        + "values (?, ?, ?, ?, 'OPEN', ?, 0)")
                .params(id, WhistleCodes.hash(WhistleCodes.normalize(code).orElseThrow()), handler.name(),
                        concernsAdministration, java.sql.Date.valueOf(today))
                .update();
        message(id, MessageAuthor.REPORT, null, words);
        audit.byReporter("whistleblowing.report.submitted", id, Map.of("handledBy", handler,
                "concernsAdministration", concernsAdministration));
        return new Submitted(code, today);
    }

    /**
     * The report behind a code, as the reporter reads it. A wrong code and an unknown one answer the
     * same 404; after too many wrong codes from one client, 429 until the period passes.
     */
    @Transactional(readOnly = true)
    public FollowUp followUp(@Nullable String code, String client) {
        UUID id = byCode(code, client);
        ReportView report = row(id).orElseThrow(DomainException::notFound);
        List<ReportMessage> messages = messages(id).stream()
                .map(m -> new ReportMessage(m.author(), m.writtenOn(), m.text(), null)).toList();
        RewardOutcomes outcomes = report.verdict() == Verdict.VERIFIED ? rewards.getIfAvailable() : null;
        return new FollowUp(report.status(), report.verdict(), report.receivedOn(), report.handler() == Role.AUDITOR,
                outcomes == null ? null : outcomes.of(id).orElse(null), messages);
    }

    /**
     * More facts or evidence from the reporter, with the code, while the report is open.
     *
     * @throws DomainException 404 for a wrong code, 409 {@code whistle-closed}, 422 {@code whistle-text-required}
     */
    public FollowUp addMessage(@Nullable String code, @Nullable String text, String client) {
        UUID id = byCode(code, client);
        ReportView report = lock(id);
        if (!report.open()) {
            throw DomainException.conflict("whistle-closed");
        }
        message(id, MessageAuthor.REPORTER, null, text(text, 1));
        audit.byReporter("whistleblowing.report.added-to", id, Map.of());
        return followUp(code, client);
    }

    private UUID byCode(@Nullable String code, String client) {
        // One indexed lookup of a hash: how long it takes tells nothing about how close a guess was.
        // A code that exists always answers: the limit counts only misses, so one person behind the
        // office's shared address cannot lock colleagues out by typing wrong codes (100 bits stay
        // out of reach of guessing either way).
        Optional<UUID> id = WhistleCodes.normalize(code).flatMap(normalized -> jdbc
                .sql("select id from whistle_report where code_hash = ?").param(WhistleCodes.hash(normalized))
                .query(UUID.class).optional());
        if (id.isPresent()) {
            return id.get();
        }
        Throttle.Decision mayTry = throttle.mayTry(client);
        if (!mayTry.allowed()) {
            throw Throttle.refusal("whistle-throttled", mayTry.retryAfterSeconds());
        }
        throttle.wrongCode(client);
        throw DomainException.notFound();
    }

    // ---------------------------------------------------------------- handlers

    /** Whether this person handles reports at all (an administration officer or an auditor). */
    public static boolean handles(CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || by.hasRole(Role.AUDITOR);
    }

    /** Whether this person may see this report: its handler role, and never an administration officer when it concerns them. */
    static boolean maySee(ReportView report, CustosUser by) {
        if (report.handler() == Role.AUDITOR) {
            return by.hasRole(Role.AUDITOR) && !by.hasRole(Role.ADMIN_OFFICER);
        }
        return by.hasRole(Role.ADMIN_OFFICER);
    }

    /**
     * The reports this person handles, open first, then closed ones newest first (at most 500).
     *
     * @throws DomainException 403 for anyone who handles none
     */
    @Transactional(readOnly = true)
    public List<ReportView> visibleTo(CustosUser by) {
        if (!handles(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        String role = by.hasRole(Role.ADMIN_OFFICER) ? Role.ADMIN_OFFICER.name() : Role.AUDITOR.name();
        return jdbc.sql("select " + COLUMNS + " from whistle_report r where handler_role = ? "
                        + "order by case when status = 'OPEN' then 0 else 1 end, received_on desc, id")
                .param(role).query((rs, n) -> view(rs, List.of())).stream().limit(500).toList();
    }

    /** How many open reports wait for this person's role (home page). */
    @Transactional(readOnly = true)
    public int openFor(CustosUser by) {
        if (!handles(by)) {
            return 0;
        }
        String role = by.hasRole(Role.ADMIN_OFFICER) ? Role.ADMIN_OFFICER.name() : Role.AUDITOR.name();
        return jdbc.sql("select count(*) from whistle_report where status = 'OPEN' and handler_role = ?").param(role)
                .query(Integer.class).single();
    }

    /** One report with its messages, for its handlers; audited. Anyone else: 404. */
    public ReportView detail(UUID id, CustosUser by) {
        ReportView report = row(id).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
        audit.byHandler("whistleblowing.report.viewed", id, Map.of());
        return withMessages(report);
    }

    /**
     * An answer the reporter reads with the code.
     *
     * @throws DomainException 404 outside the handler's reports, 409 {@code whistle-closed}, 422 {@code whistle-text-required}
     */
    public ReportView answer(UUID id, @Nullable String text, CustosUser by) {
        ReportView report = handled(id, by);
        if (!report.open()) {
            throw DomainException.conflict("whistle-closed");
        }
        message(id, MessageAuthor.ANSWER, by.id(), text(text, 1));
        audit.byHandler("whistleblowing.report.answered", id, Map.of());
        return withMessages(row(id).orElseThrow());
    }

    /**
     * Closes the report with a verdict and, optionally, a last answer; a verified report proposes a reward.
     *
     * @throws DomainException 404 outside the handler's reports, 409 {@code whistle-closed}, 422
     *         {@code whistle-verdict-required}
     */
    public ReportView close(UUID id, @Nullable Verdict verdict, @Nullable String text, CustosUser by) {
        ReportView report = handled(id, by);
        if (!report.open()) {
            throw DomainException.conflict("whistle-closed");
        }
        if (verdict == null) {
            throw DomainException.unprocessable("whistle-verdict-required", Map.of("field", "verdict"));
        }
        if (text != null && !text.isBlank()) {
            message(id, MessageAuthor.ANSWER, by.id(), text(text, 1));
        }
        int updated = jdbc.sql("update whistle_report set status = 'CLOSED', verdict = ?, closed_at = ?, closed_by = ?, "
                        + "version = version + 1 where id = ? and status = 'OPEN'")
                .params(verdict.name(), clock.instant().atOffset(ZoneOffset.UTC), by.id(), id).update();
        if (updated != 1) {
            throw DomainException.conflict("whistle-closed");
        }
        audit.byHandler("whistleblowing.report.closed", id, Map.of("verdict", verdict));
        if (verdict == Verdict.VERIFIED) {
            events.publishEvent(new ReportVerified(id));
        }
        return withMessages(row(id).orElseThrow());
    }

    /** Whether a report exists and was closed as verified (the rewards process checks its evidence). */
    @Transactional(readOnly = true)
    public boolean verified(UUID id) {
        return row(id).map(r -> r.verdict() == Verdict.VERIFIED).orElse(false);
    }

    /**
     * Whether a report exists, was closed as verified and this person may see it (its handler
     * role): the evidence check for a proposal by a person, so that nobody learns anything about a
     * report that is not theirs to handle.
     */
    @Transactional(readOnly = true)
    public boolean verifiedFor(UUID id, CustosUser by) {
        return row(id).filter(r -> maySee(r, by)).map(r -> r.verdict() == Verdict.VERIFIED).orElse(false);
    }

    /**
     * The day a report arrived: how the rewards process names it as evidence to those who decide on
     * it (management), who do not handle reports. No word of the report, nothing about its handling.
     */
    @Transactional(readOnly = true)
    public Optional<LocalDate> receivedOn(UUID id) {
        return row(id).map(ReportView::receivedOn);
    }

    /** The verified reports this person handles (the evidence a proposal may cite); empty for anyone else. */
    @Transactional(readOnly = true)
    public List<ReportView> verifiedFor(CustosUser by) {
        return handles(by) ? visibleTo(by).stream().filter(r -> r.verdict() == Verdict.VERIFIED).toList() : List.of();
    }

    /** Whether this person handles this report, so may open its page. */
    @Transactional(readOnly = true)
    public boolean mayOpen(UUID id, CustosUser by) {
        return row(id).filter(r -> maySee(r, by)).isPresent();
    }

    /** Whether this report is the auditors' (it concerns the administration department's own staff). */
    @Transactional(readOnly = true)
    public boolean handledByAuditors(UUID id) {
        return row(id).map(r -> r.handler() == Role.AUDITOR).orElse(false);
    }

    /**
     * A reporter claims their reward in person: a handler of the report (the administration
     * department, or the auditors for a report about the administration department) checks the
     * code the reporter shows. Only the report's id and verdict come back, never a word of it.
     * Wrong codes count against this member of staff as they do against a client.
     *
     * @throws DomainException 404 for a wrong code or a report this person does not handle, 429
     *         {@code whistle-throttled}
     */
    @Transactional(readOnly = true)
    public Claim claim(@Nullable String code, CustosUser by) {
        if (!handles(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        UUID id = byCode(code, "staff:" + by.id());
        ReportView report = row(id).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
        return new Claim(report.id(), report.verdict());
    }

    /** What a claim shows the member of staff: which report, and whether it was verified. No words. */
    public record Claim(UUID reportId, @Nullable Verdict verdict) {

        public boolean verified() {
            return verdict == Verdict.VERIFIED;
        }
    }

    private ReportView handled(UUID id, CustosUser by) {
        row(id).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
        return lock(id);
    }

    // ---------------------------------------------------------------- storage

    private ReportView lock(UUID id) {
        // Serializes two writers of one report (answer and close, or two messages): positions stay unique.
        jdbc.sql("update whistle_report set version = version + 1 where id = ?").param(id).update();
        return row(id).orElseThrow(DomainException::notFound);
    }

    private void message(UUID reportId, MessageAuthor author, @Nullable UUID handler, String text) {
        UUID id = UUID.randomUUID();
        int position = jdbc.sql("select coalesce(max(position), 0) + 1 from whistle_message where report_id = ?")
                .param(reportId).query(Integer.class).single();
        jdbc.sql("insert into whistle_message (id, report_id, author, handler_id, written_on, position, text_cipher) "
                        + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, reportId, author.name(), handler, java.sql.Date.valueOf(today()), position,
                        keys.encrypt(reportId, field(id), text))
                .update();
    }

    private record StoredMessage(UUID id, MessageAuthor author, @Nullable UUID handler, LocalDate writtenOn,
            String cipher) {
    }

    private List<ReportMessage> messages(UUID reportId) {
        List<StoredMessage> stored = jdbc.sql("select id, author, handler_id, written_on, text_cipher from whistle_message "
                        + "where report_id = ? order by position")
                .param(reportId)
                .query((rs, n) -> new StoredMessage(rs.getObject(1, UUID.class), MessageAuthor.valueOf(rs.getString(2)),
                        rs.getObject(3, UUID.class), rs.getDate(4).toLocalDate(), rs.getString(5)))
                .list();
        Map<UUID, String> names = new LinkedHashMap<>();
        return stored.stream().map(m -> new ReportMessage(m.author(), m.writtenOn(),
                keys.decrypt(reportId, field(m.id()), m.cipher()),
                m.handler() == null ? null : names.computeIfAbsent(m.handler(),
                        h -> employees.byId(h).map(EmployeeView::displayName).orElse(""))))
                .toList();
    }

    private ReportView withMessages(ReportView report) {
        List<ReportMessage> messages = messages(report.id());
        return new ReportView(report.id(), report.handler(), report.concernsAdministration(), report.status(),
                report.verdict(), report.receivedOn(), report.closedAt(), messages.size(), messages);
    }

    Optional<ReportView> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from whistle_report r where id = ?").param(id)
                .query((rs, n) -> view(rs, List.of())).optional();
    }

    private static ReportView view(java.sql.ResultSet rs, List<ReportMessage> messages) throws java.sql.SQLException {
        String verdict = rs.getString(5);
        java.sql.Timestamp closed = rs.getTimestamp(7);
        return new ReportView(rs.getObject(1, UUID.class), Role.valueOf(rs.getString(2)), rs.getBoolean(3),
                ReportStatus.valueOf(rs.getString(4)), verdict == null ? null : Verdict.valueOf(verdict),
                rs.getDate(6).toLocalDate(), closed == null ? null : closed.toInstant(), rs.getInt(8), messages);
    }

    private static String field(UUID messageId) {
        return "whistle-message:" + messageId;
    }

    private static String text(@Nullable String text, int min) {
        String words = text == null ? "" : text.strip();
        if (ControlCharacters.present(words, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", "text"));
        }
        if (words.length() < min || words.length() > MAX_TEXT) {
            throw DomainException.unprocessable("whistle-text-required", Map.of("field", "text", "min", min,
                    "max", MAX_TEXT), min, MAX_TEXT);
        }
        return words;
    }

    /** Today in the company's zone. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }
}
