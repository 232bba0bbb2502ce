package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subject;
import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Destruction batches (issue 16.3, R-DEL-2): proposed from the sweep or by hand, approved by a head
 * of the batch's department and by the administration department — two people, neither of them the
 * proposer — then executed. Every transition is a guarded update on the version read, so two
 * approvers racing cannot both win and an execution cannot start twice. Legal holds are checked at
 * each step: proposing, approving and starting refuse with {@code 409 legal-hold}; a hold placed
 * while a batch executes keeps its customer (the item ends HELD).
 * <p>
 * Who may propose: an administration officer (any department), a department head (their own
 * department's customers), an employee (customers they own, such as one whose consent was
 * withdrawn). Customers they cannot reach answer like unknown ones.
 */
@Service
@Transactional
public class DestructionBatches {

    private final DestructionRepository repository;
    private final Subjects subjects;
    private final LegalHolds holds;
    private final RetentionRules rules;
    private final RetentionProperties properties;
    private final RetentionAudit audit;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Times times;
    private final Clock clock;
    private final Employees employees;

    DestructionBatches(Employees employees, DestructionRepository repository, Subjects subjects, LegalHolds holds, RetentionRules rules,
            RetentionProperties properties, RetentionAudit audit, JdbcClient jdbc, ApplicationEventPublisher events,
            Times times, Clock clock) {
        this.employees = employees;
        this.repository = repository;
        this.subjects = subjects;
        this.holds = holds;
        this.rules = rules;
        this.properties = properties;
        this.audit = audit;
        this.jdbc = jdbc;
        this.events = events;
        this.times = times;
        this.clock = clock;
    }

    public enum Decision {
        APPROVE, REJECT
    }

    /** Proposes the destruction of these customers by hand. */
    public DestructionBatch propose(@Nullable List<UUID> customerIds, @Nullable String reason, CustosUser by) {
        return propose(customerIds, reason, by, BatchSource.MANUAL, "MANUAL");
    }

    /**
     * Proposes the due customers of the newest sweep (of one department, or all of the proposer's
     * reach when {@code departmentId} is null and they have one department), leaving out held
     * customers and those already in a batch.
     */
    public DestructionBatch proposeDue(@Nullable UUID departmentId, @Nullable String reason, CustosUser by) {
        UUID department = departmentId != null ? departmentId : by.departmentId();
        if (department == null) {
            throw DomainException.unprocessable("destruction-department-required", Map.of("field", "departmentId"));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        Map<UUID, String> due = new LinkedHashMap<>();
        jdbc.sql("select d.customer_id, d.rule_code from retention_due d join customer c on c.id = d.customer_id "
                + "where c.destroyed_at is null and c.department_id = ? and d.due_on <= ? "
                + "and not exists (select 1 from legal_hold h where h.customer_id = d.customer_id and h.released_at is null) "
                + "and not exists (select 1 from destruction_item i join destruction_batch b on b.id = i.batch_id "
                + "where i.customer_id = d.customer_id and b.status in ('PROPOSED', 'APPROVED', 'EXECUTING')) "
                + "order by d.due_on, d.customer_id")
                .params(department, java.sql.Date.valueOf(today))
                .query((rs, n) -> due.put(rs.getObject(1, UUID.class), rs.getString(2))).list();
        if (due.isEmpty()) {
            throw DomainException.conflict("destruction-nothing-due");
        }
        return propose(List.copyOf(due.keySet()), reason, by, BatchSource.SWEEP, null, due);
    }

    DestructionBatch propose(@Nullable List<UUID> customerIds, @Nullable String reason, CustosUser by,
            BatchSource source, String category) {
        return propose(customerIds, reason, by, source, category, Map.of());
    }

    private DestructionBatch propose(@Nullable List<UUID> customerIds, @Nullable String reason, CustosUser by,
            BatchSource source, @Nullable String category, Map<UUID, String> ruleOf) {
        if (by.status() == EmployeeStatus.DEPARTED || by.partner()
                || !by.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.EMPLOYEE))) {
            throw new DomainException("destruction-not-allowed", HttpStatus.FORBIDDEN);
        }
        String why = RetentionTexts.required(reason, "reason");
        if (customerIds == null || customerIds.isEmpty()) {
            throw DomainException.unprocessable("destruction-customers-required", Map.of("field", "customerIds"));
        }
        Set<UUID> distinct = new LinkedHashSet<>(customerIds);
        if (distinct.size() > properties.maxBatch()) {
            throw DomainException.unprocessable("destruction-too-many-customers", Map.of("field", "customerIds",
                    "max", properties.maxBatch()), properties.maxBatch());
        }
        List<Subject> found = new ArrayList<>(distinct.size());
        int unreachable = 0;
        for (UUID id : distinct) {
            Optional<Subject> subject = subjects.find(id);
            if (subject.isPresent() && reaches(subject.get(), by)) {
                found.add(subject.get());
            } else {
                unreachable++;
            }
        }
        if (unreachable > 0) {
            // Unknown, destroyed and out-of-reach customers answer alike: nothing to probe.
            throw DomainException.unprocessable("destruction-customers-unknown", Map.of("field", "customerIds",
                    "count", unreachable), unreachable);
        }
        Set<UUID> departments = new LinkedHashSet<>();
        found.forEach(s -> departments.add(s.departmentId() == null ? NO_DEPARTMENT : s.departmentId()));
        if (departments.size() > 1) {
            throw DomainException.unprocessable("destruction-mixed-departments", Map.of("field", "customerIds"));
        }
        holds.refuseIfHeld(distinct);
        if (!repository.inOpenBatch(distinct).isEmpty()) {
            throw DomainException.conflict("destruction-customer-in-batch");
        }
        UUID department = found.get(0).departmentId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int year = LocalDate.ofInstant(now, times.companyZone()).getYear();
        RetentionRuleSet set = rules.inForce();
        DestructionBatch batch = new DestructionBatch(UUID.randomUUID(), repository.nextNumber(year), source, department,
                why, BatchStatus.PROPOSED, set.version(), DestructionBatch.CRYPTO_SHREDDING, distinct.size(), null, null,
                null, by.id(), now, null, null, null, null, null, null, null, null, null, null, null, 0);
        List<DestructionRepository.NewItem> items = new ArrayList<>(distinct.size());
        for (UUID id : distinct) {
            String rule = ruleOf.get(id);
            String itemCategory = category != null ? category
                    : set.rule(rule == null ? "" : rule).map(r -> r.kind().name()).orElse("MANUAL");
            items.add(new DestructionRepository.NewItem(id, itemCategory, rule));
        }
        repository.insert(batch, items);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("number", batch.number());
        details.put("source", source.name());
        details.put("customers", distinct.size());
        details.put("reasonDigest", RetentionAudit.digest(why));
        audit.record("retention.batch.proposed", RetentionAudit.BATCH, batch.id(), details);
        return repository.find(batch.id()).orElseThrow();
    }

    private static final UUID NO_DEPARTMENT = new UUID(0, 0);

    /** Whether the person may put this customer in a batch. */
    private static boolean reaches(Subject subject, CustosUser by) {
        if (by.hasRole(Role.ADMIN_OFFICER)) {
            return true;
        }
        if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null && by.departmentId().equals(subject.departmentId())) {
            return true;
        }
        return by.hasRole(Role.EMPLOYEE) && by.id().equals(subject.ownerId());
    }

    public DestructionBatch decide(UUID id, Decision decision, @Nullable String reason, CustosUser by) {
        DestructionBatch batch = get(id, by);
        if (batch.status() != BatchStatus.PROPOSED) {
            throw DomainException.conflict("destruction-not-proposed");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (decision == Decision.REJECT) {
            if (!mayDecideHead(batch, by) && !mayDecideAdmin(batch, by)) {
                throw new DomainException("destruction-not-your-decision", HttpStatus.FORBIDDEN);
            }
            String why = RetentionTexts.required(reason, "reason");
            moved(repository.update(id, batch.version(), "status = 'REJECTED', rejected_by = ?, rejected_at = ?, "
                    + "rejection_reason = ?", by.id(), DestructionRepository.ts(now), why));
            audit.record("retention.batch.rejected", RetentionAudit.BATCH, id, Map.of("number", batch.number(),
                    "reasonDigest", RetentionAudit.digest(why)));
            events.publishEvent(new DestructionBatchClosed(id, BatchStatus.REJECTED));
            return repository.find(id).orElseThrow();
        }
        boolean asHead = mayDecideHead(batch, by);
        boolean asAdmin = mayDecideAdmin(batch, by);
        if (!asHead && !asAdmin) {
            throw new DomainException("destruction-not-your-decision", HttpStatus.FORBIDDEN);
        }
        holds.refuseIfHeld(repository.customers(id));
        // One person holding both roles takes the step still open: the head's first.
        boolean head = asHead && !batch.headApproved();
        boolean complete = head ? batch.adminApproved() : batch.headApproved();
        String status = complete ? "APPROVED" : "PROPOSED";
        moved(head
                ? repository.update(id, batch.version(), "head_approved_by = ?, head_approved_at = ?, status = ?", by.id(),
                        DestructionRepository.ts(now), status)
                : repository.update(id, batch.version(), "admin_approved_by = ?, admin_approved_at = ?, status = ?",
                        by.id(), DestructionRepository.ts(now), status));
        audit.record(head ? "retention.batch.approved-by-head" : "retention.batch.approved-by-administration",
                RetentionAudit.BATCH, id, Map.of("number", batch.number(), "batchStatus", status));
        return repository.find(id).orElseThrow();
    }

    /** The proposer takes a batch back before it is executed. */
    public DestructionBatch cancel(UUID id, @Nullable String reason, CustosUser by) {
        DestructionBatch batch = get(id, by);
        if (!by.id().equals(batch.proposedBy()) && !by.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("destruction-not-allowed", HttpStatus.FORBIDDEN);
        }
        if (batch.status() != BatchStatus.PROPOSED && batch.status() != BatchStatus.APPROVED) {
            throw DomainException.conflict("destruction-not-cancellable");
        }
        String why = RetentionTexts.required(reason, "reason");
        moved(repository.update(id, batch.version(), "status = 'CANCELLED', rejected_by = ?, rejected_at = ?, "
                + "rejection_reason = ?", by.id(), DestructionRepository.ts(clock.instant()), why));
        audit.record("retention.batch.cancelled", RetentionAudit.BATCH, id, Map.of("number", batch.number(),
                "reasonDigest", RetentionAudit.digest(why)));
        events.publishEvent(new DestructionBatchClosed(id, BatchStatus.CANCELLED));
        return repository.find(id).orElseThrow();
    }

    /**
     * Starts the execution of an approved batch (an administration officer); the work runs in the
     * background in chunks and resumes after a crash.
     */
    public DestructionBatch execute(UUID id, CustosUser by) {
        DestructionBatch batch = get(id, by);
        if (!by.hasRole(Role.ADMIN_OFFICER) || by.status() == EmployeeStatus.DEPARTED) {
            throw new DomainException("destruction-not-allowed", HttpStatus.FORBIDDEN);
        }
        if (batch.status() != BatchStatus.APPROVED) {
            throw DomainException.conflict("destruction-not-approved");
        }
        holds.refuseIfHeld(repository.customers(id));
        moved(repository.update(id, batch.version(), "status = 'EXECUTING', executed_by = ?, execution_started_at = ?",
                by.id(), DestructionRepository.ts(clock.instant().truncatedTo(ChronoUnit.MICROS))));
        audit.record("retention.batch.execution-started", RetentionAudit.BATCH, id, Map.of("number", batch.number(),
                "customers", batch.customerCount()));
        events.publishEvent(new DestructionStarted(id));
        return repository.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public DestructionBatch get(UUID id, CustosUser by) {
        DestructionBatch batch = repository.find(id).orElseThrow(DomainException::notFound);
        if (!mayRead(batch, by)) {
            throw DomainException.notFound();
        }
        return batch;
    }

    /** The batches this person may see, newest first. */
    @Transactional(readOnly = true)
    public List<DestructionBatch> visible(CustosUser by) {
        return repository.all().stream().filter(b -> mayRead(b, by)).toList();
    }

    /** The batches waiting for this person's approval. */
    @Transactional(readOnly = true)
    public List<DestructionBatch> awaiting(CustosUser by) {
        return repository.withStatus(BatchStatus.PROPOSED).stream()
                .filter(b -> mayDecideHead(b, by) && !b.headApproved() || mayDecideAdmin(b, by) && !b.adminApproved())
                .toList();
    }

    @Transactional(readOnly = true)
    public List<DestructionRepository.Item> items(UUID id, CustosUser by, int offset, int limit) {
        get(id, by);
        return repository.items(id, offset, limit);
    }

    /**
     * The head step: a head of the batch's department, or management for a batch without one or
     * proposed by its head. Never the proposer, never whoever took the other step.
     */
    boolean mayDecideHead(DestructionBatch batch, CustosUser by) {
        if (by.id().equals(batch.proposedBy()) || by.id().equals(batch.adminApprovedBy()) || batch.headApproved()
                || by.status() == EmployeeStatus.DEPARTED) {
            return false;
        }
        boolean head = by.hasRole(Role.DEPT_HEAD) && batch.departmentId() != null
                && batch.departmentId().equals(by.departmentId());
        return head || by.hasRole(Role.MANAGEMENT) && (batch.departmentId() == null || proposerIsHead(batch));
    }

    boolean mayDecideAdmin(DestructionBatch batch, CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) && !batch.adminApproved() && !by.id().equals(batch.proposedBy())
                && !by.id().equals(batch.headApprovedBy()) && by.status() != EmployeeStatus.DEPARTED;
    }

    private boolean proposerIsHead(DestructionBatch batch) {
        return employees.byId(batch.proposedBy()).map(e -> e.roles().contains(Role.DEPT_HEAD)).orElse(false);
    }

    /** Proposer, deciders, heads of its department, administration, management, auditors. */
    boolean mayRead(DestructionBatch batch, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        if (by.id().equals(batch.proposedBy()) || by.id().equals(batch.headApprovedBy())
                || by.id().equals(batch.adminApprovedBy()) || by.id().equals(batch.executedBy())) {
            return true;
        }
        return by.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR))
                || by.hasRole(Role.DEPT_HEAD) && batch.departmentId() != null
                        && batch.departmentId().equals(by.departmentId());
    }

    private static void moved(boolean moved) {
        if (!moved) {
            // Someone else decided, cancelled or started it between our read and our update.
            throw DomainException.conflict("destruction-changed");
        }
    }
}
