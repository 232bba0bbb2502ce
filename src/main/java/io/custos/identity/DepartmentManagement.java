package io.custos.identity;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.DomainException;

/** Departments and their heads (R-ORG-1). Anyone signed in may read them; the system admin edits. */
@Service
public class DepartmentManagement {

    private static final Logger log = LoggerFactory.getLogger(DepartmentManagement.class);

    private final DepartmentRepository departments;
    private final EmployeeRepository employees;
    private final IdentityAudit audit;
    private final Clock clock;

    DepartmentManagement(DepartmentRepository departments, EmployeeRepository employees, IdentityAudit audit,
            Clock clock) {
        this.audit = audit;
        this.departments = departments;
        this.employees = employees;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<DepartmentView> list() {
        return departments.findAll();
    }

    @Transactional(readOnly = true)
    public DepartmentView get(UUID id) {
        return departments.findById(id).orElseThrow(DomainException::notFound);
    }

    @Transactional
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    public DepartmentView create(String code, String nameZh, String nameEn, boolean handlesCustomerData,
            CustosUser by) {
        if (departments.codeTaken(code.strip())) {
            throw DomainException.conflict("department-code-taken");
        }
        UUID id = UUID.randomUUID();
        departments.insert(id, code.strip(), nameZh.strip(), nameEn.strip(), handlesCustomerData, clock.instant());
        audit.department("identity.department.created", id, Map.of("handlesCustomerData", handlesCustomerData));
        log.info("Department {} created by {}", id, by.id());
        return get(id);
    }

    /** The head must be a current member of the department: the first responsible person (§二.3). */
    @Transactional
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    public DepartmentView update(UUID id, String nameZh, String nameEn, @Nullable UUID headId,
            @Nullable Boolean handlesCustomerData, CustosUser by) {
        DepartmentView current = get(id);
        boolean handles = handlesCustomerData == null ? current.handlesCustomerData() : handlesCustomerData;
        if (handles && !current.handlesCustomerData() && departments.countSeparatedDutyMembers(id) > 0) {
            // 三员分立: marking the department would put a separated duty next to customer data.
            throw DomainException.unprocessable("duty-in-customer-department", Map.of("field", "handlesCustomerData"));
        }
        if (!handles && current.handlesCustomerData() && departments.countCustomerContentMembers(id) > 0) {
            // Unmarking it would let a separated duty join people who work with customer data.
            throw DomainException.unprocessable("department-handles-customer-data",
                    Map.of("field", "handlesCustomerData"));
        }
        if (headId != null) {
            EmployeeRecord head = employees.findById(headId)
                    .orElseThrow(() -> DomainException.unprocessable("unknown-employee", Map.of("field", "headId")));
            // Someone on notice is leaving: the head settles handovers and must stay (R-EMP-5).
            if (!id.equals(head.departmentId()) || head.status() != EmployeeStatus.ACTIVE) {
                throw DomainException.unprocessable("head-not-member", Map.of("field", "headId"));
            }
        }
        DepartmentView before = get(id);
        departments.update(id, nameZh.strip(), nameEn.strip(), headId);
        departments.setHandlesCustomerData(id, handles);
        audit.department("identity.department.updated", id, java.util.Map.of("head",
                headId == null ? "none" : headId, "headChanged", !java.util.Objects.equals(before.headId(), headId),
                "handlesCustomerData", handles));
        log.info("Department {} changed by {}", id, by.id());
        return get(id);
    }
}
