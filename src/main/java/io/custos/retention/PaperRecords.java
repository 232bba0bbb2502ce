package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.customer.CustomerSelection;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * The register of paper media holding customer data (R-DEL-3, issue 16.6): documents with their type,
 * place, custodian and the customers they concern; taking them out and bringing them back. Who sees
 * and keeps what: {@link PaperRules}. Destruction: {@link PaperDestructions}. Every change is audited
 * ({@code paper.record.*}) with ids and codes only.
 */
@Service
@Transactional
public class PaperRecords {

    static final int MAX_CUSTOMERS = 500;
    static final int LIST_LIMIT = 500;

    /** A document to register. */
    public record NewRecord(@Nullable PaperType type, @Nullable String title, @Nullable String description,
            @Nullable String location, @Nullable UUID custodianId, @Nullable List<UUID> customerIds) {

        @Override
        public String toString() {
            return "NewRecord[type=" + type + "]";
        }
    }

    private final PaperRepository repository;
    private final PaperRules rules;
    private final PaperAudit audit;
    private final CustomerSelection customers;
    private final Clock clock;

    PaperRecords(PaperRepository repository, PaperRules rules, PaperAudit audit, CustomerSelection customers,
            Clock clock) {
        this.repository = repository;
        this.rules = rules;
        this.audit = audit;
        this.customers = customers;
        this.clock = clock;
    }

    /**
     * Registers a document. Someone who is only an employee registers documents they keep themselves; a
     * department head names a custodian of their department; the administration officer anyone.
     *
     * @throws DomainException 422 for a missing or too long field, an unknown or departed custodian
     *         ({@code paper-custodian-invalid}), customers that do not exist or were destroyed
     *         ({@code paper-customers-unknown}); 403 {@code paper-custodian-not-allowed}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public UUID register(NewRecord form, CustosUser by) {
        if (form.type() == null) {
            throw DomainException.unprocessable("paper-field-required", Map.of("field", "type"));
        }
        String title = PaperRules.text(form.title(), "title", 200, true, false);
        String description = PaperRules.text(form.description(), "description", 2000, false, true);
        String location = PaperRules.text(form.location(), "location", 200, true, false);
        EmployeeView custodian = rules.currentStaff(form.custodianId()).orElseThrow(() ->
                DomainException.unprocessable("paper-custodian-invalid", Map.of("field", "custodianId")));
        boolean allowed = by.hasRole(Role.ADMIN_OFFICER)
                || by.hasRole(Role.DEPT_HEAD) && custodian.departmentId().equals(by.departmentId())
                || custodian.id().equals(by.id());
        if (!allowed) {
            throw PaperRules.forbidden("paper-custodian-not-allowed");
        }
        List<UUID> concerned = form.customerIds() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(form.customerIds()));
        if (concerned.isEmpty()) {
            throw DomainException.unprocessable("paper-field-required", Map.of("field", "customerIds"));
        }
        if (concerned.size() > MAX_CUSTOMERS) {
            throw DomainException.unprocessable("paper-too-many-customers", Map.of("field", "customerIds",
                    "max", MAX_CUSTOMERS), MAX_CUSTOMERS);
        }
        List<UUID> unknown = customers.notLive(concerned);
        if (!unknown.isEmpty()) {
            throw DomainException.unprocessable("paper-customers-unknown", Map.of("field", "customerIds",
                    "unknown", unknown.size()), unknown.size());
        }
        UUID id = UUID.randomUUID();
        Instant now = now();
        repository.insertRecord(new PaperRepository.RecordRow(id, form.type(), title, description, location,
                custodian.id(), custodian.departmentId(), PaperStatus.KEPT, by.id(), now, null, 0), concerned);
        audit.record("paper.record.registered", id, Map.of("paperType", form.type(), "custodian", custodian.id(),
                "department", custodian.departmentId(), "customers", concerned.size()));
        return id;
    }

    /** The records the person sees, newest first, at most 500. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public List<PaperViews.Summary> list(PaperViews.Filter filter, CustosUser by) {
        LocalDate today = rules.today();
        List<PaperRepository.RecordRow> rows = repository.list(PaperRules.seesAll(by),
                by.hasRole(Role.DEPT_HEAD) ? by.departmentId() : null, by.id(), filter, today, LIST_LIMIT);
        List<UUID> ids = rows.stream().map(PaperRepository.RecordRow::id).toList();
        Map<UUID, Integer> counts = repository.customerCounts(ids);
        Map<UUID, PaperRepository.CheckoutRow> open = repository.openCheckouts(ids);
        Map<UUID, UUID> orders = repository.openOrders(ids);
        Map<UUID, String> names = rules.names(rows.stream().map(PaperRepository.RecordRow::custodianId).toList());
        List<PaperViews.Summary> items = new ArrayList<>(rows.size());
        for (PaperRepository.RecordRow r : rows) {
            PaperRepository.CheckoutRow c = open.get(r.id());
            items.add(new PaperViews.Summary(r.id(), r.type(), r.title(), r.location(), r.custodianId(),
                    names.get(r.custodianId()), r.departmentId(), r.status(), counts.getOrDefault(r.id(), 0),
                    r.registeredAt(), c == null ? null : c.expectedReturnOn(),
                    c != null && c.expectedReturnOn().isBefore(today), orders.get(r.id())));
        }
        return items;
    }

    /**
     * A record with its check-outs and destruction orders, and what the person may do with it.
     *
     * @throws DomainException 404 for a record they do not see, as for one that does not exist
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'AUDITOR')")
    public PaperViews.Record view(UUID id, CustosUser by) {
        PaperRepository.RecordRow r = visible(id, by);
        LocalDate today = rules.today();
        List<PaperRepository.CheckoutRow> checkouts = repository.checkouts(id);
        List<PaperRepository.DestructionRow> destructions = repository.destructionsOf(id);
        var people = new HashSet<UUID>();
        people.add(r.custodianId());
        people.add(r.registeredBy());
        checkouts.forEach(c -> {
            people.add(c.holderId());
            people.add(c.checkedOutBy());
            if (c.returnedBy() != null) {
                people.add(c.returnedBy());
            }
        });
        Map<UUID, String> names = rules.names(people);
        List<PaperViews.Checkout> history = checkouts.stream().map(c -> checkout(c, names, today)).toList();
        PaperViews.Checkout current = history.stream().filter(c -> c.returnedAt() == null).findFirst().orElse(null);
        boolean openOrder = destructions.stream().anyMatch(d -> d.status().open());
        boolean keeps = rules.keeps(r, by);
        PaperViews.Actions actions = new PaperViews.Actions(
                keeps && r.status() == PaperStatus.KEPT && !openOrder,
                keeps && r.status() == PaperStatus.CHECKED_OUT,
                keeps && r.status() == PaperStatus.KEPT && !openOrder,
                false, false, false, false, false);
        return new PaperViews.Record(r.id(), r.type(), r.title(), r.description(), r.location(), r.custodianId(),
                names.get(r.custodianId()), r.departmentId(), r.status(), r.registeredBy(), names.get(r.registeredBy()),
                r.registeredAt(), r.destroyedAt(), repository.customers(id), current, history,
                destructions.stream().map(d -> new PaperViews.DestructionSummary(d.id(), d.number(), d.status(),
                        d.method(), d.plannedOn(), d.orderedAt(), d.executedAt(), repository.recordsOf(d.id()).size()))
                        .toList(),
                actions);
    }

    /**
     * Records that the document was taken out by someone (a current member of staff), for a purpose,
     * until a day (today at the earliest, a year at most).
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-keeper}; 409
     *         {@code paper-record-checked-out}, {@code paper-record-destroyed},
     *         {@code paper-record-in-destruction}; 422 {@code paper-holder-invalid},
     *         {@code paper-return-date-invalid}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public void checkOut(UUID id, @Nullable UUID holderId, @Nullable String purpose, @Nullable LocalDate expectedReturnOn,
            CustosUser by) {
        PaperRepository.RecordRow r = visible(id, by);
        if (!rules.keeps(r, by)) {
            throw PaperRules.forbidden("paper-not-keeper");
        }
        requireKept(r);
        if (!repository.openOrders(List.of(id)).isEmpty()) {
            throw DomainException.conflict("paper-record-in-destruction");
        }
        EmployeeView holder = rules.currentStaff(holderId).orElseThrow(() ->
                DomainException.unprocessable("paper-holder-invalid", Map.of("field", "holderId")));
        String why = PaperRules.text(purpose, "purpose", 500, true, false);
        LocalDate today = rules.today();
        if (expectedReturnOn == null || expectedReturnOn.isBefore(today) || expectedReturnOn.isAfter(today.plusYears(1))) {
            throw DomainException.unprocessable("paper-return-date-invalid", Map.of("field", "expectedReturnOn"));
        }
        if (!repository.moveRecord(id, PaperStatus.KEPT, PaperStatus.CHECKED_OUT, null)) {
            throw DomainException.conflict("paper-record-checked-out");
        }
        Instant now = now();
        repository.insertCheckout(new PaperRepository.CheckoutRow(UUID.randomUUID(), id, holder.id(), why, by.id(), now,
                expectedReturnOn, null, null));
        audit.record("paper.record.checked-out", id, Map.of("holder", holder.id(),
                "days", ChronoUnit.DAYS.between(today, expectedReturnOn)));
    }

    /**
     * Records that the document is back in its place.
     *
     * @throws DomainException 404 unseen; 403 {@code paper-not-keeper}; 409 {@code paper-record-not-checked-out}
     */
    @PreAuthorize("hasAnyRole('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER')")
    public void giveBack(UUID id, CustosUser by) {
        PaperRepository.RecordRow r = visible(id, by);
        if (!rules.keeps(r, by)) {
            throw PaperRules.forbidden("paper-not-keeper");
        }
        PaperRepository.CheckoutRow open = repository.openCheckouts(List.of(id)).get(id);
        if (r.status() != PaperStatus.CHECKED_OUT || open == null
                || !repository.moveRecord(id, PaperStatus.CHECKED_OUT, PaperStatus.KEPT, null)) {
            throw DomainException.conflict("paper-record-not-checked-out");
        }
        repository.closeCheckout(id, by.id(), now());
        audit.record("paper.record.returned", id, Map.of("holder", open.holderId(),
                "overdue", open.expectedReturnOn().isBefore(rules.today())));
    }

    PaperRepository.RecordRow visible(UUID id, CustosUser by) {
        PaperRepository.RecordRow r = repository.record(id).orElseThrow(DomainException::notFound);
        if (!rules.sees(r, repository.openCheckouts(List.of(id)).get(id), by)) {
            throw DomainException.notFound();
        }
        return r;
    }

    static void requireKept(PaperRepository.RecordRow r) {
        if (r.status() == PaperStatus.DESTROYED) {
            throw DomainException.conflict("paper-record-destroyed");
        }
        if (r.status() == PaperStatus.CHECKED_OUT) {
            throw DomainException.conflict("paper-record-checked-out");
        }
    }

    private static PaperViews.Checkout checkout(PaperRepository.CheckoutRow c, Map<UUID, String> names, LocalDate today) {
        return new PaperViews.Checkout(c.id(), c.holderId(), names.get(c.holderId()), c.purpose(), c.checkedOutBy(),
                names.get(c.checkedOutBy()), c.checkedOutAt(), c.expectedReturnOn(), c.returnedBy(),
                c.returnedBy() == null ? null : names.get(c.returnedBy()), c.returnedAt(),
                c.returnedAt() == null && c.expectedReturnOn().isBefore(today));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
