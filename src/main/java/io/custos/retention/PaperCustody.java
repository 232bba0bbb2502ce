package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * The paper records a person keeps or holds, and their handing over to someone who stays (R-EMP-5):
 * when an employee leaves or changes post, every document in their custody or taken out by them
 * gets a named custodian, so no document is left with nobody answerable for it.
 *
 * <p>Who may settle a handover is the handover's own decision; this service checks only that the
 * item is still what was listed and that the new custodian may keep the document, so it serves a
 * person and a background job alike (the {@link Actor} names who acted).
 */
@Service
@Transactional
public class PaperCustody {

    /** The refusal when a listed item changed since it was listed (returned, handed over, destroyed). */
    static final String ITEM_CHANGED = "handover-item-changed";

    private final PaperRepository repository;
    private final Employees employees;
    private final PaperRules rules;
    private final PaperAudit audit;
    private final Clock clock;

    PaperCustody(PaperRepository repository, Employees employees, PaperRules rules, PaperAudit audit, Clock clock) {
        this.repository = repository;
        this.employees = employees;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Paper records in this person's custody that are not destroyed, and those taken out by them
     * whoever their custodian is ({@link HeldPaper#checkedOut()}), by title.
     */
    @Transactional(readOnly = true)
    public List<HeldPaper> inCustodyOf(UUID employeeId) {
        List<PaperRepository.RecordRow> rows = repository.heldBy(employeeId);
        Map<UUID, PaperRepository.CheckoutRow> open = repository.openCheckouts(
                rows.stream().map(PaperRepository.RecordRow::id).toList());
        return rows.stream().map(r -> new HeldPaper(r.id(), r.title(), r.type().name(),
                heldBy(open.get(r.id()), employeeId), r.departmentId())).toList();
    }

    /**
     * Checks the record back in to a named custodian: a current member of staff (active, not on
     * notice, not a partner) of the record's department, or an administration officer, who may keep
     * any department's documents. A check-out to {@code from} is closed as returned, since the
     * document comes back with the person who took it out; a check-out to someone else stays open,
     * as that person still has it and now answers to the new custodian. The record stays in its
     * department's register. Audited as {@code paper.record.custody-transferred}.
     *
     * @throws DomainException 404 for a record that does not exist; 409 {@code handover-item-changed}
     *         when the record is destroyed or no longer kept or held by {@code from} (already handed
     *         over, given back, or changed at the same moment); 422 {@code paper-custodian-invalid}
     *         for a custodian who is not current staff, {@code paper-custodian-department} for one of
     *         another department who is not an administration officer
     */
    public void checkIn(UUID recordId, UUID from, UUID custodian, Actor by) {
        PaperRepository.RecordRow r = repository.record(recordId).orElseThrow(DomainException::notFound);
        PaperRepository.CheckoutRow open = repository.openCheckouts(List.of(recordId)).get(recordId);
        boolean heldByFrom = heldBy(open, from);
        if (r.status() == PaperStatus.DESTROYED || !r.custodianId().equals(from) && !heldByFrom) {
            throw DomainException.conflict(ITEM_CHANGED);
        }
        EmployeeView successor = employees.byId(custodian)
                .filter(e -> e.status() == EmployeeStatus.ACTIVE && !e.partner() && e.departmentId() != null
                        && e.roles().stream().anyMatch(Role.STAFF::contains))
                .orElseThrow(() -> DomainException.unprocessable("paper-custodian-invalid",
                        Map.of("field", "custodianId")));
        if (!r.departmentId().equals(successor.departmentId()) && !successor.roles().contains(Role.ADMIN_OFFICER)) {
            throw DomainException.unprocessable("paper-custodian-department", Map.of("field", "custodianId"));
        }
        PaperStatus status = heldByFrom ? PaperStatus.KEPT : r.status();
        if (!repository.transferCustody(recordId, r.version(), successor.id(), status)) {
            throw DomainException.conflict(ITEM_CHANGED);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.put("custodian", successor.id());
        if (!r.custodianId().equals(from)) {
            details.put("previousCustodian", r.custodianId());
        }
        if (heldByFrom && open != null) {
            repository.closeCheckout(recordId, by.id(), now());
            details.put("holder", from);
            details.put("overdue", open.expectedReturnOn().isBefore(rules.today()));
        }
        audit.recordBy(by, "paper.record.custody-transferred", recordId, details);
    }

    private static boolean heldBy(PaperRepository.@Nullable CheckoutRow open, UUID person) {
        return open != null && open.holderId().equals(person);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
