package io.custos.discipline;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessReviews;
import io.custos.access.FlaggedAccess;
import io.custos.access.ReviewOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.supervision.Rectifications;
import io.custos.whistleblowing.Whistleblowing;

/**
 * Rewards and penalties (R-SUP-5, issue 20.6). The administration department (ADMIN_OFFICER)
 * proposes, or the system does from a verified whistleblowing report (a reward for the anonymous
 * reporter) and from an access reviewed as unjustified (a warning); management (MANAGEMENT)
 * approves or rejects. Nobody proposes about themselves, and nobody decides a proposal about
 * themselves or one they proposed. Each proposal names its evidence, and the evidence must hold: a
 * whistleblowing report verified as true, an access reviewed as unjustified (the named person's), an
 * inspection finding (by the id of the rectification it became, asked of supervision) or an incident
 * (by its id or reference, asked of the incident module; its reference is kept with the proposal).
 * <p>
 * A person's record (the decisions about them) is theirs to read and the administration
 * department's; for anyone else it does not exist (404). The lists are for the administration
 * department and management.
 */
@Service
@Transactional
public class Proposals {

    static final int MAX_TEXT = 2_000;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("10000000");
    private static final Pattern AUDIT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final String COLUMNS = "id, kind, employee_id, anonymous_reporter, amount_fen, reason_cipher, "
            + "evidence_kind, evidence_id, evidence_reference, status, proposed_by, proposed_at, automatic_key, "
            + "decided_by, decided_at, note_cipher, auditors_only, paid_at, paid_by";
    static final Actor SYSTEM = Actor.system("discipline");

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Employees employees;
    private final AccessReviews reviews;
    private final Whistleblowing whistleblowing;
    private final Rectifications rectifications;
    private final Incidents incidents;
    private final DisciplineAudit audit;
    private final DisciplineProperties properties;
    private final Clock clock;

    Proposals(JdbcClient jdbc, DataKeys keys, Employees employees, AccessReviews reviews, Whistleblowing whistleblowing,
            Rectifications rectifications, Incidents incidents, DisciplineAudit audit, DisciplineProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.employees = employees;
        this.reviews = reviews;
        this.whistleblowing = whistleblowing;
        this.rectifications = rectifications;
        this.incidents = incidents;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- proposing

    /**
     * A proposal by the administration department, or by the auditors on a report they handle.
     *
     * @throws DomainException 403 for anyone else; 422 {@code discipline-own} about oneself,
     *         {@code discipline-kind-required}, {@code discipline-person-invalid},
     *         {@code discipline-amount-invalid}, {@code discipline-reason-required},
     *         {@code discipline-evidence-invalid}, {@code discipline-finding-unknown},
     *         {@code discipline-incident-unknown}; 409 {@code discipline-duplicate} when a proposal of
     *         the same kind about the same person (or the anonymous reporter) on the same evidence is
     *         pending or approved
     */
    public Proposal propose(NewProposal input, CustosUser by) {
        if (!mayPropose(by, input.evidenceKind())) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        ProposalKind kind = input.kind();
        if (kind == null) {
            throw DomainException.unprocessable("discipline-kind-required", Map.of("field", "kind"));
        }
        UUID employee = null;
        if (input.anonymousReporter()) {
            if (kind != ProposalKind.REWARD || input.evidenceKind() != EvidenceKind.WHISTLEBLOWING) {
                throw DomainException.unprocessable("discipline-person-invalid", Map.of("field", "employeeId"));
            }
        } else {
            employee = input.employeeId();
            if (employee == null || employees.byId(employee).filter(e -> !e.partner()).isEmpty()) {
                throw DomainException.unprocessable("discipline-person-invalid", Map.of("field", "employeeId"));
            }
            if (employee.equals(by.id())) {
                throw DomainException.unprocessable("discipline-own", Map.of("field", "employeeId"));
            }
        }
        Long fen = amount(kind, input.amount());
        String reason = text(input.reason(), "reason", true);
        Evidence evidence = evidence(input.evidenceKind(), input.evidenceId(), input.evidenceReference(), kind, employee,
                by);
        String dedupe = dedupeKey(kind, evidence, employee);
        if (jdbc.sql("select count(*) from discipline_proposal where dedupe_key = ?").param(dedupe).query(Long.class)
                .single() > 0) {
            throw DomainException.conflict("discipline-duplicate");
        }
        try {
            return insert(kind, employee, fen, reason, evidence, by.id(), null, by.actor());
        } catch (DuplicateKeyException raced) {
            // Two officers proposing the same thing at once: the unique key lets one through.
            throw DomainException.conflict("discipline-duplicate");
        }
    }

    /**
     * Who may propose: the administration department; and the auditors, with a report they handle
     * (one about the administration department's own staff) as the evidence, since nobody in that
     * department should have to start the penalty for a colleague.
     */
    public static boolean mayPropose(CustosUser by, @Nullable EvidenceKind evidenceKind) {
        return by.hasRole(Role.ADMIN_OFFICER) || (auditor(by)
                && (evidenceKind == null || evidenceKind == EvidenceKind.WHISTLEBLOWING));
    }

    /** An auditor who does not also sit in the administration department (the whistleblowing handlers' rule). */
    private static boolean auditor(CustosUser by) {
        return by.hasRole(Role.AUDITOR) && !by.hasRole(Role.ADMIN_OFFICER);
    }

    private static String dedupeKey(ProposalKind kind, Evidence evidence, @Nullable UUID employee) {
        return kind + ":" + evidence.kind() + ":" + evidence.id() + ":" + (employee == null ? "anonymous" : employee);
    }

    /**
     * The reward the system proposes for the anonymous reporter of a report verified as true; once
     * per report, however often it is asked.
     */
    public Optional<Proposal> proposeReward(UUID reportId) {
        if (!whistleblowing.verified(reportId)) {
            return Optional.empty();
        }
        Evidence evidence = new Evidence(EvidenceKind.WHISTLEBLOWING, reportId.toString(), null,
                whistleblowing.handledByAuditors(reportId));
        return automatic(ProposalKind.REWARD, null, fen(properties.whistleblowerReward()), evidence);
    }

    /** The warning the system proposes for an access reviewed as unjustified; once per reviewed item. */
    public Optional<Proposal> proposeWarning(UUID itemId) {
        FlaggedAccess item = reviews.find(itemId).filter(i -> i.outcome() == ReviewOutcome.UNJUSTIFIED).orElse(null);
        if (item == null) {
            return Optional.empty();
        }
        Evidence evidence = new Evidence(EvidenceKind.ACCESS_REVIEW, itemId.toString(), null, false);
        return automatic(ProposalKind.WARNING, item.employeeId(), null, evidence);
    }

    private Optional<Proposal> automatic(ProposalKind kind, @Nullable UUID employee, @Nullable Long fen,
            Evidence evidence) {
        String key = evidence.kind() + ":" + evidence.id();
        if (jdbc.sql("select count(*) from discipline_proposal where automatic_key = ? or dedupe_key = ?")
                .params(key, dedupeKey(kind, evidence, employee)).query(Long.class).single() > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(insert(kind, employee, fen, null, evidence, null, key, SYSTEM));
        } catch (DuplicateKeyException twice) {
            return Optional.empty();
        }
    }

    private Proposal insert(ProposalKind kind, @Nullable UUID employee, @Nullable Long fen, @Nullable String reason,
            Evidence evidence, @Nullable UUID proposer, @Nullable String automaticKey, Actor actor) {
        UUID id = UUID.randomUUID();
        keys.ensure(id);
        jdbc.sql("insert into discipline_proposal (id, kind, employee_id, anonymous_reporter, amount_fen, reason_cipher, "
                        + "evidence_kind, evidence_id, evidence_reference, status, proposed_by, proposed_at, automatic_key, "
                        + "auditors_only, dedupe_key, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?, ?, ?, 0)")
                .params(id, kind.name(), employee, employee == null, fen,
                        reason == null ? null : keys.encrypt(id, "discipline:reason", reason), evidence.kind().name(),
                        evidence.id(), evidence.reference(), proposer, now().atOffset(ZoneOffset.UTC), automaticKey,
                        evidence.auditorsOnly(), dedupeKey(kind, evidence, employee))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proposalKind", kind);
        if (employee == null) {
            details.put("anonymousReporter", true);
        } else {
            details.put("employee", employee);
        }
        details.put("evidenceKind", evidence.kind());
        UUID evidenceUuid = uuid(evidence.id());
        if (evidenceUuid != null) {
            details.put("evidence", evidenceUuid);
        } else if (AUDIT_NAME.matcher(evidence.id()).matches()) {
            details.put("evidence", evidence.id());
        }
        if (fen != null) {
            details.put("amountFen", fen);
        }
        details.put("automatic", automaticKey != null);
        audit.record("discipline.proposal.made", DisciplineAudit.PROPOSAL, id, details, actor);
        return find(id).orElseThrow();
    }

    private record Evidence(EvidenceKind kind, String id, @Nullable String reference, boolean auditorsOnly) {
    }

    private Evidence evidence(@Nullable EvidenceKind kind, @Nullable String id, @Nullable String reference,
            ProposalKind proposal, @Nullable UUID employee, CustosUser by) {
        String given = id == null ? "" : id.strip();
        if (kind == null || !ID.matcher(given).matches()) {
            throw DomainException.unprocessable("discipline-evidence-invalid", Map.of("field", "evidenceId"));
        }
        String ref = text(reference, "evidenceReference", false);
        if (ref != null && ref.length() > 64) {
            throw DomainException.unprocessable("discipline-evidence-invalid", Map.of("field", "evidenceReference"));
        }
        boolean auditorsOnly = false;
        switch (kind) {
            case WHISTLEBLOWING -> {
                // Only a report this person handles: the same 422 for one they may not see, so
                // nobody can test which reports exist or were verified.
                UUID report = uuid(given);
                if (report == null || !whistleblowing.verifiedFor(report, by)) {
                    throw DomainException.unprocessable("discipline-evidence-invalid", Map.of("field", "evidenceId"));
                }
                given = report.toString();
                auditorsOnly = whistleblowing.handledByAuditors(report);
            }
            case ACCESS_REVIEW -> {
                UUID item = uuid(given);
                FlaggedAccess access = item == null ? null : reviews.find(item).orElse(null);
                // An unjustified access, and a penalty for the very person whose access it was.
                if (access == null || access.outcome() != ReviewOutcome.UNJUSTIFIED
                        || proposal == ProposalKind.REWARD || !access.employeeId().equals(employee)) {
                    throw DomainException.unprocessable("discipline-evidence-invalid", Map.of("field", "evidenceId"));
                }
                given = item.toString();
            }
            case INSPECTION_FINDING -> {
                // A finding of a completed inspection is known by the rectification it became.
                UUID rectification = uuid(given);
                if (rectification == null || rectifications.ofFinding(rectification, by).isEmpty()) {
                    throw DomainException.unprocessable("discipline-finding-unknown", Map.of("field", "evidenceId"));
                }
                given = rectification.toString();
            }
            case INCIDENT -> {
                IncidentView incident = incidents.find(given, by).orElseThrow(() -> DomainException.unprocessable(
                        "discipline-incident-unknown", Map.of("field", "evidenceId")));
                given = incident.id().toString();
                ref = incident.reference();
            }
        }
        return new Evidence(kind, given, ref, auditorsOnly);
    }

    // ---------------------------------------------------------------- deciding

    /**
     * Management approves or rejects a pending proposal, with an optional note.
     *
     * @throws DomainException 403 {@code forbidden} for anyone but management, {@code discipline-own-decision}
     *         for a proposal about the decider or made by them; 404 unknown; 409 {@code discipline-decided}
     */
    public Proposal decide(UUID id, boolean approve, @Nullable String note, CustosUser by) {
        Proposal proposal = find(id).orElseThrow(DomainException::notFound);
        if (!by.hasRole(Role.MANAGEMENT)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        String action = approve ? "discipline.proposal.approved" : "discipline.proposal.rejected";
        if (by.id().equals(proposal.employeeId()) || by.id().equals(proposal.proposerId())) {
            audit.refused(action, id, "own-proposal");
            throw new DomainException("discipline-own-decision", HttpStatus.FORBIDDEN);
        }
        if (!proposal.pending()) {
            throw DomainException.conflict("discipline-decided");
        }
        String words = text(note, "note", false);
        int updated = jdbc.sql("update discipline_proposal set status = ?, decided_by = ?, decided_at = ?, note_cipher = ?, "
                        + "dedupe_key = " + (approve ? "dedupe_key" : "null") + ", version = version + 1 "
                        + "where id = ? and status = 'PROPOSED'")
                .params(approve ? "APPROVED" : "REJECTED", by.id(), now().atOffset(ZoneOffset.UTC),
                        words == null ? null : keys.encrypt(id, "discipline:note", words), id)
                .update();
        if (updated != 1) {
            throw DomainException.conflict("discipline-decided");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proposalKind", proposal.kind());
        if (proposal.employeeId() == null) {
            details.put("anonymousReporter", true);
        } else {
            details.put("employee", proposal.employeeId());
        }
        audit.record(action, DisciplineAudit.PROPOSAL, id, details, by.actor());
        return find(id).orElseThrow();
    }

    // ---------------------------------------------------------------- paying a whistleblower

    /**
     * The reporter of a verified report shows their code to a handler of that report (the
     * administration department, or the auditors for a report about the administration
     * department); the handler checks it here, which shows no word of the report, and the approved
     * reward is marked paid, once.
     *
     * @throws DomainException 403 for anyone who handles no reports; 404 for a wrong code or a report
     *         this person does not handle; 409 {@code discipline-reward-not-approved} when no approved
     *         reward exists for the report (not verified, still pending or rejected),
     *         {@code discipline-paid} when it was paid already; 429 {@code whistle-throttled}
     */
    public Proposal payReward(@Nullable String code, CustosUser by) {
        Whistleblowing.Claim claim = whistleblowing.claim(code, by);
        Proposal reward = (claim.verified() ? jdbc.sql("select " + COLUMNS + " from discipline_proposal "
                        + "where evidence_kind = 'WHISTLEBLOWING' and evidence_id = ? and kind = 'REWARD' "
                        + "and anonymous_reporter and status = 'APPROVED'")
                .param(claim.reportId().toString()).query((rs, n) -> map(rs)).optional() : Optional.<Proposal>empty())
                .orElseThrow(() -> DomainException.conflict("discipline-reward-not-approved"));
        if (reward.paidAt() != null) {
            throw DomainException.conflict("discipline-paid");
        }
        int version = jdbc.sql("select version from discipline_proposal where id = ?").param(reward.id())
                .query(Integer.class).single();
        // Two handlers checking the same code at once: the version lets one of them pay.
        int updated = jdbc.sql("update discipline_proposal set paid_at = ?, paid_by = ?, version = version + 1 "
                        + "where id = ? and version = ? and paid_at is null and status = 'APPROVED'")
                .params(now().atOffset(ZoneOffset.UTC), by.id(), reward.id(), version).update();
        if (updated != 1) {
            throw DomainException.conflict("discipline-paid");
        }
        audit.record("discipline.proposal.paid", DisciplineAudit.PROPOSAL, reward.id(), Map.of("proposalKind",
                reward.kind(), "anonymousReporter", true, "evidence", claim.reportId(), "amountFen",
                reward.amount() == null ? 0L : fen(reward.amount())), by.actor());
        return find(reward.id()).orElseThrow().withoutWords();
    }

    // ---------------------------------------------------------------- reading

    private static boolean mayList(CustosUser by) {
        return ordinary(by) || auditorsOnly(by);
    }

    /** Who reads proposals on ordinary evidence: the administration department and management. */
    private static boolean ordinary(CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || by.hasRole(Role.MANAGEMENT);
    }

    /** Who reads proposals on a report the auditors handle: management and the auditors, never the administration department. */
    private static boolean auditorsOnly(CustosUser by) {
        return by.hasRole(Role.MANAGEMENT) || auditor(by);
    }

    /**
     * Whether this person may read this proposal: by its evidence (above), and never a pending
     * proposal about themselves (an officer or manager would otherwise read the case against them
     * before it is decided).
     */
    private static boolean maySee(Proposal proposal, CustosUser by) {
        if (proposal.pending() && by.id().equals(proposal.employeeId())) {
            return false;
        }
        return proposal.auditorsOnly() ? auditorsOnly(by) : ordinary(by);
    }

    /**
     * The proposals this person may read, pending first, without the words (403 for all but the
     * administration department, management and the auditors).
     */
    @Transactional(readOnly = true)
    public List<Proposal> list(CustosUser by) {
        if (!mayList(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return jdbc.sql("select " + COLUMNS + " from discipline_proposal where ((auditors_only and ?) or "
                        + "(not auditors_only and ?)) and not (status = 'PROPOSED' and employee_id is not null "
                        + "and employee_id = ?) order by case when status = 'PROPOSED' then 0 else 1 end, proposed_at desc")
                .params(auditorsOnly(by), ordinary(by), by.id()).query((rs, n) -> map(rs)).stream().limit(500)
                .map(Proposal::withoutWords).toList();
    }

    /** One proposal with its words, for those who may read it (see {@link #list}); anyone else 404. */
    @Transactional(readOnly = true)
    public Proposal detail(UUID id, CustosUser by) {
        return find(id).filter(p -> maySee(p, by)).orElseThrow(DomainException::notFound);
    }

    /**
     * A person's record: the person sees the decisions about them, the administration department
     * everything about them; anyone else 404. A look at someone else's record is audited.
     */
    public List<Proposal> record(UUID employeeId, CustosUser by) {
        boolean own = by.id().equals(employeeId);
        if (!own && !by.hasRole(Role.ADMIN_OFFICER)) {
            throw DomainException.notFound();
        }
        if (!own) {
            if (employees.byId(employeeId).isEmpty()) {
                throw DomainException.notFound();
            }
            audit.record("discipline.record.viewed", DisciplineAudit.RECORD, employeeId, Map.of("employee", employeeId),
                    null);
        }
        // A pending proposal on a report the auditors handle stays with management and the auditors
        // until it is decided: the administration department must not warn a colleague.
        return jdbc.sql("select " + COLUMNS + " from discipline_proposal where employee_id = ?"
                        + (own ? " and status <> 'PROPOSED'" : " and not (status = 'PROPOSED' and auditors_only)")
                        + " order by proposed_at desc")
                .param(employeeId).query((rs, n) -> map(rs)).list();
    }

    /** How many proposals this member of management may decide (home page). */
    @Transactional(readOnly = true)
    public int awaiting(UUID managerId) {
        return jdbc.sql("select count(*) from discipline_proposal where status = 'PROPOSED' "
                        + "and (employee_id is null or employee_id <> ?) and (proposed_by is null or proposed_by <> ?)")
                .params(managerId, managerId).query(Integer.class).single();
    }

    /** Decisions about this person in the last {@code decision-notice-days} days (home page). */
    @Transactional(readOnly = true)
    public int recentDecisionsAbout(UUID employeeId) {
        return jdbc.sql("select count(*) from discipline_proposal where employee_id = ? and status <> 'PROPOSED' "
                        + "and decided_at > ?")
                .params(employeeId, now().minus(properties.decisionNoticeDays(), ChronoUnit.DAYS).atOffset(ZoneOffset.UTC))
                .query(Integer.class).single();
    }

    /**
     * The people this proposer may name (current staff; partners' users and the proposer, who may
     * not propose about themselves, left out), sorted as the reader's language sorts names.
     */
    @Transactional(readOnly = true)
    public List<EmployeeView> people(CustosUser by, java.util.Locale locale) {
        java.text.Collator collator = java.text.Collator.getInstance(locale);
        return employees.current().stream().filter(e -> !e.partner() && !e.id().equals(by.id()))
                .sorted(java.util.Comparator.comparing(EmployeeView::displayName, collator)).toList();
    }

    /** The accesses reviewed as unjustified that a proposal rests on already (the system's warnings): evidence to cite again. */
    @Transactional(readOnly = true)
    public List<UUID> accessReviewsProposedOn() {
        return jdbc.sql("select distinct evidence_id from discipline_proposal where evidence_kind = 'ACCESS_REVIEW'")
                .query(String.class).list().stream().map(Proposals::uuid).filter(java.util.Objects::nonNull).toList();
    }

    Optional<Proposal> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from discipline_proposal where id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    private Proposal map(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID id = rs.getObject(1, UUID.class);
        UUID employee = rs.getObject(3, UUID.class);
        long fen = rs.getLong(5);
        BigDecimal amount = rs.wasNull() ? null : BigDecimal.valueOf(fen, 2);
        String reason = rs.getString(6);
        UUID proposer = rs.getObject(11, UUID.class);
        UUID decider = rs.getObject(14, UUID.class);
        java.sql.Timestamp decided = rs.getTimestamp(15);
        String note = rs.getString(16);
        java.sql.Timestamp paid = rs.getTimestamp(18);
        UUID payer = rs.getObject(19, UUID.class);
        return new Proposal(id, ProposalKind.valueOf(rs.getString(2)), employee, name(employee), rs.getBoolean(4), amount,
                reason == null ? null : keys.decrypt(id, "discipline:reason", reason),
                EvidenceKind.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9),
                ProposalStatus.valueOf(rs.getString(10)), proposer, username(proposer),
                rs.getTimestamp(12).toInstant(), rs.getString(13) != null, decider, username(decider),
                decided == null ? null : decided.toInstant(),
                note == null ? null : keys.decrypt(id, "discipline:note", note), rs.getBoolean(17),
                paid == null ? null : paid.toInstant(), username(payer));
    }

    private @Nullable String name(@Nullable UUID employee) {
        return employee == null ? null : employees.byId(employee).map(EmployeeView::displayName).orElse(null);
    }

    /** A proposer's, decider's or payer's display name; empty for a former employee no longer on file. */
    private @Nullable String username(@Nullable UUID employee) {
        return employee == null ? null : employees.byId(employee).map(EmployeeView::displayName).orElse("");
    }

    private static @Nullable Long amount(ProposalKind kind, @Nullable BigDecimal amount) {
        if (!kind.hasAmount()) {
            if (amount != null && amount.signum() != 0) {
                throw DomainException.unprocessable("discipline-amount-invalid", Map.of("field", "amount"));
            }
            return null;
        }
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0
                || amount.stripTrailingZeros().scale() > 2) {
            throw DomainException.unprocessable("discipline-amount-invalid", Map.of("field", "amount"));
        }
        return fen(amount);
    }

    private static long fen(BigDecimal yuan) {
        return yuan.setScale(2, java.math.RoundingMode.UNNECESSARY).movePointRight(2).longValueExact();
    }

    private static @Nullable UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable String value, String field, boolean required) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            if (required) {
                throw DomainException.unprocessable("discipline-reason-required", Map.of("field", field));
            }
            return null;
        }
        if (text.length() > MAX_TEXT) {
            throw DomainException.unprocessable("discipline-text-too-long", Map.of("field", field, "max", MAX_TEXT),
                    MAX_TEXT);
        }
        if (ControlCharacters.present(text, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
