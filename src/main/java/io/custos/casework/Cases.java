package io.custos.casework;

import java.math.BigDecimal;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subject;
import io.custos.access.Subjects;
import io.custos.consent.Channel;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.Withdrawal;
import io.custos.customer.CustomerRegistration;
import io.custos.customer.FieldCatalog;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.retention.DeletionRequest;
import io.custos.retention.DeletionRequests;
import io.custos.retention.HoldKind;
import io.custos.retention.LegalHolds;
import io.custos.shared.Actor;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Casework (issue 19.4-19.6, R-CUS-1, R-CUS-2). A case is filed by the customer in the portal or
 * entered by staff; its deadline counts working days on the company calendar from the day it was
 * received, stops while paused (waiting for the customer) and moves by an extension given once with
 * a reason. Who may see and do what:
 * <ul>
 * <li>the administration department (ADMIN_OFFICER): every case;</li>
 * <li>a department head: the cases of their department;</li>
 * <li>an employee: the cases assigned to them; entering a case for a customer of their
 * department, which they then follow (read) without answering it unless assigned;</li>
 * <li>an auditor and management: every case's dates and codes, never its words.</li>
 * </ul>
 * A case someone may not see answers 404, an action that is not theirs 403. Complaints and claims,
 * and any refusal, are closed by a head or the administration department only ({@link
 * CaseType#closedByHeadOrAdmin}); an extension is theirs too. The customer's words, notes and the
 * reply are stored encrypted under the customer's data key.
 */
@Service
@Transactional
public class Cases {

    static final int MAX_TEXT = 10_000;
    private static final int MAX_CORRECTION = 1_000;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");
    /** A letter may arrive days before someone enters it; not more than a month, or the deadline has half passed. */
    private static final int MAX_DAYS_BACK = 31;

    /** Granting these means something was done, through its own path, before the reply says so. */
    private static final Set<CaseType> CARRIED_OUT_TYPES = EnumSet.of(CaseType.CORRECTION, CaseType.DELETION,
            CaseType.COPY, CaseType.PORTABILITY, CaseType.RESTRICTION);
    private static final String COLUMNS = "id, reference, type, channel, customer_id, department_id, assignee_id, status, "
            + "received_on, received_at, entered_by, verification, verified_at, working_days, extension_days, "
            + "paused_days, paused_on, due_on, escalation, amount_fen, field_key, legal_hold_id, deletion_request_id, "
            + "outcome, closed_at, version";

    private final JdbcClient jdbc;
    private final Subjects subjects;
    private final DataKeys keys;
    private final LegalHolds holds;
    private final DeletionRequests deletions;
    private final CustomerRegistration registration;
    private final FieldCatalog catalog;
    private final WorkingCalendar calendar;
    private final CaseworkProperties properties;
    private final CaseworkAudit audit;
    private final CaseNumbers numbers;
    private final Assignees assignees;
    // CaseFiles reads cases here: looked up when first used.
    private final ObjectProvider<CaseFiles> files;
    private final ConsentLedger consents;
    private final Times times;
    private final Clock clock;

    Cases(JdbcClient jdbc, Subjects subjects, DataKeys keys, LegalHolds holds, DeletionRequests deletions,
            CustomerRegistration registration, FieldCatalog catalog, WorkingCalendar calendar,
            CaseworkProperties properties, CaseworkAudit audit, CaseNumbers numbers, Assignees assignees,
            ObjectProvider<CaseFiles> files, ConsentLedger consents, Times times, Clock clock) {
        this.files = files;
        this.consents = consents;
        this.assignees = assignees;
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.keys = keys;
        this.holds = holds;
        this.deletions = deletions;
        this.registration = registration;
        this.catalog = catalog;
        this.calendar = calendar;
        this.properties = properties;
        this.audit = audit;
        this.numbers = numbers;
        this.times = times;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- filing

    /**
     * A case entered by staff from a letter, a call, an e-mail or a visit. The administration
     * department enters one for any customer; an employee or head only for a customer of their own
     * department (anyone else's is 404: entering a case must not tell whether a customer exists).
     */
    public CaseView enter(NewCase input, CustosUser by) {
        if (input.customerId() == null) {
            throw DomainException.unprocessable("case-customer-required", Map.of("field", "customerId"));
        }
        Subject subject = subjects.find(input.customerId()).filter(s -> mayEnterFor(s, by))
                .orElseThrow(DomainException::notFound);
        if (input.channel() == null || input.channel() == CaseChannel.PORTAL) {
            throw DomainException.unprocessable("case-channel-required", Map.of("field", "channel"));
        }
        LocalDate today = today();
        LocalDate received = input.receivedOn();
        if (received == null || received.isAfter(today) || received.isBefore(today.minusDays(MAX_DAYS_BACK))) {
            throw DomainException.unprocessable("case-received-on-invalid", Map.of("field", "receivedOn"),
                    MAX_DAYS_BACK);
        }
        return create(subject, input, input.channel(), received, null, by.id(), by.actor());
    }

    /**
     * A case the signed-in customer files in the portal: received today, identity established by the
     * sign-in. {@code customer} is the portal's actor for this customer.
     */
    public CaseView file(UUID customerId, NewCase input, Actor customer) {
        if (customer.type() != Actor.ActorType.CUSTOMER || !customerId.equals(customer.id())) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        Subject subject = subjects.find(customerId).orElseThrow(DomainException::notFound);
        return create(subject, input, CaseChannel.PORTAL, today(), Verification.PORTAL, customerId, customer);
    }

    private CaseView create(Subject subject, NewCase input, CaseChannel channel, LocalDate received,
            @Nullable Verification verification, UUID filedBy, Actor actor) {
        CaseType type = input.type();
        if (type == null) {
            throw DomainException.unprocessable("case-type-required", Map.of("field", "type"));
        }
        boolean wordsRequired = type == CaseType.COMPLAINT || type == CaseType.CLAIM || type == CaseType.EXPLANATION;
        String text = wordsRequired ? required(input.text(), "text", MAX_TEXT) : optional(input.text(), "text", MAX_TEXT);
        String fieldKey = null;
        String correction = null;
        if (type == CaseType.CORRECTION) {
            if (input.fieldKey() == null || input.fieldKey().isBlank()) {
                throw DomainException.unprocessable("case-field-required", Map.of("field", "fieldKey"));
            }
            fieldKey = catalog.field(input.fieldKey()).key();
            correction = required(input.correction(), "correction", MAX_CORRECTION);
        }
        Long amountFen = null;
        if (type == CaseType.CLAIM) {
            amountFen = fen(input.amount());
        }
        UUID id = UUID.randomUUID();
        Instant now = now();
        String reference = numbers.next(received.getYear());
        int days = properties.deadline(type);
        LocalDate due = calendar.addWorkingDays(received, days);
        UUID customerId = subject.customerId();
        keys.ensure(customerId);
        boolean staff = actor.type() == Actor.ActorType.EMPLOYEE;
        jdbc.sql("insert into casework_case (id, reference, type, channel, customer_id, department_id, status, "
                + "received_on, received_at, entered_by, verification, verified_at, working_days, extension_days, "
                + "paused_days, due_on, escalation, amount_fen, field_key, text_cipher, correction_cipher, version) "
                + "values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, 0, 0, ?, 'NONE', ?, ?, ?, ?, 0)")
                .params(id, reference, type.name(), channel.name(), customerId, subject.departmentId(),
                        java.sql.Date.valueOf(received), utc(now), staff ? filedBy : null,
                        verification == null ? null : verification.name(), verification == null ? null : utc(now),
                        days, java.sql.Date.valueOf(due), amountFen, fieldKey,
                        text == null ? null : seal(customerId, id, "text", text),
                        correction == null ? null : seal(customerId, id, "correction", correction))
                .update();
        entry(id, now, EntryKind.RECEIVED, actor, channel.name(), null, customerId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customer", customerId);
        details.put("caseType", type);
        details.put("caseChannel", channel);
        details.put("dueOn", due);
        audit.record("casework.case.received", id, details, actor);
        HoldKind hold = type.hold();
        if (hold != null) {
            UUID holdId = holds.placeForCase(customerId, hold, reference, filedBy).id();
            jdbc.sql("update casework_case set legal_hold_id = ? where id = ?").params(holdId, id).update();
            entry(id, now, EntryKind.HOLD_PLACED, actor, null, null, customerId);
        }
        return row(id).orElseThrow();
    }

    // ---------------------------------------------------------------- reading

    /** The cases this person may see, open first by due date, then closed ones newest first (at most 500). */
    @Transactional(readOnly = true)
    public List<CaseView> visibleTo(CustosUser by, boolean includeClosed) {
        String where;
        List<Object> params = new ArrayList<>();
        if (by.hasRole(Role.ADMIN_OFFICER) || oversees(by)) {
            where = "1 = 1";
        } else if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null) {
            where = "(department_id = ? or assignee_id = ? or entered_by = ?)";
            params.add(by.departmentId());
            params.add(by.id());
            params.add(by.id());
        } else if (by.hasRole(Role.EMPLOYEE)) {
            where = "(assignee_id = ? or entered_by = ?)";
            params.add(by.id());
            params.add(by.id());
        } else {
            return List.of();
        }
        String sql = "select " + COLUMNS + " from casework_case where " + where
                + (includeClosed ? "" : " and status <> 'CLOSED'")
                + " order by case when status = 'CLOSED' then 1 else 0 end, due_on, received_at desc";
        return jdbc.sql(sql).params(params).query(mapper()).stream().limit(500).toList();
    }

    /** One case with its words and timeline; the auditor reads its dates and codes only. Audited (so not read-only). */
    public CaseDetail detail(UUID id, CustosUser by) {
        CaseView view = row(id).filter(c -> maySee(c, by)).orElseThrow(DomainException::notFound);
        boolean words = mayReadWords(view, by);
        audit.record("casework.case.viewed", id, Map.of("customer", view.customerId(), "words", words));
        // Whoever entered a case follows it, but the notes of those answering it are theirs alone:
        // a complaint may be about the very person who took the call.
        return detail(view, words, words && (by.hasRole(Role.ADMIN_OFFICER) || mayAct(view, by)));
    }

    /** The customer's own cases, newest first (the portal). */
    @Transactional(readOnly = true)
    public List<CaseView> ofCustomer(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from casework_case where customer_id = ? order by received_at desc")
                .param(customerId).query(mapper()).list();
    }

    /**
     * One of the customer's own cases as the portal shows it: their words and the reply, and the
     * timeline without internal notes or who at the company did what. Another customer's case is 404.
     */
    @Transactional(readOnly = true)
    public CaseDetail forCustomer(UUID customerId, UUID caseId) {
        CaseView view = row(caseId).filter(c -> c.customerId().equals(customerId)).orElseThrow(DomainException::notFound);
        CaseDetail full = detail(view, true, false);
        Set<EntryKind> shown = EnumSet.of(EntryKind.RECEIVED, EntryKind.VERIFIED, EntryKind.PAUSED, EntryKind.RESUMED,
                EntryKind.EXTENDED, EntryKind.CARRIED_OUT, EntryKind.CLOSED);
        List<CaseEntry> entries = full.entries().stream().filter(e -> shown.contains(e.kind()))
                .map(e -> new CaseEntry(e.id(), e.at(), e.kind(), e.actorType(), null,
                        e.kind() == EntryKind.EXTENDED || e.kind() == EntryKind.PAUSED ? e.detail() : null,
                        e.kind() == EntryKind.PAUSED || e.kind() == EntryKind.EXTENDED ? e.text() : null))
                .toList();
        return new CaseDetail(view, full.text(), full.correction(), full.replyZh(), full.replyEn(), entries);
    }

    /** Open cases, not paused, for the escalation sweep. */
    @Transactional(readOnly = true)
    List<CaseView> running() {
        return jdbc.sql("select " + COLUMNS + " from casework_case where status = 'OPEN' order by due_on")
                .query(mapper()).list();
    }

    /** How many cases are overdue now (management's figure). */
    @Transactional(readOnly = true)
    public int overdueCount() {
        return jdbc.sql("select count(*) from casework_case where status = 'OPEN' and due_on < ?")
                .param(java.sql.Date.valueOf(today())).query(Integer.class).single();
    }

    // ---------------------------------------------------------------- steps

    /** Records how the identity of the customer behind a staff-entered case was established. */
    public CaseView verify(UUID id, @Nullable Verification how, CustosUser by) {
        CaseView c = actable(id, by);
        if (how == null || how == Verification.PORTAL) {
            throw DomainException.unprocessable("case-verification-required", Map.of("field", "verification"));
        }
        if (c.verified()) {
            throw DomainException.conflict("case-verified-already");
        }
        Instant now = now();
        update(c, "verification = ?, verified_at = ?, verified_by = ?", how.name(), utc(now), by.id());
        entry(id, now, EntryKind.VERIFIED, by.actor(), how.name(), null, c.customerId());
        audit.record("casework.case.verified", id, Map.of("verification", how));
        return row(id).orElseThrow();
    }

    /** The department answering the case and, within it, the employee; a head or the administration department decides. */
    public CaseView assign(UUID id, @Nullable UUID departmentId, @Nullable UUID assigneeId, CustosUser by) {
        CaseView c = actable(id, by);
        requireHeadOrAdmin(c, by);
        UUID department = departmentId != null ? departmentId : c.departmentId();
        if (department == null || !assignees.departmentExists(department)) {
            throw DomainException.unprocessable("case-department-invalid", Map.of("field", "departmentId"));
        }
        if (!by.hasRole(Role.ADMIN_OFFICER) && !department.equals(by.departmentId())) {
            // A head hands a case to another department only through the administration department.
            throw new DomainException("case-not-yours", HttpStatus.FORBIDDEN);
        }
        if (assigneeId != null && !assignees.mayAnswer(assigneeId, department)) {
            throw DomainException.unprocessable("case-assignee-invalid", Map.of("field", "assigneeId"));
        }
        update(c, "department_id = ?, assignee_id = ?", department, assigneeId);
        entry(id, now(), EntryKind.ASSIGNED, by.actor(), department.toString(), null, c.customerId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("department", department);
        if (assigneeId != null) {
            details.put("assignee", assigneeId);
        }
        audit.record("casework.case.assigned", id, details);
        return row(id).orElseThrow();
    }

    /** An internal note (never shown to the customer), encrypted like the case. */
    public CaseView note(UUID id, @Nullable String text, CustosUser by) {
        CaseView c = actable(id, by);
        String words = required(text, "note", MAX_TEXT);
        entry(id, now(), EntryKind.NOTE, by.actor(), null, words, c.customerId());
        audit.record("casework.case.noted", id, Map.of("customer", c.customerId()));
        return row(id).orElseThrow();
    }

    /** Stops the clock while the company waits for the customer (proof of identity, a missing detail). */
    public CaseView pause(UUID id, @Nullable String reason, CustosUser by) {
        CaseView c = actable(id, by);
        if (c.status() != CaseStatus.OPEN) {
            throw DomainException.conflict(c.status() == CaseStatus.PAUSED ? "case-paused-already" : "case-closed");
        }
        String why = required(reason, "reason", 1_000);
        LocalDate today = today();
        update(c, "status = 'PAUSED', paused_on = ?", java.sql.Date.valueOf(today));
        entry(id, now(), EntryKind.PAUSED, by.actor(), null, why, c.customerId());
        audit.record("casework.case.paused", id, Map.of("pausedOn", today));
        return row(id).orElseThrow();
    }

    /** Starts the clock again: the working days it stood still move the due date. */
    public CaseView resume(UUID id, CustosUser by) {
        CaseView c = actable(id, by);
        if (c.status() != CaseStatus.PAUSED || c.pausedOn() == null) {
            throw DomainException.conflict("case-not-paused");
        }
        int stood = Math.max(0, calendar.workingDaysBetween(c.pausedOn(), today()));
        int paused = c.pausedDays() + stood;
        LocalDate due = due(c.receivedOn(), c.workingDays(), c.extensionDays(), paused);
        update(c, "status = 'OPEN', paused_on = null, paused_days = ?, due_on = ?", paused, java.sql.Date.valueOf(due));
        entry(id, now(), EntryKind.RESUMED, by.actor(), Integer.toString(stood), null, c.customerId());
        audit.record("casework.case.resumed", id, Map.of("pausedWorkingDays", stood, "dueOn", due));
        return row(id).orElseThrow();
    }

    /** One extension per case, with a reason, of at most {@code max-extension-days}; a head or the administration department. */
    public CaseView extend(UUID id, @Nullable Integer days, @Nullable String reason, CustosUser by) {
        CaseView c = actable(id, by);
        requireHeadOrAdmin(c, by);
        if (c.status() == CaseStatus.CLOSED) {
            throw DomainException.conflict("case-closed");
        }
        if (c.extensionDays() > 0) {
            throw DomainException.conflict("case-extended-already");
        }
        if (days == null || days < 1 || days > properties.maxExtensionDays()) {
            throw DomainException.unprocessable("case-extension-invalid", Map.of("field", "days"),
                    properties.maxExtensionDays());
        }
        String why = required(reason, "reason", 1_000);
        LocalDate due = due(c.receivedOn(), c.workingDays(), days, c.pausedDays());
        // A new deadline starts the escalation afresh: the head hears again when it nears.
        update(c, "extension_days = ?, due_on = ?, escalation = 'NONE'", days, java.sql.Date.valueOf(due));
        entry(id, now(), EntryKind.EXTENDED, by.actor(), Integer.toString(days), why, c.customerId());
        audit.record("casework.case.extended", id, Map.of("days", days, "dueOn", due));
        return row(id).orElseThrow();
    }

    /**
     * Carries out a correction or a deletion through the registry's and retention's own paths: the
     * correction is an edit by this person, decided and audited like any other; the deletion is a
     * deletion request retention takes through its approvals. A restriction withdraws every purpose
     * through the consent ledger, so nothing uses the data until the customer consents again. A copy
     * or portability request promises the files only the customer fetches, in the portal. Only after
     * the identity was verified.
     */
    public CaseView carryOut(UUID id, CustosUser by) {
        CaseView c = actable(id, by);
        if (c.status() == CaseStatus.CLOSED) {
            throw DomainException.conflict("case-closed");
        }
        requireVerified(c);
        @Nullable String detail;
        switch (c.type()) {
            case CORRECTION -> {
                if (hasEntry(id, EntryKind.CARRIED_OUT)) {
                    throw DomainException.conflict("case-carried-out-already");
                }
                String value = open(c.customerId(), id, "correction", correctionCipher(id));
                Map<String, @Nullable String> change = new LinkedHashMap<>();
                change.put(c.fieldKey(), value);
                registration.update(c.customerId(), change, null, by);
                detail = c.fieldKey();
            }
            case DELETION -> {
                if (c.deletionRequestId() != null) {
                    throw DomainException.conflict("case-carried-out-already");
                }
                DeletionRequest request = deletions.enter(c.customerId(),
                        DeletionRequest.Channel.valueOf(c.channel().name()), c.receivedOn(), c.reference(), by);
                update(c, "deletion_request_id = ?", request.id());
                detail = request.id().toString();
            }
            case RESTRICTION -> {
                if (hasEntry(id, EntryKind.CARRIED_OUT)) {
                    throw DomainException.conflict("case-carried-out-already");
                }
                ConsentState state = consents.state(c.customerId()).orElse(null);
                if (state == null || state.purposes().isEmpty() && !state.sensitiveConsent()
                        && !state.thirdPartyConsent()) {
                    throw DomainException.conflict("case-nothing-to-restrict");
                }
                // Restricted: no purpose is left to use the data for, so every reveal and share is refused
                // from now on. It is not a deletion: the record is kept as retention keeps any customer
                // without consent, and the customer may consent again.
                consents.withdraw(c.customerId(), new Withdrawal(state.purposes(), state.sensitiveConsent(),
                        state.thirdPartyConsent()), consentChannel(c.channel()));
                detail = Integer.toString(state.purposes().size());
            }
            case COPY, PORTABILITY -> {
                if (hasEntry(id, EntryKind.CARRIED_OUT)) {
                    throw DomainException.conflict("case-carried-out-already");
                }
                files.getObject().promise(c, today(), by.actor());
                detail = null;
            }
            default -> throw DomainException.conflict("case-nothing-to-carry-out");
        }
        entry(id, now(), EntryKind.CARRIED_OUT, by.actor(), detail, null, c.customerId());
        audit.record("casework.case.carried-out", id, Map.of("customer", c.customerId(), "caseType", c.type()));
        return row(id).orElseThrow();
    }

    /**
     * Closes the case with its outcome and the reply in both languages. A granted correction or
     * deletion must have been carried out first; complaints, claims and refusals are for a head or
     * the administration department. A complaint's or claim's hold is released.
     */
    public CaseView close(UUID id, @Nullable CaseOutcome outcome, @Nullable String replyZh, @Nullable String replyEn,
            CustosUser by) {
        CaseView c = actable(id, by);
        if (c.status() == CaseStatus.CLOSED) {
            throw DomainException.conflict("case-closed");
        }
        if (outcome == null) {
            throw DomainException.unprocessable("case-outcome-required", Map.of("field", "outcome"));
        }
        if (c.type().closedByHeadOrAdmin(outcome)) {
            requireHeadOrAdmin(c, by);
        }
        if (outcome != CaseOutcome.WITHDRAWN) {
            requireVerified(c);
        }
        if (outcome == CaseOutcome.GRANTED && CARRIED_OUT_TYPES.contains(c.type()) && !hasEntry(id, EntryKind.CARRIED_OUT)) {
            throw DomainException.conflict("case-not-carried-out");
        }
        String zh = required(replyZh, "replyZh", MAX_TEXT);
        String en = required(replyEn, "replyEn", MAX_TEXT);
        Instant now = now();
        update(c, "status = 'CLOSED', outcome = ?, reply_zh_cipher = ?, reply_en_cipher = ?, closed_at = ?, closed_by = ?, "
                + "paused_on = null", outcome.name(), seal(c.customerId(), id, "reply-zh", zh),
                seal(c.customerId(), id, "reply-en", en), utc(now), by.id());
        entry(id, now, EntryKind.CLOSED, by.actor(), outcome.name(), null, c.customerId());
        if (c.legalHoldId() != null) {
            holds.releaseForCase(c.legalHoldId(), c.reference(), by.id());
            entry(id, now, EntryKind.HOLD_RELEASED, by.actor(), null, null, c.customerId());
        }
        LocalDate today = today();
        audit.record("casework.case.closed", id, Map.of("customer", c.customerId(), "outcome", outcome,
                "withinDeadline", !today.isAfter(c.dueOn())));
        return row(id).orElseThrow();
    }

    /**
     * Moves the case's escalation on (the sweep): recorded on the timeline and in the audit log as
     * the system's act. Returns false when someone else's step changed the case first.
     */
    boolean escalate(CaseView c, Escalation to) {
        int changed = jdbc.sql("update casework_case set escalation = ?, version = version + 1 where id = ? and version = ?")
                .params(to.name(), c.id(), c.version()).update();
        if (changed != 1) {
            return false;
        }
        Actor system = Actor.system(CaseEscalation.JOB);
        entry(c.id(), now(), EntryKind.ESCALATED, system, to.name(), null, c.customerId());
        audit.record("casework.case.escalated", c.id(), Map.of("escalation", to, "dueOn", c.dueOn()), system);
        return true;
    }

    /** Re-counts an open case's due date on today's calendar (a holiday entered after the case was filed). */
    void recount(CaseView c) {
        LocalDate due = due(c.receivedOn(), c.workingDays(), c.extensionDays(), c.pausedDays());
        if (!due.equals(c.dueOn())) {
            jdbc.sql("update casework_case set due_on = ? where id = ? and version = ?")
                    .params(java.sql.Date.valueOf(due), c.id(), c.version()).update();
        }
    }

    private static Channel consentChannel(CaseChannel channel) {
        return switch (channel) {
            case PORTAL -> Channel.PORTAL;
            case LETTER -> Channel.PAPER_FORM;
            case PHONE -> Channel.PHONE;
            case EMAIL -> Channel.EMAIL;
            case IN_PERSON -> Channel.IN_PERSON;
        };
    }

    // ---------------------------------------------------------------- rules

    /** Whether this person may enter a case for this customer (the new-case page asks before showing the form). */
    @Transactional(readOnly = true)
    public boolean mayEnterFor(UUID customerId, CustosUser by) {
        return subjects.find(customerId).filter(s -> mayEnterFor(s, by)).isPresent();
    }

    private boolean mayEnterFor(Subject subject, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        if (by.hasRole(Role.ADMIN_OFFICER)) {
            return true;
        }
        return (by.hasRole(Role.EMPLOYEE) || by.hasRole(Role.DEPT_HEAD)) && by.departmentId() != null
                && by.departmentId().equals(subject.departmentId());
    }

    boolean maySee(CaseView c, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        return by.hasRole(Role.ADMIN_OFFICER) || oversees(by) || mayAct(c, by) || by.id().equals(c.enteredBy());
    }

    /** The auditor and management follow every case by its dates and codes, never its words. */
    private static boolean oversees(CustosUser by) {
        return by.hasRole(Role.AUDITOR) || by.hasRole(Role.MANAGEMENT);
    }

    static boolean mayReadWords(CaseView c, CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || mayAct(c, by) || by.id().equals(c.enteredBy());
    }

    /** Whether this person answers the case: the administration department, the department's head, the assignee. */
    public static boolean mayAct(CaseView c, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        if (by.hasRole(Role.ADMIN_OFFICER)) {
            return true;
        }
        if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null && by.departmentId().equals(c.departmentId())) {
            return true;
        }
        return by.hasRole(Role.EMPLOYEE) && by.id().equals(c.assigneeId());
    }

    /** Whether this person decides what only a head or the administration department may. */
    public static boolean isHeadOrAdmin(CaseView c, CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER)
                || by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null && by.departmentId().equals(c.departmentId());
    }

    private CaseView actable(UUID id, CustosUser by) {
        CaseView c = row(id).filter(found -> maySee(found, by)).orElseThrow(DomainException::notFound);
        if (!mayAct(c, by)) {
            throw new DomainException("case-not-yours", HttpStatus.FORBIDDEN);
        }
        return c;
    }

    private static void requireHeadOrAdmin(CaseView c, CustosUser by) {
        if (!isHeadOrAdmin(c, by)) {
            throw new DomainException("case-head-or-admin", HttpStatus.FORBIDDEN);
        }
    }

    private static void requireVerified(CaseView c) {
        if (!c.verified()) {
            throw DomainException.conflict("case-not-verified");
        }
    }

    // ---------------------------------------------------------------- storage

    private LocalDate due(LocalDate received, int days, int extension, int paused) {
        return calendar.addWorkingDays(received, days + extension + paused);
    }

    private void update(CaseView c, String assignments, @Nullable Object... values) {
        List<@Nullable Object> params = new ArrayList<>(List.of(values));
        params.add(c.id());
        params.add(c.version());
        int changed = jdbc.sql("update casework_case set " + assignments + ", version = version + 1 "
                + "where id = ? and version = ?").params(params).update();
        if (changed != 1) {
            throw DomainException.conflict("case-changed");
        }
    }

    private void entry(UUID caseId, Instant at, EntryKind kind, Actor by, @Nullable String detail,
            @Nullable String text, UUID customerId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into casework_entry (id, case_id, happened_at, kind, actor_type, actor_id, detail, text_cipher) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, caseId, utc(at), kind.name(), by.type().name(), by.id(), detail,
                        text == null ? null : keys.encrypt(customerId, "casework-entry:" + id, text))
                .update();
    }

    private boolean hasEntry(UUID caseId, EntryKind kind) {
        return jdbc.sql("select count(*) from casework_entry where case_id = ? and kind = ?").params(caseId, kind.name())
                .query(Integer.class).single() > 0;
    }

    private CaseDetail detail(CaseView view, boolean words, boolean notes) {
        UUID id = view.id();
        UUID customerId = view.customerId();
        List<CaseEntry> entries = jdbc.sql("select id, happened_at, kind, actor_type, actor_id, detail, text_cipher "
                + "from casework_entry where case_id = ? order by happened_at, kind").param(id)
                .query((rs, n) -> {
                    UUID entryId = rs.getObject(1, UUID.class);
                    EntryKind kind = EntryKind.valueOf(rs.getString(3));
                    String cipher = rs.getString(7);
                    String text = cipher != null && words && (notes || kind != EntryKind.NOTE)
                            ? readable(customerId, "casework-entry:" + entryId, cipher) : null;
                    return new CaseEntry(entryId, rs.getObject(2, OffsetDateTime.class).toInstant(), kind,
                            Actor.ActorType.valueOf(rs.getString(4)), rs.getObject(5, UUID.class), rs.getString(6), text);
                }).list();
        if (!notes) {
            entries = entries.stream().filter(e -> e.kind() != EntryKind.NOTE).toList();
        }
        if (!words) {
            return new CaseDetail(view, null, null, null, null, entries);
        }
        Map<String, @Nullable String> ciphers = jdbc.sql("select text_cipher, correction_cipher, reply_zh_cipher, "
                + "reply_en_cipher from casework_case where id = ?").param(id).query((rs, n) -> {
                    Map<String, @Nullable String> m = new LinkedHashMap<>();
                    m.put("text", rs.getString(1));
                    m.put("correction", rs.getString(2));
                    m.put("reply-zh", rs.getString(3));
                    m.put("reply-en", rs.getString(4));
                    return m;
                }).single();
        return new CaseDetail(view, openOrNull(customerId, id, "text", ciphers.get("text")),
                openOrNull(customerId, id, "correction", ciphers.get("correction")),
                openOrNull(customerId, id, "reply-zh", ciphers.get("reply-zh")),
                openOrNull(customerId, id, "reply-en", ciphers.get("reply-en")), entries);
    }

    private String correctionCipher(UUID id) {
        return jdbc.sql("select correction_cipher from casework_case where id = ?").param(id).query(String.class)
                .single();
    }

    private String seal(UUID customerId, UUID caseId, String part, String text) {
        return keys.encrypt(customerId, "casework:" + caseId + ":" + part, text);
    }

    private String open(UUID customerId, UUID caseId, String part, String cipher) {
        return keys.decrypt(customerId, "casework:" + caseId + ":" + part, cipher);
    }

    private @Nullable String openOrNull(UUID customerId, UUID caseId, String part, @Nullable String cipher) {
        return cipher == null ? null : readable(customerId, "casework:" + caseId + ":" + part, cipher);
    }

    /** A destroyed customer's words are gone by design: the case keeps its dates and codes. */
    private @Nullable String readable(UUID customerId, String field, String cipher) {
        if (keys.isDestroyed(customerId)) {
            return null;
        }
        return keys.decrypt(customerId, field, cipher);
    }

    Optional<CaseView> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from casework_case where id = ?").param(id).query(mapper()).optional();
    }

    private RowMapper<CaseView> mapper() {
        LocalDate today = today();
        return (rs, n) -> {
            CaseStatus status = CaseStatus.valueOf(rs.getString(8));
            LocalDate due = rs.getObject(18, LocalDate.class);
            LocalDate pausedOn = rs.getObject(17, LocalDate.class);
            LocalDate from = status == CaseStatus.PAUSED && pausedOn != null ? pausedOn : today;
            int left = status == CaseStatus.CLOSED ? 0 : calendar.workingDaysBetween(from, due);
            if (status != CaseStatus.CLOSED && from.isAfter(due) && left == 0) {
                // Past the due date on a day off still counts as overdue.
                left = -1;
            }
            long amount = rs.getLong(20);
            Long amountFen = rs.wasNull() ? null : amount;
            OffsetDateTime verifiedAt = rs.getObject(13, OffsetDateTime.class);
            OffsetDateTime closedAt = rs.getObject(25, OffsetDateTime.class);
            String verification = rs.getString(12);
            String outcome = rs.getString(24);
            return new CaseView(rs.getObject(1, UUID.class), rs.getString(2), CaseType.valueOf(rs.getString(3)),
                    CaseChannel.valueOf(rs.getString(4)), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class),
                    rs.getObject(7, UUID.class), status, rs.getObject(9, LocalDate.class),
                    rs.getObject(10, OffsetDateTime.class).toInstant(), rs.getObject(11, UUID.class),
                    verification == null ? null : Verification.valueOf(verification),
                    verifiedAt == null ? null : verifiedAt.toInstant(), rs.getInt(14), rs.getInt(15), rs.getInt(16),
                    pausedOn, due, left, Escalation.valueOf(rs.getString(19)), amountFen, rs.getString(21),
                    rs.getObject(22, UUID.class), rs.getObject(23, UUID.class),
                    outcome == null ? null : CaseOutcome.valueOf(outcome), closedAt == null ? null : closedAt.toInstant(),
                    rs.getInt(26));
        };
    }

    // ---------------------------------------------------------------- input

    static String required(@Nullable String value, String field, int max) {
        String text = optional(value, field, max);
        if (text == null) {
            throw DomainException.unprocessable("case-text-required", Map.of("field", field));
        }
        return text;
    }

    static @Nullable String optional(@Nullable String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw DomainException.unprocessable("case-text-too-long", Map.of("field", field, "max", max), max);
        }
        if (ControlCharacters.present(text, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }

    private static long fen(@Nullable BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0 || amount.scale() > 2
                && amount.stripTrailingZeros().scale() > 2) {
            throw DomainException.unprocessable("case-amount-invalid", Map.of("field", "amount"));
        }
        return amount.movePointRight(2).longValueExact();
    }

    /** Today in the company's zone: the day a case is received and deadlines count from. */
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
