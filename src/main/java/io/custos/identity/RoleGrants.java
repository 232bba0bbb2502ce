package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Dual control over roles that reach customer content (issue 13.2, R-ORG-2): the system
 * administrator can only ask; the head of the receiving department (its recorded head, holding
 * DEPT_HEAD) or MANAGEMENT approves, never the one who asked nor the person concerned. Until then
 * the roles are not held, so no access decision sees them. Every step is audited.
 */
@Service
public class RoleGrants {

    private static final Logger log = LoggerFactory.getLogger(RoleGrants.class);
    static final int MAX_NOTE = 500;

    private final RoleGrantRepository grants;
    private final EmployeeRepository employees;
    private final DepartmentRepository departments;
    private final ApplicationEventPublisher events;
    private final IdentityAudit audit;
    private final Clock clock;

    RoleGrants(RoleGrantRepository grants, EmployeeRepository employees, DepartmentRepository departments,
            ApplicationEventPublisher events, IdentityAudit audit, Clock clock) {
        this.grants = grants;
        this.employees = employees;
        this.departments = departments;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** Pending requests this person may decide, oldest first. */
    @Transactional(readOnly = true)
    public List<RoleGrantView> decidableBy(CustosUser user) {
        return grants.pending().stream().filter(g -> mayDecide(g, user)).toList();
    }

    /** Pending requests about one person (for the administrator's view of the account). */
    @Transactional(readOnly = true)
    public List<RoleGrantView> pendingFor(UUID employeeId) {
        return grants.pendingFor(employeeId);
    }

    /**
     * One request, for whoever may or did decide it, the system administrators and the person concerned;
     * to anyone else it does not exist (404).
     */
    @Transactional(readOnly = true)
    public RoleGrantView get(UUID id, CustosUser user) {
        RoleGrantView grant = grants.findById(id).orElseThrow(DomainException::notFound);
        if (!mayDecide(grant, user) && !user.hasRole(Role.SYSTEM_ADMIN) && !user.id().equals(grant.employeeId())
                && !user.id().equals(grant.decidedBy())) {
            throw DomainException.notFound();
        }
        return grant;
    }

    public boolean mayDecide(RoleGrantView grant, CustosUser user) {
        if (!grant.pending() || user.id().equals(grant.requestedBy()) || user.id().equals(grant.employeeId())
                || user.status() == EmployeeStatus.DEPARTED) {
            return false;
        }
        if (grant.privileged()) {
            // A separated duty (issue 24.4): another system or security administrator, or management.
            return PrivilegedResets.mayApproveFor(grant.requestedBy(), grant.employeeId(), user);
        }
        if (user.hasRole(Role.MANAGEMENT)) {
            return true;
        }
        return grant.departmentId() != null && user.hasRole(Role.DEPT_HEAD)
                && departments.findById(grant.departmentId()).map(d -> user.id().equals(d.headId())).orElse(false);
    }

    @Transactional
    public RoleGrantView approve(UUID id, CustosUser by) {
        RoleGrantView grant = decidable(id, by, "identity.role-grant.approved");
        return grant(grant, by.actor(), by.id(), null, Map.of());
    }

    /**
     * Whether anyone could decide this request in the application: an account that
     * {@link #mayDecide} would let approve it, by the same rules (not the requester, not the person
     * concerned, not departed). Suspended standing does not exist; a locked or not yet signed-in
     * account still counts, since it can be unlocked or sign in.
     */
    @Transactional(readOnly = true)
    public boolean anyApprover(RoleGrantView grant) {
        return employees.findAll().stream().map(EmployeeRecord::toUser).anyMatch(user -> mayDecide(grant, user));
    }

    /**
     * Gives the roles for someone who is no account (the console command for the first approver of
     * an installation, {@link SetupApprovals}); the caller has checked that it may.
     */
    RoleGrantView grantAs(RoleGrantView grant, Actor actor, String note, Map<String, Object> details) {
        return grant(grant, actor, null, note, details);
    }

    private RoleGrantView grant(RoleGrantView grant, Actor actor, @Nullable UUID byId, @Nullable String note,
            Map<String, Object> extra) {
        UUID id = grant.id();
        EmployeeRecord employee = employees.findById(grant.employeeId()).orElseThrow(DomainException::notFound);
        if (employee.status() == EmployeeStatus.DEPARTED) {
            throw DomainException.conflict("role-grant-decided");
        }
        Set<Role> after = EnumSet.noneOf(Role.class);
        after.addAll(employee.roles());
        after.addAll(grant.roles());
        EmployeeManagement.checkRoles(after);
        requireNoDutyInCustomerDepartment(after, grant.departmentId());
        if (!grants.decide(id, RoleGrantView.Status.APPROVED, byId, clock.instant(), note)) {
            throw DomainException.conflict("role-grant-decided");
        }
        employees.replaceRoles(employee.id(), after);
        employees.updateDepartment(employee.id(), grant.departmentId(), clock.instant());
        events.publishEvent(new EmployeeChanged(employee.id(), byId, employee.roles(), Set.copyOf(after),
                employee.departmentId(), grant.departmentId(), employee.status(), employee.status()));
        Map<String, Object> approved = new java.util.LinkedHashMap<>(Map.of("grant", id, "roles", names(grant.roles()),
                "department", departmentOrNone(grant.departmentId())));
        approved.putAll(extra);
        audit.accountBy(actor, "identity.role-grant.approved", AuditOutcome.ALLOWED, employee.id(), approved);
        Set<Role> added = EnumSet.copyOf(after);
        added.removeAll(employee.roles());
        audit.accountBy(actor, "identity.employee.roles-changed", AuditOutcome.ALLOWED, employee.id(),
                Map.of("added", names(added), "removed", List.of(), "grant", id));
        log.info("Role grant {} for account {} approved by {}", id, employee.id(), byId != null ? byId : actor.name());
        return grants.findById(id).orElseThrow();
    }

    @Transactional
    public RoleGrantView reject(UUID id, @Nullable String note, CustosUser by) {
        decidable(id, by, "identity.role-grant.rejected");
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && (text.length() > MAX_NOTE || AdminReasons.hasControlCharacters(text))) {
            throw DomainException.unprocessable("admin-reason-invalid", Map.of("field", "note", "max", MAX_NOTE), MAX_NOTE);
        }
        RoleGrantView grant = grants.findById(id).orElseThrow();
        if (!grants.decide(id, RoleGrantView.Status.REJECTED, by.id(), clock.instant(), text)) {
            throw DomainException.conflict("role-grant-decided");
        }
        audit.accountBy(by.actor(), "identity.role-grant.rejected", AuditOutcome.ALLOWED, grant.employeeId(), Map.of("grant", id,
                "roles", names(grant.roles()), "noted", text != null));
        log.info("Role grant {} for account {} rejected by {}", id, grant.employeeId(), by.id());
        return grants.findById(id).orElseThrow();
    }

    /** Asks for the roles; any earlier pending request for the person is cancelled by it. */
    UUID request(UUID employeeId, @Nullable UUID departmentId, Set<Role> roles, CustosUser by) {
        cancelPending(employeeId, by);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        grants.insert(id, employeeId, departmentId, roles, by.id(), now);
        audit.accountBy(by.actor(), "identity.role-grant.requested", AuditOutcome.ALLOWED, employeeId, Map.of("grant", id,
                "roles", names(roles), "department", departmentOrNone(departmentId)));
        log.info("Role grant {} for account {} requested by {}", id, employeeId, by.id());
        return id;
    }

    /**
     * Issue 24.1: roles the provider's claim maps to at a provisioned account's first sign-in. The
     * account itself stands as the requester, so neither it nor anyone but a second person decides.
     */
    UUID requestFromClaim(UUID employeeId, Set<Role> roles, Actor actor) {
        UUID id = UUID.randomUUID();
        grants.insert(id, employeeId, null, roles, employeeId, clock.instant());
        audit.accountBy(actor, "identity.role-grant.requested", AuditOutcome.ALLOWED, employeeId, Map.of("grant", id,
                "roles", names(roles), "department", departmentOrNone(null)));
        log.info("Role grant {} for account {} requested by its provider's claim", id, employeeId);
        return id;
    }

    void cancelPending(UUID employeeId, CustosUser by) {
        cancelPending(employeeId, by.actor(), by.id());
    }

    /** {@code byId} is null when a job cancels (a notice that ended by itself). */
    void cancelPending(UUID employeeId, Actor actor, @Nullable UUID byId) {
        Instant now = clock.instant();
        for (RoleGrantView pending : grants.pendingFor(employeeId)) {
            if (grants.decide(pending.id(), RoleGrantView.Status.CANCELLED, byId, now, null)) {
                audit.accountBy(actor, "identity.role-grant.cancelled", AuditOutcome.ALLOWED, employeeId,
                        Map.of("grant", pending.id()));
            }
        }
    }

    /** 三员分立: a separated duty never belongs to a department that handles customer data. */
    void requireNoDutyInCustomerDepartment(Set<Role> roles, @Nullable UUID departmentId) {
        if (departmentId != null && Role.separatedDutiesHeld(roles) > 0
                && departments.findById(departmentId).map(DepartmentView::handlesCustomerData).orElse(false)) {
            throw DomainException.unprocessable("duty-in-customer-department", Map.of("field", "departmentId"));
        }
    }

    private RoleGrantView decidable(UUID id, CustosUser by, String action) {
        RoleGrantView grant = grants.findById(id).orElseThrow(DomainException::notFound);
        if (!grant.pending()) {
            throw DomainException.conflict("role-grant-decided");
        }
        if (!mayDecide(grant, by)) {
            String reason = by.id().equals(grant.employeeId()) ? "own-grant"
                    : by.id().equals(grant.requestedBy()) ? "own-request" : "not-an-approver";
            audit.refused(action, grant.employeeId(), reason);
            throw new DomainException("role-grant-not-approver", HttpStatus.FORBIDDEN);
        }
        return grant;
    }

    private static Object departmentOrNone(@Nullable UUID departmentId) {
        return Objects.requireNonNullElse((Object) departmentId, "none");
    }

    private static List<String> names(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toList();
    }
}
