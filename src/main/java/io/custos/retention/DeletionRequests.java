package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subject;
import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Customers' deletion requests (issue 16.7, PIPL art. 47): staff enter what a customer asked, by
 * which channel and when; the request then goes the same way as any destruction (a batch approved by
 * the head and the administration department) or is refused with a reason. Where the law keeps
 * something (a legal minimum's business facts, a legal hold), the outcome says so and what the
 * customer is told says why; telling them is recorded too.
 */
@Service
@Transactional
public class DeletionRequests {

    /** The refusal recorded when a legal hold kept the customer during execution. */
    public static final String HELD = "legal-hold";

    private static final String COLUMNS = "id, customer_id, channel, received_on, details, entered_by, entered_at, "
            + "status, batch_id, decided_by, decided_at, refusal_reason, kept_until, outcome, told_by, told_at";
    private static final RowMapper<DeletionRequest> MAPPER = (rs, n) -> new DeletionRequest(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), DeletionRequest.Channel.valueOf(rs.getString(3)),
            rs.getObject(4, LocalDate.class), rs.getString(5), rs.getObject(6, UUID.class),
            rs.getObject(7, OffsetDateTime.class).toInstant(), DeletionRequest.Status.valueOf(rs.getString(8)),
            rs.getObject(9, UUID.class), rs.getObject(10, UUID.class), instant(rs.getObject(11, OffsetDateTime.class)),
            rs.getString(12), rs.getObject(13, LocalDate.class),
            rs.getString(14) == null ? null : DeletionRequest.Outcome.valueOf(rs.getString(14)),
            rs.getObject(15, UUID.class), instant(rs.getObject(16, OffsetDateTime.class)));

    private final JdbcClient jdbc;
    private final Subjects subjects;
    private final DestructionBatches batches;
    private final RetentionAudit audit;
    private final Times times;
    private final Clock clock;

    DeletionRequests(JdbcClient jdbc, Subjects subjects, DestructionBatches batches, RetentionAudit audit, Times times,
            Clock clock) {
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.batches = batches;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    public DeletionRequest enter(UUID customerId, DeletionRequest.@Nullable Channel channel, @Nullable LocalDate receivedOn,
            @Nullable String details, CustosUser by) {
        Subject subject = subjects.find(customerId).filter(s -> reaches(s, by)).orElseThrow(DomainException::notFound);
        if (channel == null) {
            throw DomainException.unprocessable("deletion-request-channel-required", Map.of("field", "channel"));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.zone());
        if (receivedOn == null || receivedOn.isAfter(today)) {
            throw DomainException.unprocessable("deletion-request-date-invalid", Map.of("field", "receivedOn"));
        }
        String text = RetentionTexts.optional(details, "details", RetentionTexts.MAX_TEXT);
        if (!find(subject.customerId()).stream().filter(r -> r.status() == DeletionRequest.Status.OPEN
                || r.status() == DeletionRequest.Status.IN_BATCH).toList().isEmpty()) {
            throw DomainException.conflict("deletion-request-open");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("insert into deletion_request (id, customer_id, channel, received_on, details, entered_by, entered_at, "
                + "status) values (?, ?, ?, ?, ?, ?, ?, 'OPEN')")
                .params(id, customerId, channel.name(), java.sql.Date.valueOf(receivedOn), text, by.id(),
                        RetentionRules.utc(now))
                .update();
        Map<String, Object> auditDetails = new LinkedHashMap<>();
        auditDetails.put("customer", customerId);
        auditDetails.put("channel", channel.name());
        audit.record("retention.deletion-request.entered", RetentionAudit.DELETION_REQUEST, id, auditDetails);
        return get(id, by);
    }

    /** Sends the request on its way to destruction: a batch of this one customer. */
    public DeletionRequest accept(UUID id, CustosUser by) {
        DeletionRequest request = get(id, by);
        if (request.status() != DeletionRequest.Status.OPEN) {
            throw DomainException.conflict("deletion-request-not-open");
        }
        DestructionBatch batch = batches.propose(List.of(request.customerId()),
                "Deletion request received " + request.receivedOn(), by, BatchSource.DELETION_REQUEST,
                BatchSource.DELETION_REQUEST.name());
        if (jdbc.sql("update deletion_request set status = 'IN_BATCH', batch_id = ?, decided_by = ?, decided_at = ? "
                + "where id = ? and status = 'OPEN'")
                .params(batch.id(), by.id(), RetentionRules.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)), id)
                .update() != 1) {
            throw DomainException.conflict("deletion-request-not-open");
        }
        audit.record("retention.deletion-request.accepted", RetentionAudit.DELETION_REQUEST, id,
                Map.of("batch", batch.id()));
        return get(id, by);
    }

    /** Refuses with the reason the customer will be told (a legal hold, a contract still in force…). */
    public DeletionRequest refuse(UUID id, @Nullable String reason, CustosUser by) {
        DeletionRequest request = get(id, by);
        if (!by.hasRole(Role.ADMIN_OFFICER) && !by.hasRole(Role.DEPT_HEAD)) {
            throw new DomainException("deletion-request-not-allowed", HttpStatus.FORBIDDEN);
        }
        if (request.status() != DeletionRequest.Status.OPEN) {
            throw DomainException.conflict("deletion-request-not-open");
        }
        String why = RetentionTexts.required(reason, "reason");
        if (jdbc.sql("update deletion_request set status = 'REFUSED', outcome = 'REFUSED', refusal_reason = ?, "
                + "decided_by = ?, decided_at = ? where id = ? and status = 'OPEN'")
                .params(why, by.id(), RetentionRules.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)), id)
                .update() != 1) {
            throw DomainException.conflict("deletion-request-not-open");
        }
        audit.record("retention.deletion-request.refused", RetentionAudit.DELETION_REQUEST, id,
                Map.of("reasonDigest", RetentionAudit.digest(why)));
        return get(id, by);
    }

    /** Records that the customer was told the outcome. */
    public DeletionRequest told(UUID id, CustosUser by) {
        DeletionRequest request = get(id, by);
        if (request.outcome() == null) {
            throw DomainException.conflict("deletion-request-no-outcome");
        }
        if (jdbc.sql("update deletion_request set told_by = ?, told_at = ? where id = ? and told_at is null")
                .params(by.id(), RetentionRules.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)), id).update() != 1) {
            throw DomainException.conflict("deletion-request-told");
        }
        audit.record("retention.deletion-request.told", RetentionAudit.DELETION_REQUEST, id,
                Map.of("outcome", request.outcome().name()));
        return get(id, by);
    }

    /** A batch carrying requests ended: each request gets its outcome, or goes back to be decided again. */
    @EventListener
    void on(DestructionBatchClosed closed) {
        if (closed.status() == BatchStatus.DONE) {
            jdbc.sql("update deletion_request set status = 'DONE', outcome = case when kept_until is null "
                    + "then 'ERASED' else 'ERASED_FACTS_KEPT' end where batch_id = ? and status = 'IN_BATCH' "
                    + "and customer_id in (select customer_id from destruction_item where batch_id = ? "
                    + "and outcome in ('DESTROYED', 'GONE'))").params(closed.batchId(), closed.batchId()).update();
            // A hold placed while the batch ran kept the customer: the request is refused for it.
            jdbc.sql("update deletion_request set status = 'REFUSED', outcome = 'REFUSED', "
                    + "refusal_reason = ? where batch_id = ? and status = 'IN_BATCH'")
                    .params(HELD, closed.batchId()).update();
        } else {
            jdbc.sql("update deletion_request set status = 'OPEN', batch_id = null, decided_by = null, decided_at = null "
                    + "where batch_id = ? and status = 'IN_BATCH'").param(closed.batchId()).update();
        }
    }

    @Transactional(readOnly = true)
    public DeletionRequest get(UUID id, CustosUser by) {
        DeletionRequest request = jdbc.sql("select " + COLUMNS + " from deletion_request where id = ?").param(id)
                .query(MAPPER).optional().orElseThrow(DomainException::notFound);
        if (!mayRead(request, by)) {
            throw DomainException.notFound();
        }
        return request;
    }

    /** The requests this person may see, open ones first, newest first. */
    @Transactional(readOnly = true)
    public List<DeletionRequest> visible(CustosUser by) {
        return jdbc.sql("select " + COLUMNS + " from deletion_request order by case when status in ('OPEN', 'IN_BATCH') "
                + "then 0 else 1 end, entered_at desc fetch first 500 rows only").query(MAPPER).list().stream()
                .filter(r -> mayRead(r, by)).toList();
    }

    @Transactional(readOnly = true)
    public List<DeletionRequest> find(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from deletion_request where customer_id = ? order by entered_at desc")
                .param(customerId).query(MAPPER).list();
    }

    private boolean mayRead(DeletionRequest request, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        if (by.id().equals(request.enteredBy()) || by.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.AUDITOR,
                Role.MANAGEMENT))) {
            return true;
        }
        Optional<Subject> subject = subjects.find(request.customerId());
        return subject.isPresent() && reaches(subject.get(), by);
    }

    private static boolean reaches(Subject subject, CustosUser by) {
        if (by.status() == EmployeeStatus.DEPARTED || by.partner()) {
            return false;
        }
        if (by.hasRole(Role.ADMIN_OFFICER)) {
            return true;
        }
        if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null && by.departmentId().equals(subject.departmentId())) {
            return true;
        }
        return by.hasRole(Role.EMPLOYEE) && by.id().equals(subject.ownerId());
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
