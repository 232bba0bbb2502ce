package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import io.custos.shared.web.TimeProperties;

/**
 * What the system administrator does with accounts (R-ORG-1, R-ORG-2): create, change roles,
 * department and status, unlock, reset the password or the second factor. Separation of duties is
 * checked here, so no page or API call can get around it (issue 13.2): a separated duty never holds
 * a role that reaches customer content nor belongs to a department that handles customer data; no
 * one changes their own roles, department or status; and a role that reaches customer content (or a
 * move of someone holding one) is only requested here and takes effect when a second person
 * approves it ({@link RoleGrants}). Destructive changes take a reason, kept by {@link AdminReasons}.
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
    private final RoleGrants grants;
    private final AdminReasons reasons;
    private final Clock clock;
    private final TimeProperties time;
    private final CredentialLinks links;
    private final PrivilegedResets resets;


    EmployeeManagement(EmployeeRepository employees, DepartmentRepository departments, ApiTokenStore tokens,
            PasswordPolicy policy, PasswordEncoder passwords, ApplicationEventPublisher events, IdentityAudit audit,
            RoleGrants grants, AdminReasons reasons, Clock clock, TimeProperties time, CredentialLinks links,
            PrivilegedResets resets) {
        this.links = links;
        this.resets = resets;
        this.time = time;
        this.grants = grants;
        this.reasons = reasons;
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

    /**
     * {@code reason} is required when roles are removed or the status changes; {@code leavesOn}, the
     * day access ends, when the status is on notice (and ignored otherwise).
     */
    public record EmployeeUpdate(String displayName, @Nullable String email, @Nullable UUID departmentId,
            @Nullable String position, Set<Role> roles, EmployeeStatus status, @Nullable String reason,
            @Nullable LocalDate leavesOn) {

        public EmployeeUpdate(String displayName, @Nullable String email, @Nullable UUID departmentId,
                @Nullable String position, Set<Role> roles, EmployeeStatus status, @Nullable String reason) {
            this(displayName, email, departmentId, position, roles, status, reason, null);
        }

        public EmployeeUpdate(String displayName, @Nullable String email, @Nullable UUID departmentId,
                @Nullable String position, Set<Role> roles, EmployeeStatus status) {
            this(displayName, email, departmentId, position, roles, status, null, null);
        }
    }

    /** A notice runs at most this long: a leaving date further out is almost certainly a typing error. */
    static final int MAX_NOTICE_DAYS = 366;

    /** Whether the update would remove roles or change the status: the pages confirm it first. */
    @Transactional(readOnly = true)
    public boolean destructive(UUID id, EmployeeUpdate request) {
        EmployeeRecord before = employees.findById(id).orElseThrow(DomainException::notFound);
        return !request.roles().containsAll(before.roles()) || before.status() != request.status();
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
        refusePartnerRole(request.roles());
        checkRoles(request.roles());
        checkDepartment(request.departmentId());
        grants.requireNoDutyInCustomerDepartment(request.roles(), request.departmentId());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // A password nobody knows: the one the person uses comes through their link.
        employees.insert(id, username, request.displayName().strip(), blankToNull(request.email()),
                request.departmentId(), blankToNull(request.position()), EmployeeStatus.ACTIVE,
                passwords.encode(policy.oneTimePassword()), true, now);
        // Roles that reach customer content, and the separated duties, wait for a second person; the others hold at once.
        Set<Role> content = gatedRoles(request.roles());
        Set<Role> held = EnumSet.copyOf(request.roles());
        held.removeAll(content);
        employees.replaceRoles(id, held);
        events.publishEvent(new EmployeeChanged(id, by.id(), Set.of(), Set.copyOf(held), null,
                request.departmentId(), EmployeeStatus.ACTIVE, EmployeeStatus.ACTIVE));
        audit.account("identity.employee.created", AuditOutcome.ALLOWED, id, Map.of("roles", names(held),
                "department", request.departmentId() == null ? "none" : request.departmentId()));
        UUID grant = content.isEmpty() ? null : grants.request(id, request.departmentId(), content, by);
        CredentialLinks.Delivery delivery = links.issue(employees.findById(id).orElseThrow(), by.id());
        log.info("Account {} created by {}", id, by.id());
        return new IssuedCredential(id, username, delivery, grant, null);
    }

    @Transactional
    public EmployeeView update(UUID id, EmployeeUpdate request, CustosUser by) {
        EmployeeRecord before = employees.findById(id).orElseThrow(DomainException::notFound);
        boolean accessChanges = !before.roles().equals(request.roles()) || before.status() != request.status()
                || !java.util.Objects.equals(before.departmentId(), request.departmentId());
        if (by.id().equals(id) && accessChanges) {
            audit.refused("identity.employee.updated", id, "own-account");
            throw new DomainException("own-account-change", HttpStatus.FORBIDDEN);
        }
        if (before.partnerId() != null) {
            // A partner's user keeps exactly the PARTNER role and no department (issue 15.1).
            PartnerAccounts.checkPartnerAccount(request.roles(), request.departmentId());
            return updatePartnerAccount(before, request, by);
        }
        refusePartnerRole(request.roles());
        checkRoles(request.roles());
        checkDepartment(request.departmentId());
        grants.requireNoDutyInCustomerDepartment(request.roles(), request.departmentId());
        boolean destructive = !request.roles().containsAll(before.roles()) || before.status() != request.status();
        String reason = destructive ? AdminReasons.require(request.reason()) : null;
        LocalDate leavesOn = leavingDate(before, request);
        requireHeadReplaced(before, request);
        boolean stillAdmin = request.roles().contains(Role.SYSTEM_ADMIN) && request.status() != EmployeeStatus.DEPARTED;
        if (before.roles().contains(Role.SYSTEM_ADMIN) && before.status() != EmployeeStatus.DEPARTED && !stillAdmin
                && employees.countActiveWithRole(Role.SYSTEM_ADMIN) <= 1) {
            throw DomainException.conflict("last-system-admin");
        }
        // New roles that reach customer content or are separated duties (issue 24.4), and a move of
        // someone who holds customer-content roles, wait for approval.
        Set<Role> contentAfter = contentRoles(request.roles());
        Set<Role> addedContent = gatedRoles(request.roles());
        addedContent.removeAll(before.roles());
        boolean moved = !java.util.Objects.equals(before.departmentId(), request.departmentId());
        boolean departing = request.status() == EmployeeStatus.DEPARTED;
        boolean approval = !departing && (!addedContent.isEmpty() || (moved && !contentAfter.isEmpty()));
        Set<Role> held = EnumSet.noneOf(Role.class);
        held.addAll(request.roles());
        held.removeAll(addedContent);
        UUID department = approval && moved ? before.departmentId() : request.departmentId();
        grants.requireNoDutyInCustomerDepartment(held, department);
        if (approval || departing || moved) {
            // A new request, a departure or another move makes the waiting request obsolete.
            grants.cancelPending(id, by);
        }
        employees.updateProfile(id, request.displayName().strip(), blankToNull(request.email()),
                department, blankToNull(request.position()), request.status(), leavesOn, clock.instant());
        employees.replaceRoles(id, held);
        Instant now = clock.instant();
        if (departing && before.status() != EmployeeStatus.DEPARTED) {
            tokens.revokeAll(id, now);
        }
        EmployeeChanged changed = new EmployeeChanged(id, by.id(), before.roles(), Set.copyOf(held),
                before.departmentId(), department, before.status(), request.status(), leavesOn);
        events.publishEvent(changed);
        UUID reasonId = reason == null ? null : reasons.record(id, "identity.employee.updated", reason, by.id());
        auditUpdate(before, request, held, department, reasonId, leavesOn);
        if (approval) {
            Set<Role> asked = EnumSet.copyOf(addedContent.isEmpty() ? contentAfter : addedContent);
            if (moved) {
                asked.addAll(contentAfter);
            }
            grants.request(id, request.departmentId(), asked, by);
        }
        log.info("Account {} changed by {} (roles changed: {}, status {} -> {}, approval asked: {})", id, by.id(),
                changed.rolesChanged(), before.status(), request.status(), approval);
        return get(id);
    }

    /** Name, e-mail and status of a partner's user; its role and (absent) department never change. */
    private EmployeeView updatePartnerAccount(EmployeeRecord before, EmployeeUpdate request, CustosUser by) {
        boolean statusChanges = before.status() != request.status();
        String reason = statusChanges ? AdminReasons.require(request.reason()) : null;
        LocalDate leavesOn = leavingDate(before, request);
        employees.updateProfile(before.id(), request.displayName().strip(), blankToNull(request.email()), null, null,
                request.status(), leavesOn, clock.instant());
        if (request.status() == EmployeeStatus.DEPARTED && before.status() != EmployeeStatus.DEPARTED) {
            tokens.revokeAll(before.id(), clock.instant());
        }
        events.publishEvent(new EmployeeChanged(before.id(), by.id(), before.roles(), before.roles(), null, null,
                before.status(), request.status(), leavesOn));
        UUID reasonId = reason == null ? null : reasons.record(before.id(), "identity.employee.updated", reason, by.id());
        auditUpdate(before, new EmployeeUpdate(request.displayName(), request.email(), null, null, before.roles(),
                request.status(), reason), before.roles(), null, reasonId, leavesOn);
        log.info("Partner account {} changed by {}", before.id(), by.id());
        return get(before.id());
    }

    /** PARTNER is never held by a member of staff; partner accounts are made on the partner's page. */
    private void refusePartnerRole(Set<Role> roles) {
        if (roles.contains(Role.PARTNER)) {
            throw DomainException.unprocessable("partner-role-on-staff-account", Map.of("field", "roles"));
        }
    }

    @Transactional
    public void unlock(UUID id, CustosUser by) {
        employees.findById(id).orElseThrow(DomainException::notFound);
        employees.unlock(id);
        audit.account("identity.account.unlocked", AuditOutcome.ALLOWED, id, Map.of());
        log.info("Account {} unlocked by {}", id, by.id());
    }

    /**
     * A new one-time password, by single-use link, to be changed at next sign-in; live API tokens of
     * the account end. For a SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account it is only requested
     * ({@code resetRequestId}) and happens once a second person approves ({@link PrivilegedResets}).
     */
    @Transactional
    public IssuedCredential resetPassword(UUID id, @Nullable String reason, CustosUser by) {
        EmployeeRecord employee = guardedTarget(id, by, "identity.password.reset");
        String why = AdminReasons.require(reason);
        UUID reasonId = reasons.record(id, "identity.password.reset", why, by.id());
        if (PrivilegedResets.guarded(employee)) {
            return new IssuedCredential(id, employee.username(), null, null,
                    resets.request(employee, PrivilegedResetView.Kind.PASSWORD, reasonId, by));
        }
        return new IssuedCredential(id, employee.username(), resets.resetPassword(employee, reasonId, by, null),
                null, null);
    }

    /**
     * For a lost phone: the person enrols a new authenticator at next sign-in.
     *
     * @return for a privileged account, the request that waits for a second person; else null (done)
     */
    @Transactional
    public @Nullable UUID resetSecondFactor(UUID id, @Nullable String reason, CustosUser by) {
        EmployeeRecord employee = guardedTarget(id, by, "identity.second-factor.reset");
        String why = AdminReasons.require(reason);
        UUID reasonId = reasons.record(id, "identity.second-factor.reset", why, by.id());
        if (PrivilegedResets.guarded(employee)) {
            return resets.request(employee, PrivilegedResetView.Kind.SECOND_FACTOR, reasonId, by);
        }
        resets.resetSecondFactor(employee, reasonId, by, null);
        return null;
    }

    /** Nobody resets their own credentials here: that is what the account page is for, with the current ones. */
    private EmployeeRecord guardedTarget(UUID id, CustosUser by, String action) {
        EmployeeRecord employee = employees.findById(id).orElseThrow(DomainException::notFound);
        if (by.id().equals(id)) {
            audit.refused(action, id, "own-account");
            throw new DomainException("own-account-change", HttpStatus.FORBIDDEN);
        }
        return employee;
    }

    /** Profile fields go to the administration log by name; roles and status are security events. */
    private void auditUpdate(EmployeeRecord before, EmployeeUpdate after, Set<Role> held, @Nullable UUID department,
            @Nullable UUID reasonId, @Nullable LocalDate leavesOn) {
        List<String> changed = new java.util.ArrayList<>();
        if (!before.displayName().equals(after.displayName().strip())) {
            changed.add("displayName");
        }
        if (!java.util.Objects.equals(before.email(), blankToNull(after.email()))) {
            changed.add("email");
        }
        if (!java.util.Objects.equals(before.departmentId(), department)) {
            changed.add("departmentId");
        }
        if (!java.util.Objects.equals(before.position(), blankToNull(after.position()))) {
            changed.add("position");
        }
        if (!changed.isEmpty()) {
            audit.employeeData("identity.employee.updated", before.id(), Map.of("fields", changed));
        }
        if (!before.roles().equals(held)) {
            Set<Role> added = EnumSet.noneOf(Role.class);
            added.addAll(held);
            added.removeAll(before.roles());
            Set<Role> removed = EnumSet.noneOf(Role.class);
            removed.addAll(before.roles());
            removed.removeAll(held);
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("added", names(added));
            details.put("removed", names(removed));
            if (reasonId != null && !removed.isEmpty()) {
                details.put("reasonId", reasonId);
            }
            audit.account("identity.employee.roles-changed", AuditOutcome.ALLOWED, before.id(), details);
        }
        if (before.status() != after.status() || !java.util.Objects.equals(before.leavesOn(), leavesOn)) {
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("from", before.status());
            details.put("to", after.status());
            if (leavesOn != null) {
                details.put("leavesOn", leavesOn);
            }
            if (reasonId != null) {
                details.put("reasonId", reasonId);
            }
            audit.account("identity.employee.status-changed", AuditOutcome.ALLOWED, before.id(), details);
        }
    }

    /**
     * The day access ends for someone put (or kept) on notice: required, from today to a year
     * ahead in company time. Today is allowed: access then ends within a minute (the notice sweep).
     */
    private @Nullable LocalDate leavingDate(EmployeeRecord before, EmployeeUpdate request) {
        if (request.status() != EmployeeStatus.ON_NOTICE) {
            return null;
        }
        LocalDate leavesOn = request.leavesOn();
        if (leavesOn == null) {
            throw DomainException.unprocessable("leaving-date-required", Map.of("field", "leavesOn"));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), time.zone());
        boolean unchanged = leavesOn.equals(before.leavesOn());
        if (!unchanged && (leavesOn.isBefore(today) || leavesOn.isAfter(today.plusDays(MAX_NOTICE_DAYS)))) {
            throw DomainException.unprocessable("leaving-date-out-of-range", Map.of("field", "leavesOn",
                    "max", MAX_NOTICE_DAYS), MAX_NOTICE_DAYS);
        }
        return leavesOn;
    }

    /**
     * A department's head is its first responsible person (§二.3) and settles its handovers: they
     * cannot leave it, go on notice or depart while still named its head. Naming a new head first
     * keeps every handover with someone who stays.
     */
    private void requireHeadReplaced(EmployeeRecord before, EmployeeUpdate request) {
        UUID department = before.departmentId();
        if (department == null || before.status() == EmployeeStatus.DEPARTED) {
            return;
        }
        boolean leaving = request.status() != EmployeeStatus.ACTIVE && before.status() == EmployeeStatus.ACTIVE;
        boolean moving = !department.equals(request.departmentId());
        if ((leaving || moving) && departments.findById(department)
                .map(d -> before.id().equals(d.headId())).orElse(false)) {
            throw DomainException.conflict("head-must-be-replaced");
        }
    }

    private static List<String> names(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toList();
    }

    /** Roles that take a second person's approval: customer content, and the separated duties (issue 24.4). */
    private static Set<Role> gatedRoles(Set<Role> roles) {
        Set<Role> gated = EnumSet.noneOf(Role.class);
        roles.stream().filter(r -> Role.CUSTOMER_CONTENT.contains(r) || Role.SEPARATED_DUTIES.contains(r))
                .forEach(gated::add);
        return gated;
    }

    private static Set<Role> contentRoles(Set<Role> roles) {
        Set<Role> content = EnumSet.noneOf(Role.class);
        roles.stream().filter(Role.CUSTOMER_CONTENT::contains).forEach(content::add);
        return content;
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
        if (Role.separatedDutiesHeld(roles) > 1
                || (Role.separatedDutiesHeld(roles) > 0 && Role.reachesCustomerContent(roles))) {
            throw new DomainException("separation-of-duties", HttpStatus.UNPROCESSABLE_ENTITY,
                    Map.of("field", "roles", "roles", roles.stream().map(Enum::name).sorted().toList()));
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
