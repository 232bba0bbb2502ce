package io.custos.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Who sees and who may act on the paper register (issue 16.6), in one place:
 * <ul>
 * <li>the administration officer and the auditor see every record and order; the officer acts on
 * all of them, the auditor on none;</li>
 * <li>a department head sees and keeps the records of the department they belong to;</li>
 * <li>anyone else sees the records they keep (custodian) or hold (checked out to them) and keeps
 * those they are custodian of.</li>
 * </ul>
 * "Keeping" a record means registering it, checking it out, taking it back, ordering and executing
 * its destruction. Approvals: the head step belongs to a head of the record's department, the
 * administration step to an administration officer; never the one who ordered, never one person for
 * both steps.
 */
@Component
class PaperRules {

    private final Employees employees;
    private final Times times;
    private final Clock clock;

    PaperRules(Employees employees, Times times, Clock clock) {
        this.employees = employees;
        this.times = times;
        this.clock = clock;
    }

    static boolean seesAll(CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || by.hasRole(Role.AUDITOR);
    }

    static boolean headOf(CustosUser by, UUID department) {
        return by.hasRole(Role.DEPT_HEAD) && department.equals(by.departmentId());
    }

    static boolean staff(CustosUser by) {
        return by.hasRole(Role.EMPLOYEE) || by.hasRole(Role.DEPT_HEAD) || by.hasRole(Role.ADMIN_OFFICER);
    }

    boolean sees(PaperRepository.RecordRow r, PaperRepository.@Nullable CheckoutRow open, CustosUser by) {
        return seesAll(by) || headOf(by, r.departmentId()) || r.custodianId().equals(by.id())
                || open != null && open.holderId().equals(by.id());
    }

    boolean keeps(PaperRepository.RecordRow r, CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || headOf(by, r.departmentId())
                || staff(by) && r.custodianId().equals(by.id());
    }

    boolean seesOrder(PaperRepository.DestructionRow d, Collection<PaperRepository.RecordRow> records, CustosUser by) {
        return seesAll(by) || headOf(by, d.departmentId()) || d.orderedBy().equals(by.id())
                || records.stream().anyMatch(r -> r.custodianId().equals(by.id()));
    }

    /** May take the head step or the administration step of this order now. */
    static boolean mayApprove(PaperRepository.DestructionRow d, CustosUser by) {
        if (d.status() != PaperDestructionStatus.PENDING || d.orderedBy().equals(by.id())) {
            return false;
        }
        boolean head = headOf(by, d.departmentId()) && d.headApprovedBy() == null && !by.id().equals(d.adminApprovedBy());
        boolean admin = by.hasRole(Role.ADMIN_OFFICER) && d.adminApprovedBy() == null
                && !by.id().equals(d.headApprovedBy());
        return head || admin;
    }

    /** A member of staff who is still here: the custodian, holder or witness a form names. */
    Optional<EmployeeView> currentStaff(@Nullable UUID id) {
        if (id == null) {
            return Optional.empty();
        }
        return employees.byId(id).filter(e -> e.status() != EmployeeStatus.DEPARTED && !e.partner()
                && e.departmentId() != null && e.roles().stream().anyMatch(Role.STAFF::contains));
    }

    String name(@Nullable UUID id) {
        return id == null ? "—" : employees.byId(id).map(EmployeeView::displayName).orElse("—");
    }

    Map<UUID, String> names(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        ids.forEach(id -> names.computeIfAbsent(id, this::name));
        return names;
    }

    /** Today in the company's zone: planned and return dates are company days. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    /** The text as stored: stripped, within its length, without control characters. */
    static @Nullable String text(@Nullable String value, String field, int max, boolean required, boolean multiLine) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            if (required) {
                throw DomainException.unprocessable("paper-field-required", Map.of("field", field));
            }
            return null;
        }
        if (text.length() > max) {
            throw DomainException.unprocessable("paper-field-too-long", Map.of("field", field, "max", max), max);
        }
        if (ControlCharacters.present(text, multiLine)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }

    static DomainException forbidden(String code) {
        return new DomainException(code, HttpStatus.FORBIDDEN);
    }
}
