package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/**
 * What the system administrator does with accounts (R-ORG-1, R-ORG-2): create, change roles,
 * department and status, unlock, reset the password or the second factor. Separation of duties is
 * checked here, so no page or API call can get around it.
 */
@Service
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class EmployeeManagement {

    private static final Logger log = LoggerFactory.getLogger(EmployeeManagement.class);

    private final EmployeeRepository employees;
    private final DepartmentRepository departments;
    private final ApiTokenStore tokens;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final IdentityAudit audit;
    private final Clock clock;

    EmployeeManagement(EmployeeRepository employees, DepartmentRepository departments, ApiTokenStore tokens,
            PasswordPolicy policy, PasswordEncoder passwords, ApplicationEventPublisher events, IdentityAudit audit,
            Clock clock) {
        this.audit = audit;
        this.employees = employees;
        this.departments = departments;
        this.tokens = tokens;
        this.policy = policy;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    public record NewEmployee(String username, String displayName, @Nullable String email,
            @Nullable UUID departmentId, @Nullable String position, Set<Role> roles) {
    }

    public record EmployeeUpdate(String displayName, @Nullable String email, @Nullable UUID departmentId,
            @Nullable String position, Set<Role> roles, EmployeeStatus status) {
    }

    @Transactional(readOnly = true)
    public List<EmployeeView> list() {
        Instant now = clock.instant();
        return employees.findAll().stream().map(e -> e.toView(now)).toList();
    }

    @Transactional(readOnly = true)
    public EmployeeView get(UUID id) {
        return employees.findById(id).orElseThrow(DomainException::notFound).toView(clock.instant());
    }

    @Transactional
    public IssuedCredential create(NewEmployee request, CustosUser by) {
        String username = request.username().strip();
        if (employees.usernameTaken(username)) {
            throw DomainException.conflict("username-taken");
        }
        checkRoles(request.roles());
        checkDepartment(request.departmentId());
        String oneTimePassword = policy.oneTimePassword();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        employees.insert(id, username, request.displayName().strip(), blankToNull(request.email()),
                request.departmentId(), blankToNull(request.position()), EmployeeStatus.ACTIVE,
                passwords.encode(oneTimePassword), true, now);
        employees.replaceRoles(id, request.roles());
        events.publishEvent(new EmployeeChanged(id, by.id(), Set.of(), Set.copyOf(request.roles()), null,
                request.departmentId(), EmployeeStatus.ACTIVE, EmployeeStatus.ACTIVE));
        audit.account("identity.employee.created", AuditOutcome.ALLOWED, id, Map.of("roles", names(request.roles()),
                "department", request.departmentId() == null ? "none" : request.departmentId()));
        log.info("Account {} created by {}", id, by.id());
        return new IssuedCredential(id, username, oneTimePassword);
    }

    @Transactional
    public EmployeeView update(UUID id, EmployeeUpdate request, CustosUser by) {
        EmployeeRecord before = employees.findById(id).orElseThrow(DomainException::notFound);
        checkRoles(request.roles());
        checkDepartment(request.departmentId());
        boolean stillAdmin = request.roles().contains(Role.SYSTEM_ADMIN) && request.status() != EmployeeStatus.DEPARTED;
        if (before.roles().contains(Role.SYSTEM_ADMIN) && before.status() != EmployeeStatus.DEPARTED && !stillAdmin
                && employees.countActiveWithRole(Role.SYSTEM_ADMIN) <= 1) {
            throw DomainException.conflict("last-system-admin");
        }
        employees.updateProfile(id, request.displayName().strip(), blankToNull(request.email()),
                request.departmentId(), blankToNull(request.position()), request.status());
        employees.replaceRoles(id, request.roles());
        if (request.status() == EmployeeStatus.DEPARTED && before.status() != EmployeeStatus.DEPARTED) {
            tokens.revokeAll(id, clock.instant());
        }
        EmployeeChanged changed = new EmployeeChanged(id, by.id(), before.roles(), Set.copyOf(request.roles()),
                before.departmentId(), request.departmentId(), before.status(), request.status());
        events.publishEvent(changed);
        auditUpdate(before, request);
        log.info("Account {} changed by {} (roles changed: {}, status {} -> {})", id, by.id(),
                changed.rolesChanged(), before.status(), request.status());
        return get(id);
    }

    @Transactional
    public void unlock(UUID id, CustosUser by) {
        employees.findById(id).orElseThrow(DomainException::notFound);
        employees.unlock(id);
        audit.account("identity.account.unlocked", AuditOutcome.ALLOWED, id, Map.of());
        log.info("Account {} unlocked by {}", id, by.id());
    }

    /** A new one-time password, to be changed at next sign-in; live API tokens of the account end. */
    @Transactional
    public IssuedCredential resetPassword(UUID id, CustosUser by) {
        EmployeeRecord employee = employees.findById(id).orElseThrow(DomainException::notFound);
        String oneTimePassword = policy.oneTimePassword();
        Instant now = clock.instant();
        employees.updatePassword(id, passwords.encode(oneTimePassword), true, now);
        employees.unlock(id);
        int revoked = tokens.revokeAll(id, now);
        audit.account("identity.password.reset", AuditOutcome.ALLOWED, id, Map.of("tokensRevoked", revoked));
        log.info("Password of account {} reset by {}", id, by.id());
        return new IssuedCredential(id, employee.username(), oneTimePassword);
    }

    /** For a lost phone: the person enrols a new authenticator at next sign-in. */
    @Transactional
    public void resetSecondFactor(UUID id, CustosUser by) {
        employees.findById(id).orElseThrow(DomainException::notFound);
        employees.clearSecondFactor(id);
        int revoked = tokens.revokeAll(id, clock.instant());
        audit.account("identity.second-factor.reset", AuditOutcome.ALLOWED, id, Map.of("tokensRevoked", revoked));
        log.info("Second factor of account {} reset by {}", id, by.id());
    }

    /** Profile fields go to the administration log by name; roles and status are security events. */
    private void auditUpdate(EmployeeRecord before, EmployeeUpdate after) {
        List<String> changed = new java.util.ArrayList<>();
        if (!before.displayName().equals(after.displayName().strip())) {
            changed.add("displayName");
        }
        if (!java.util.Objects.equals(before.email(), blankToNull(after.email()))) {
            changed.add("email");
        }
        if (!java.util.Objects.equals(before.departmentId(), after.departmentId())) {
            changed.add("departmentId");
        }
        if (!java.util.Objects.equals(before.position(), blankToNull(after.position()))) {
            changed.add("position");
        }
        if (!changed.isEmpty()) {
            audit.employeeData("identity.employee.updated", before.id(), Map.of("fields", changed));
        }
        if (!before.roles().equals(after.roles())) {
            Set<Role> added = EnumSet.noneOf(Role.class);
            added.addAll(after.roles());
            added.removeAll(before.roles());
            Set<Role> removed = EnumSet.noneOf(Role.class);
            removed.addAll(before.roles());
            removed.removeAll(after.roles());
            audit.account("identity.employee.roles-changed", AuditOutcome.ALLOWED, before.id(),
                    Map.of("added", names(added), "removed", names(removed)));
        }
        if (before.status() != after.status()) {
            audit.account("identity.employee.status-changed", AuditOutcome.ALLOWED, before.id(),
                    Map.of("from", before.status(), "to", after.status()));
        }
    }

    private static List<String> names(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toList();
    }

    static void checkRoles(Set<Role> roles) {
        if (roles.isEmpty()) {
            throw DomainException.unprocessable("roles-required", Map.of("field", "roles"));
        }
        Set<Role> notForStaff = EnumSet.copyOf(roles);
        notForStaff.removeAll(Role.STAFF);
        if (!notForStaff.isEmpty()) {
            throw DomainException.unprocessable("role-not-for-employees", Map.of("field", "roles",
                    "roles", notForStaff.stream().map(Enum::name).sorted().toList()));
        }
        if (Role.separatedDutiesHeld(roles) > 1) {
            throw new DomainException("separation-of-duties", HttpStatus.UNPROCESSABLE_ENTITY,
                    Map.of("field", "roles", "roles", roles.stream().filter(Role.SEPARATED_DUTIES::contains)
                            .map(Enum::name).sorted().toList()));
        }
    }

    private void checkDepartment(@Nullable UUID departmentId) {
        if (departmentId != null && departments.findById(departmentId).isEmpty()) {
            throw DomainException.unprocessable("unknown-department", Map.of("field", "departmentId"));
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
