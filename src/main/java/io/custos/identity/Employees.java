package io.custos.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only look-ups of employees for other modules (owners, approvers, heads). */
@Service
@Transactional(readOnly = true)
public class Employees {

    private final EmployeeRepository employees;
    private final DepartmentRepository departments;
    private final Clock clock;

    Employees(EmployeeRepository employees, DepartmentRepository departments, Clock clock) {
        this.employees = employees;
        this.departments = departments;
        this.clock = clock;
    }

    public Optional<EmployeeView> byId(UUID id) {
        return employees.findById(id).map(e -> e.toView(clock.instant()));
    }

    public Optional<EmployeeView> byUsername(String username) {
        return employees.findByUsername(username).map(e -> e.toView(clock.instant()));
    }

    /** Everyone who has not departed (active or on notice), by login name. */
    public List<EmployeeView> current() {
        return employees.findAll().stream().filter(e -> e.status() != EmployeeStatus.DEPARTED)
                .map(e -> e.toView(clock.instant())).toList();
    }

    /**
     * A department's staff now: its members who have not departed, without partners' people. The
     * people whose work an inspection, the compliance map and the dashboards count for a department.
     */
    public List<java.util.UUID> staffOf(java.util.UUID department) {
        return current().stream().filter(e -> department.equals(e.departmentId()) && e.partnerId() == null)
                .map(EmployeeView::id).toList();
    }

    /**
     * The department the person belonged to at an instant, for explanations of past decisions.
     *
     * @throws io.custos.shared.DomainException {@code not-found} for an unknown employee id
     */
    public DepartmentThen departmentAt(UUID id, java.time.Instant at) {
        return employees.departmentAt(id, at);
    }

    public List<DepartmentView> departments() {
        return departments.findAll();
    }

    public Optional<DepartmentView> department(UUID id) {
        return departments.findById(id);
    }

    public Optional<DepartmentView> departmentByCode(String code) {
        return departments.findByCode(code);
    }
}
