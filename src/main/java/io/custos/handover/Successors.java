package io.custos.handover;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.GateAnswer;
import io.custos.training.TrainingGate;

/**
 * Who may take over what a leaver held (issue 18.2): an active member of the department that will
 * own it (not on notice, not a partner's user), holding a role that works with customers, trained,
 * with the confidentiality agreement accepted. Each refusal says which of these failed, naming the
 * person, so the head can pick someone else.
 */
@Component
class Successors {

    private final Employees employees;
    private final TrainingGate gate;

    Successors(Employees employees, TrainingGate gate) {
        this.employees = employees;
        this.gate = gate;
    }

    /**
     * @param departmentId the department that will own what is taken over
     * @throws DomainException 422 with the failed condition as its code and the person's name as argument
     */
    EmployeeView require(UUID successorId, UUID departmentId, UUID leaverId) {
        EmployeeView successor = employees.byId(successorId)
                .orElseThrow(() -> DomainException.unprocessable("unknown-employee", Map.of("field", "successor")));
        String name = successor.displayName();
        if (successorId.equals(leaverId)) {
            throw DomainException.unprocessable("successor-is-leaver", Map.of("field", "successor"), name);
        }
        if (successor.status() != EmployeeStatus.ACTIVE || successor.partner()) {
            throw DomainException.unprocessable("successor-not-active", Map.of("field", "successor"), name);
        }
        if (!departmentId.equals(successor.departmentId())) {
            throw DomainException.unprocessable("successor-other-department", Map.of("field", "successor"), name);
        }
        if (successor.roles().stream().noneMatch(r -> r == Role.EMPLOYEE || r == Role.DEPT_HEAD)) {
            throw DomainException.unprocessable("successor-no-customer-role", Map.of("field", "successor"), name);
        }
        GateAnswer answer = gate.check(successorId);
        if (!answer.allowed()) {
            String code = answer.reason() == GateAnswer.Reason.AGREEMENT_MISSING ? "successor-agreement-missing"
                    : "successor-untrained";
            throw DomainException.unprocessable(code, Map.of("field", "successor"), name);
        }
        return successor;
    }

    /**
     * A custodian for paper records: an active member of the department (or of the administration,
     * which keeps the archive), not the leaver. Training is not needed to hold a folder in a cabinet.
     */
    EmployeeView requireCustodian(UUID custodianId, UUID departmentId, UUID leaverId) {
        EmployeeView custodian = employees.byId(custodianId)
                .orElseThrow(() -> DomainException.unprocessable("unknown-employee", Map.of("field", "successor")));
        String name = custodian.displayName();
        if (custodianId.equals(leaverId)) {
            throw DomainException.unprocessable("successor-is-leaver", Map.of("field", "successor"), name);
        }
        if (custodian.status() != EmployeeStatus.ACTIVE || custodian.partner()) {
            throw DomainException.unprocessable("successor-not-active", Map.of("field", "successor"), name);
        }
        if (!departmentId.equals(custodian.departmentId()) && !custodian.roles().contains(Role.ADMIN_OFFICER)) {
            throw DomainException.unprocessable("successor-other-department", Map.of("field", "successor"), name);
        }
        return custodian;
    }
}
