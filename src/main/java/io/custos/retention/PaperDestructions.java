package io.custos.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * Destroying paper media (R-DEL-3, R-DEL-4, issue 16.6): an order for one or more documents of one
 * department, with the method, a contractor when one does it, a witness, the planned day and the
 * reason; approved by a head of the department and by an administration officer — two people, neither
 * of them the one who ordered it —; executed and recorded with the actual time, the witness and
 * photographs; then certified ({@link DestructionCertificates}). A document checked out, destroyed, in
 * another open order, or concerning a customer under a legal hold cannot be ordered, approved or
 * destroyed. Every step is audited ({@code paper.destruction.*}).
 */
@Service
@Transactional
public class PaperDestructions {

    static final int MAX_RECORDS = 64;
    static final int MAX_PHOTOS = 10;
    /** Clocks differ: an execution time this far ahead of the server is still "now". */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    /** A destruction order as submitted. */
    public record NewOrder(@Nullable List<UUID> recordIds, @Nullable PaperMethod method, @Nullable String contractor,
            @Nullable UUID witnessId, @Nullable LocalDate plannedOn, @Nullable String reason) {

        @Override
        public String toString() {
            return "NewOrder[method=" + method + "]";
        }
    }

    private final PaperRepository repository;
    private final PaperRules rules;
    private final PaperAudit audit;
    private final PaperPhotoCheck photos;
    private final DestructionCertificates certificates;
    private final LegalHolds holds;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    PaperDestructions(PaperRepository repository, PaperRules rules, PaperAudit audit, PaperPhotoCheck photos,
            DestructionCertificates certificates, LegalHolds holds, Clock clock, PlatformTransactionManager transactions) {
        this.holds = holds;
        this.repository = repository;
        this.rules = rules;
        this.audit = audit;
        this.photos = photos;
        this.certificates = certificates;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Orders the destruction of documents of one department, which the person keeps (custodian, head
     * of the department, administration officer).
     *
     * @throws DomainException 404 for a record they do not see; 403 {@code paper-not-keeper}; 409
     *         {@code paper-record-checked-out}, {@code paper-record-destroyed},
     *         {@code paper-record-in-destruction}, {@code legal-hold}; 422 for a missing field,
     *         {@code paper-records-departments}, {@code paper-contractor-required},
     *         {@code paper-witness-invalid}, {@code paper-planned-date-invalid}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public UUID order(NewOrder form, CustosUser by) {
        List<UUID> ids = form.recordIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(form.recordIds()));
        if (ids.isEmpty()) {
            throw DomainException.unprocessable("paper-field-required", Map.of("field", "recordIds"));
        }
        if (ids.size() > MAX_RECORDS) {
            throw DomainException.unprocessable("paper-too-many-records", Map.of("field", "recordIds",
                    "max", MAX_RECORDS), MAX_RECORDS);
        }
        List<PaperRepository.RecordRow> records = repository.records(ids);
        var open = repository.openCheckouts(ids);
        if (records.size() != ids.size() || records.stream().anyMatch(r -> !rules.sees(r, open.get(r.id()), by))) {
            throw DomainException.notFound();
        }
        if (records.stream().anyMatch(r -> !rules.keeps(r, by))) {
            throw PaperRules.forbidden("paper-not-keeper");
        }
        UUID department = records.get(0).departmentId();
        if (records.stream().anyMatch(r -> !r.departmentId().equals(department))) {
            throw DomainException.unprocessable("paper-records-departments", Map.of("field", "recordIds"));
        }
        records.forEach(PaperRecords::requireKept);
        if (!repository.openOrders(ids).isEmpty()) {
            throw DomainException.conflict("paper-record-in-destruction");
        }
        requireNoHold(ids);
        if (form.method() == null) {
            throw DomainException.unprocessable("paper-field-required", Map.of("field", "method"));
        }
        String contractor = form.method() == PaperMethod.CONTRACTOR
                ? PaperRules.text(form.contractor(), "contractor", 200, false, false) : null;
        if (form.method() == PaperMethod.CONTRACTOR && contractor == null) {
            throw DomainException.unprocessable("paper-contractor-required", Map.of("field", "contractor"));
        }
        EmployeeView witness = rules.currentStaff(form.witnessId()).filter(w -> !w.id().equals(by.id()))
                .orElseThrow(() -> DomainException.unprocessable("paper-witness-invalid", Map.of("field", "witnessId")));
        LocalDate today = rules.today();
        if (form.plannedOn() == null || form.plannedOn().isBefore(today) || form.plannedOn().isAfter(today.plusYears(1))) {
            throw DomainException.unprocessable("paper-planned-date-invalid", Map.of("field", "plannedOn"));
        }
        String reason = PaperRules.text(form.reason(), "reason", 2000, true, true);
        UUID id = UUID.randomUUID();
        Instant now = now();
        String number = insert(id, department, form.method(), contractor, witness.id(), form.plannedOn(), reason, by,
                now, ids, today.getYear());
        audit.destruction("paper.destruction.ordered", id, Map.of("number", number, "records", ids,
                "paperMethod", form.method(), "witness", witness.id(), "reason", PaperAudit.digest(reason)));
        return id;
    }

    /** Numbers run per year, PD-2026-0001; two orders racing for a number: the second takes the next. */
    private String insert(UUID id, UUID department, PaperMethod method, @Nullable String contractor, UUID witness,
            LocalDate plannedOn, String reason, CustosUser by, Instant now, List<UUID> records, int year) {
        String prefix = "PD-" + year + "-";
        for (int attempt = 0; ; attempt++) {
            String number = prefix + String.format(Locale.ROOT, "%04d", repository.numberedIn(prefix) + 1 + attempt);
            try {
                savepoint.executeWithoutResult(status -> repository.insertDestruction(new PaperRepository.DestructionRow(
                        id, number, department, PaperDestructionStatus.PENDING, method, contractor, witness, plannedOn,
                        reason, by.id(), now, null, null, null, null, null, null, null, null, null, null, 0), records));
                return number;
            } catch (DuplicateKeyException taken) {
                if (attempt >= 5) {
                    throw DomainException.conflict("paper-destruction-changed");
                }
            }
        }
    }

    /**
     * Takes the step of the order that is the person's: a head of its department the head step, an
     * administration officer the administration step. Once both are taken the order is APPROVED.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-own-order} (the one who ordered it),
     *         {@code paper-approver-twice} (the one who took the other step), {@code paper-not-approver};
     *         409 {@code paper-step-taken}, {@code paper-destruction-state}, {@code legal-hold}
     */
    @PreAuthorize("hasAnyRole('DEPT_HEAD', 'ADMIN_OFFICER')")
    public PaperDestructionStatus approve(UUID id, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        if (d.status() != PaperDestructionStatus.PENDING) {
            throw DomainException.conflict("paper-destruction-state");
        }
        if (d.orderedBy().equals(by.id())) {
            throw PaperRules.forbidden("paper-own-order");
        }
        boolean head = PaperRules.headOf(by, d.departmentId());
        boolean admin = by.hasRole(Role.ADMIN_OFFICER);
        if (!head && !admin) {
            throw PaperRules.forbidden("paper-not-approver");
        }
        requireNoHold(repository.recordsOf(id));
        Instant now = now();
        String action;
        if (head && d.headApprovedBy() == null && !by.id().equals(d.adminApprovedBy())) {
            if (!repository.headApproves(id, by.id(), now)) {
                throw DomainException.conflict("paper-step-taken");
            }
            action = "paper.destruction.approved-by-head";
        } else if (admin && d.adminApprovedBy() == null && !by.id().equals(d.headApprovedBy())) {
            if (!repository.adminApproves(id, by.id(), now)) {
                throw DomainException.conflict("paper-step-taken");
            }
            action = "paper.destruction.approved-by-administration";
        } else if (by.id().equals(d.headApprovedBy()) && admin && d.adminApprovedBy() == null
                || by.id().equals(d.adminApprovedBy()) && head && d.headApprovedBy() == null) {
            throw PaperRules.forbidden("paper-approver-twice");
        } else {
            throw DomainException.conflict("paper-step-taken");
        }
        PaperDestructionStatus next = repository.approveIfComplete(id) ? PaperDestructionStatus.APPROVED
                : PaperDestructionStatus.PENDING;
        audit.destruction(action, id, Map.of("paperStatus", next));
        return next;
    }

    /**
     * Sends a pending order back, by someone who could approve it, with a reason.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-approver}; 409 {@code paper-destruction-state}
     */
    @PreAuthorize("hasAnyRole('DEPT_HEAD', 'ADMIN_OFFICER')")
    public void reject(UUID id, @Nullable String reason, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        if (d.status() != PaperDestructionStatus.PENDING) {
            throw DomainException.conflict("paper-destruction-state");
        }
        if (!PaperRules.mayApprove(d, by)) {
            throw PaperRules.forbidden("paper-not-approver");
        }
        String why = PaperRules.text(reason, "reason", 2000, true, true);
        if (!repository.close(id, PaperDestructionStatus.PENDING, PaperDestructionStatus.REJECTED, by.id(), now(), why)) {
            throw DomainException.conflict("paper-destruction-state");
        }
        audit.destruction("paper.destruction.rejected", id, Map.of("reason", PaperAudit.digest(why)));
    }

    /**
     * Withdraws an order not yet executed: the one who ordered it, or an administration officer.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-allowed}; 409 {@code paper-destruction-state}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public void cancel(UUID id, @Nullable String reason, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        if (!d.status().open()) {
            throw DomainException.conflict("paper-destruction-state");
        }
        if (!d.orderedBy().equals(by.id()) && !by.hasRole(Role.ADMIN_OFFICER)) {
            throw PaperRules.forbidden("paper-not-allowed");
        }
        String why = PaperRules.text(reason, "reason", 2000, true, true);
        if (!repository.close(id, d.status(), PaperDestructionStatus.CANCELLED, by.id(), now(), why)) {
            throw DomainException.conflict("paper-destruction-state");
        }
        audit.destruction("paper.destruction.cancelled", id, Map.of("reason", PaperAudit.digest(why)));
    }

    /**
     * Adds a photograph of the destruction to an approved order: a JPEG or PNG of at most 5 MB, by
     * its content; kept with its SHA-256.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-keeper}; 409 {@code paper-destruction-state};
     *         422 {@code paper-photo-type}, {@code paper-photo-too-large}, {@code paper-photo-required},
     *         {@code paper-photo-limit}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public UUID addPhoto(UUID id, byte[] content, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        requireExecutor(d, by);
        if (d.status() != PaperDestructionStatus.APPROVED) {
            throw DomainException.conflict("paper-destruction-state");
        }
        String mediaType = photos.check(content);
        if (repository.photos(id).size() >= MAX_PHOTOS) {
            throw DomainException.unprocessable("paper-photo-limit", Map.of("field", "photo", "max", MAX_PHOTOS),
                    MAX_PHOTOS);
        }
        UUID photo = UUID.randomUUID();
        String sha256 = PaperAudit.digest(content);
        repository.insertPhoto(photo, id, mediaType, content, sha256, by.id(), now());
        audit.destruction("paper.destruction.photo-added", id, Map.of("photo", photo, "sha256", sha256,
                "format", mediaType.substring(mediaType.indexOf('/') + 1)));
        return photo;
    }

    /** A photograph's bytes and type, for whoever sees the order. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public Optional<Map.Entry<String, byte[]>> photo(UUID id, UUID photoId, CustosUser by) {
        visible(id, by);
        Optional<String> type = repository.photos(id).stream().filter(p -> p.id().equals(photoId))
                .map(PaperRepository.PhotoRow::mediaType).findFirst();
        return type.flatMap(t -> repository.photo(id, photoId).map(bytes -> Map.entry(t, bytes)));
    }

    /**
     * Records that the approved order was carried out: when, before which witness (a current member
     * of staff other than the person recording it, who executes), with at least one photograph. The
     * documents become DESTROYED and the certificate's code is issued.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-keeper}; 409 {@code paper-destruction-state},
     *         {@code paper-photo-missing}, {@code paper-record-checked-out}, {@code legal-hold}; 422
     *         {@code paper-executed-at-invalid}, {@code paper-witness-invalid}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public String execute(UUID id, @Nullable Instant executedAt, @Nullable UUID witnessId, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        List<PaperRepository.RecordRow> records = requireExecutor(d, by);
        if (d.status() != PaperDestructionStatus.APPROVED) {
            throw DomainException.conflict("paper-destruction-state");
        }
        List<UUID> ids = records.stream().map(PaperRepository.RecordRow::id).toList();
        requireNoHold(ids);
        records.forEach(PaperRecords::requireKept);
        Instant now = now();
        if (executedAt == null || executedAt.isAfter(now.plus(CLOCK_SLACK)) || executedAt.isBefore(d.orderedAt())) {
            throw DomainException.unprocessable("paper-executed-at-invalid", Map.of("field", "executedAt"));
        }
        EmployeeView witness = rules.currentStaff(witnessId == null ? d.witnessId() : witnessId)
                .filter(w -> !w.id().equals(by.id()))
                .orElseThrow(() -> DomainException.unprocessable("paper-witness-invalid", Map.of("field", "witnessId")));
        List<PaperRepository.PhotoRow> evidence = repository.photos(id);
        if (evidence.isEmpty()) {
            throw DomainException.conflict("paper-photo-missing");
        }
        Instant at = executedAt.truncatedTo(ChronoUnit.MICROS);
        String digest = digest(d, records, by.id(), witness.id(), at, evidence);
        if (!repository.executed(id, by.id(), at, witness.id(), now, digest)) {
            throw DomainException.conflict("paper-destruction-state");
        }
        for (PaperRepository.RecordRow r : records) {
            if (!repository.moveRecord(r.id(), PaperStatus.KEPT, PaperStatus.DESTROYED, at)) {
                throw DomainException.conflict("paper-record-checked-out");
            }
        }
        certificates.issue(id, new CertificateFacts(CertificateKind.PAPER, d.number(), d.method().name(), at,
                records.size(), digest));
        audit.destruction("paper.destruction.executed", id, Map.of("records", ids, "paperMethod", d.method(),
                "witness", witness.id(), "photos", evidence.size(), "digest", digest));
        return digest;
    }

    /**
     * The certificate of an executed order as PDF, in Chinese or English, for whoever sees the order.
     *
     * @throws DomainException 404 unseen; 409 {@code paper-destruction-state} before it is executed
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public byte[] certificate(UUID id, Locale locale, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        if (d.status() != PaperDestructionStatus.DONE || d.executedAt() == null || d.digest() == null
                || d.executedBy() == null) {
            throw DomainException.conflict("paper-destruction-state");
        }
        List<PaperRepository.RecordRow> records = repository.records(repository.recordsOf(id));
        Map<PaperType, Long> byType = new EnumMap<>(PaperType.class);
        records.forEach(r -> byType.merge(r.type(), 1L, Long::sum));
        List<CertificateContent.CategoryCount> counts = new ArrayList<>();
        byType.forEach((type, n) -> counts.add(new CertificateContent.CategoryCount(type.name(), n)));
        List<CertificateContent.Signatory> approvers = new ArrayList<>();
        if (d.headApprovedBy() != null) {
            approvers.add(new CertificateContent.Signatory(rules.name(d.headApprovedBy()), Role.DEPT_HEAD));
        }
        if (d.adminApprovedBy() != null) {
            approvers.add(new CertificateContent.Signatory(rules.name(d.adminApprovedBy()), Role.ADMIN_OFFICER));
        }
        CertificateContent content = new CertificateContent(d.number(), CertificateKind.PAPER, d.method().name(),
                d.executedAt(), counts, List.of(), approvers, rules.name(d.executedBy()), rules.name(d.witnessId()),
                d.contractor(), 0, d.digest(), null);
        byte[] pdf = certificates.pdf(id, content, locale);
        audit.destruction("paper.certificate.downloaded", id, Map.of("language",
                "zh".equals(locale.getLanguage()) ? "zh-CN" : "en"));
        return pdf;
    }

    /** An order with its documents, photographs, certificate code and what the person may do. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public PaperViews.Destruction view(UUID id, CustosUser by) {
        PaperRepository.DestructionRow d = visible(id, by);
        List<PaperRepository.RecordRow> records = repository.records(repository.recordsOf(id));
        Set<UUID> people = new HashSet<>();
        people.add(d.witnessId());
        people.add(d.orderedBy());
        for (UUID p : new UUID[] {d.headApprovedBy(), d.adminApprovedBy(), d.closedBy(), d.executedBy()}) {
            if (p != null) {
                people.add(p);
            }
        }
        Map<UUID, String> names = rules.names(people);
        boolean executor = mayExecute(records, by);
        PaperViews.Actions actions = new PaperViews.Actions(false, false, false,
                PaperRules.mayApprove(d, by) && PaperRules.staff(by), PaperRules.mayApprove(d, by),
                d.status().open() && (d.orderedBy().equals(by.id()) || by.hasRole(Role.ADMIN_OFFICER)),
                executor && d.status() == PaperDestructionStatus.APPROVED, d.status() == PaperDestructionStatus.DONE);
        return new PaperViews.Destruction(d.id(), d.number(), d.departmentId(), d.status(), d.method(), d.contractor(),
                d.witnessId(), names.get(d.witnessId()), d.plannedOn(), d.reason(), d.orderedBy(),
                names.get(d.orderedBy()), d.orderedAt(), d.headApprovedBy(), nameOf(names, d.headApprovedBy()),
                d.headApprovedAt(), d.adminApprovedBy(), nameOf(names, d.adminApprovedBy()), d.adminApprovedAt(),
                d.closedBy(), nameOf(names, d.closedBy()), d.closedAt(), d.closeReason(), d.executedBy(),
                nameOf(names, d.executedBy()), d.executedAt(), d.digest(),
                records.stream().map(r -> new PaperViews.RecordRef(r.id(), r.type(), r.title())).toList(),
                repository.photos(id).stream().map(p -> new PaperViews.Photo(p.id(), p.mediaType(), p.sizeBytes(),
                        p.sha256(), p.addedAt())).toList(),
                d.status() == PaperDestructionStatus.DONE ? certificates.codeOf(id).orElse(null) : null, actions);
    }

    /** Open orders the person sees, oldest first; those waiting for their approval or execution first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public List<PaperViews.DestructionSummary> open(CustosUser by) {
        List<PaperViews.DestructionSummary> mine = new ArrayList<>();
        for (PaperRepository.DestructionRow d : repository.openDestructions()) {
            List<PaperRepository.RecordRow> records = repository.records(repository.recordsOf(d.id()));
            if (rules.seesOrder(d, records, by)) {
                mine.add(summary(d, records.size()));
            }
        }
        return mine;
    }

    /** Pending orders whose approval is the person's, and approved orders they may execute (home tasks). */
    @Transactional(readOnly = true)
    public int[] waitingFor(CustosUser by) {
        int approvals = 0;
        int executions = 0;
        for (PaperRepository.DestructionRow d : repository.openDestructions()) {
            if (PaperRules.mayApprove(d, by) && PaperRules.staff(by)) {
                approvals++;
            } else if (d.status() == PaperDestructionStatus.APPROVED
                    && mayExecute(repository.records(repository.recordsOf(d.id())), by)) {
                executions++;
            }
        }
        return new int[] {approvals, executions};
    }

    private PaperViews.DestructionSummary summary(PaperRepository.DestructionRow d, int records) {
        return new PaperViews.DestructionSummary(d.id(), d.number(), d.status(), d.method(), d.plannedOn(),
                d.orderedAt(), d.executedAt(), records);
    }

    private PaperRepository.DestructionRow visible(UUID id, CustosUser by) {
        PaperRepository.DestructionRow d = repository.destruction(id).orElseThrow(DomainException::notFound);
        if (!rules.seesOrder(d, repository.records(repository.recordsOf(id)), by)) {
            throw DomainException.notFound();
        }
        return d;
    }

    private boolean mayExecute(List<PaperRepository.RecordRow> records, CustosUser by) {
        return !records.isEmpty() && records.stream().allMatch(r -> rules.keeps(r, by));
    }

    private List<PaperRepository.RecordRow> requireExecutor(PaperRepository.DestructionRow d, CustosUser by) {
        List<PaperRepository.RecordRow> records = repository.records(repository.recordsOf(d.id()));
        if (!mayExecute(records, by)) {
            throw PaperRules.forbidden("paper-not-keeper");
        }
        return records;
    }

    /** 409 {@code legal-hold} (the retention module's refusal) when a customer the documents concern is held. */
    private void requireNoHold(List<UUID> recordIds) {
        holds.refuseIfHeld(repository.customersOf(recordIds));
    }

    /**
     * The digest of what was destroyed, how, approved and witnessed by whom, when, with which
     * photographs: SHA-256 over a canonical line, ids and codes only.
     */
    private static String digest(PaperRepository.DestructionRow d, List<PaperRepository.RecordRow> records, UUID executor,
            UUID witness, Instant at, List<PaperRepository.PhotoRow> evidence) {
        StringBuilder line = new StringBuilder("custos-paper-destruction-v1|").append(d.id()).append('|')
                .append(d.number()).append('|').append(d.method()).append('|')
                .append(d.contractor() == null ? "" : d.contractor()).append('|');
        records.stream().sorted(java.util.Comparator.comparing(PaperRepository.RecordRow::id))
                .forEach(r -> line.append(r.id()).append(':').append(r.type()).append(','));
        line.append('|').append(d.orderedBy()).append('|').append(d.headApprovedBy()).append('|')
                .append(d.adminApprovedBy()).append('|').append(executor).append('|').append(witness).append('|')
                .append(at).append('|');
        evidence.forEach(p -> line.append(p.sha256()).append(','));
        return PaperAudit.digest(line.toString());
    }

    private static @Nullable String nameOf(Map<UUID, String> names, @Nullable UUID id) {
        return id == null ? null : names.get(id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
