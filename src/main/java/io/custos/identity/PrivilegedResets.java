package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;
import static io.custos.identity.EmployeeRepository.instant;
import static io.custos.identity.EmployeeRepository.instantOrNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/**
 * Dual control over the accounts that run the system (issue 24.4, R-IT-1): a password or
 * second-factor reset of a SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account is only asked for by the
 * system administrator and happens when a second person approves it - another SYSTEM_ADMIN or
 * SECURITY_ADMIN, or MANAGEMENT; never the one who asked, never the person concerned. Otherwise
 * one administrator could take over another's (or the auditor's) account and act in their name.
 * A request lapses after {@link #VALIDITY}. Every step is audited.
 */
@Service
public class PrivilegedResets {

    private static final Logger log = LoggerFactory.getLogger(PrivilegedResets.class);
    static final Duration VALIDITY = Duration.ofHours(72);

    private static final String SELECT = """
            select p.id, p.employee_id, e.username, e.display_name, p.kind, p.status, p.requested_by,
                   r.display_name as requested_by_name, p.requested_at, p.expires_at, p.decided_by, p.decided_at, p.note
            from privileged_reset p join employee e on e.id = p.employee_id join employee r on r.id = p.requested_by""";

    private final JdbcClient jdbc;
    private final EmployeeRepository employees;
    private final ApiTokenStore tokens;
    private final CredentialLinks links;
    private final Passkeys passkeys;
    private final IdentityAudit audit;
    private final Clock clock;

    PrivilegedResets(JdbcClient jdbc, EmployeeRepository employees, ApiTokenStore tokens, CredentialLinks links,
            IdentityAudit audit, Passkeys passkeys, Clock clock) {
        this.passkeys = passkeys;
        this.jdbc = jdbc;
        this.employees = employees;
        this.tokens = tokens;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether a reset of this account needs a second person. */
    static boolean guarded(EmployeeRecord employee) {
        return Role.separatedDutiesHeld(employee.roles()) > 0;
    }

    /** The outcome of an approval: for a password, where its link went. */
    public record Approved(PrivilegedResetView request, CredentialLinks.@Nullable Delivery delivery) {
    }

    @Transactional(readOnly = true)
    public List<PrivilegedResetView> decidableBy(CustosUser user) {
        return jdbc.sql(SELECT + " where p.status = 'PENDING' and p.expires_at > ? order by p.requested_at")
                .param(at(clock.instant())).query(this::row).list().stream().filter(r -> mayDecide(r, user)).toList();
    }

    /** Pending requests about one person, for the administrator's view of the account. */
    @Transactional(readOnly = true)
    public List<PrivilegedResetView> pendingFor(UUID employeeId) {
        return jdbc.sql(SELECT + " where p.status = 'PENDING' and p.expires_at > ? and p.employee_id = ? order by p.requested_at")
                .params(at(clock.instant()), employeeId).query(this::row).list();
    }

    /** One request, for whoever may or did decide it, the system administrators and the person concerned; else 404. */
    @Transactional(readOnly = true)
    public PrivilegedResetView get(UUID id, CustosUser user) {
        PrivilegedResetView request = find(id).orElseThrow(DomainException::notFound);
        if (!mayDecide(request, user) && !user.hasRole(Role.SYSTEM_ADMIN) && !user.id().equals(request.employeeId())
                && !user.id().equals(request.decidedBy())) {
            throw DomainException.notFound();
        }
        return request;
    }

    /** The reason the requester gave, for the approver to judge by. */
    @Transactional(readOnly = true)
    public String reason(UUID id) {
        return jdbc.sql("""
                select a.reason from privileged_reset p join employee_admin_reason a on a.id = p.reason_id
                where p.id = ?""").param(id).query(String.class).optional().orElse("");
    }

    public boolean mayDecide(PrivilegedResetView request, CustosUser user) {
        return request.pending() && mayApproveFor(request.requestedBy(), request.employeeId(), user);
    }

    /**
     * Who may be the second person for anything done to a privileged account: another system or
     * security administrator, or management; never the requester nor the person concerned.
     */
    static boolean mayApproveFor(UUID requestedBy, UUID employeeId, CustosUser user) {
        return !user.id().equals(requestedBy) && !user.id().equals(employeeId)
                && user.status() != EmployeeStatus.DEPARTED && !user.partner()
                && (user.hasRole(Role.SYSTEM_ADMIN) || user.hasRole(Role.SECURITY_ADMIN) || user.hasRole(Role.MANAGEMENT));
    }

    /** Asks for the reset; {@code reasonId} names the reason already kept. One pending request per kind and person. */
    UUID request(EmployeeRecord employee, PrivilegedResetView.Kind kind, UUID reasonId, CustosUser by) {
        Instant now = clock.instant();
        boolean waiting = pendingFor(employee.id()).stream().anyMatch(r -> r.kind() == kind);
        if (waiting) {
            throw DomainException.conflict("privileged-reset-pending");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into privileged_reset (id, employee_id, kind, reason_id, status, requested_by, requested_at, expires_at)
                values (?, ?, ?, ?, 'PENDING', ?, ?, ?)""")
                .params(id, employee.id(), kind.name(), reasonId, by.id(), at(now), at(now.plus(VALIDITY))).update();
        audit.accountBy(by.actor(), "identity.privileged-reset.requested", AuditOutcome.ALLOWED, employee.id(),
                Map.of("request", id, "kind", kind.name(), "reasonId", reasonId));
        log.info("Reset {} ({}) of privileged account {} requested by {}", id, kind, employee.id(), by.id());
        return id;
    }

    @Transactional
    public Approved approve(UUID id, CustosUser by) {
        PrivilegedResetView request = decidable(id, by, "identity.privileged-reset.approved");
        Instant now = clock.instant();
        // The row is taken here: of two approvals at once, one finds it pending, the other nothing.
        if (!decide(id, PrivilegedResetView.Status.APPROVED, by.id(), now, null)) {
            throw DomainException.conflict("privileged-reset-decided");
        }
        EmployeeRecord employee = employees.findById(request.employeeId()).orElseThrow(DomainException::notFound);
        if (employee.status() == EmployeeStatus.DEPARTED) {
            throw DomainException.conflict("privileged-reset-decided");
        }
        UUID reasonId = jdbc.sql("select reason_id from privileged_reset where id = ?").param(id).query(UUID.class).single();
        audit.accountBy(by.actor(), "identity.privileged-reset.approved", AuditOutcome.ALLOWED, employee.id(),
                Map.of("request", id, "kind", request.kind().name()));
        CredentialLinks.Delivery delivery = null;
        if (request.kind() == PrivilegedResetView.Kind.PASSWORD) {
            delivery = resetPassword(employee, reasonId, by, id);
        } else {
            resetSecondFactor(employee, reasonId, by, id);
        }
        log.info("Reset {} of privileged account {} approved by {}", id, employee.id(), by.id());
        return new Approved(find(id).orElseThrow(), delivery);
    }

    @Transactional
    public PrivilegedResetView reject(UUID id, @Nullable String note, CustosUser by) {
        PrivilegedResetView request = decidable(id, by, "identity.privileged-reset.rejected");
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && (text.length() > RoleGrants.MAX_NOTE || AdminReasons.hasControlCharacters(text))) {
            throw DomainException.unprocessable("admin-reason-invalid", Map.of("field", "note", "max",
                    RoleGrants.MAX_NOTE), RoleGrants.MAX_NOTE);
        }
        if (!decide(id, PrivilegedResetView.Status.REJECTED, by.id(), clock.instant(), text)) {
            throw DomainException.conflict("privileged-reset-decided");
        }
        audit.accountBy(by.actor(), "identity.privileged-reset.rejected", AuditOutcome.ALLOWED, request.employeeId(),
                Map.of("request", id, "kind", request.kind().name(), "noted", text != null));
        log.info("Reset {} of privileged account {} rejected by {}", id, request.employeeId(), by.id());
        return find(id).orElseThrow();
    }

    /** A new one-time password by link, to be changed at next sign-in; live API tokens end; the account unlocks. */
    CredentialLinks.Delivery resetPassword(EmployeeRecord employee, UUID reasonId, CustosUser by,
            @Nullable UUID request) {
        Instant now = clock.instant();
        CredentialLinks.Delivery delivery = links.issue(employee, by.id());
        employees.unlock(employee.id());
        int revoked = tokens.revokeAll(employee.id(), now);
        audit.accountBy(by.actor(), "identity.password.reset", AuditOutcome.ALLOWED, employee.id(),
                details(revoked, reasonId, request, delivery));
        log.info("Password of account {} reset by {}", employee.id(), by.id());
        return delivery;
    }

    void resetSecondFactor(EmployeeRecord employee, UUID reasonId, CustosUser by, @Nullable UUID request) {
        employees.clearSecondFactor(employee.id());
        // A reset ends every second factor, the person's passkeys included (issue 24.2).
        passkeys.removeAll(employee.id());
        int revoked = tokens.revokeAll(employee.id(), clock.instant());
        audit.accountBy(by.actor(), "identity.second-factor.reset", AuditOutcome.ALLOWED, employee.id(),
                details(revoked, reasonId, request, null));
        log.info("Second factor of account {} reset by {}", employee.id(), by.id());
    }

    private static Map<String, Object> details(int revoked, UUID reasonId, @Nullable UUID request,
            CredentialLinks.@Nullable Delivery delivery) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("tokensRevoked", revoked);
        details.put("reasonId", reasonId);
        if (request != null) {
            details.put("request", request);
        }
        if (delivery != null) {
            details.put("link", delivery.linkId());
        }
        return details;
    }

    private PrivilegedResetView decidable(UUID id, CustosUser by, String action) {
        PrivilegedResetView request = find(id).orElseThrow(DomainException::notFound);
        if (!request.pending()) {
            throw DomainException.conflict("privileged-reset-decided");
        }
        if (!mayDecide(request, by)) {
            String reason = by.id().equals(request.employeeId()) ? "own-account"
                    : by.id().equals(request.requestedBy()) ? "own-request" : "not-an-approver";
            audit.refused(action, request.employeeId(), reason);
            throw new DomainException("privileged-reset-not-approver", HttpStatus.FORBIDDEN);
        }
        return request;
    }

    private boolean decide(UUID id, PrivilegedResetView.Status outcome, UUID by, Instant now, @Nullable String note) {
        return jdbc.sql("""
                update privileged_reset set status = ?, decided_by = ?, decided_at = ?, note = ?
                where id = ? and status = 'PENDING' and expires_at > ?""")
                .params(outcome.name(), by, at(now), note, id, at(now)).update() == 1;
    }

    private Optional<PrivilegedResetView> find(UUID id) {
        return jdbc.sql(SELECT + " where p.id = ?").param(id).query(this::row).optional();
    }

    private PrivilegedResetView row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        PrivilegedResetView.Status status = PrivilegedResetView.Status.valueOf(rs.getString("status"));
        Instant expires = instant(rs, "expires_at");
        if (status == PrivilegedResetView.Status.PENDING && !clock.instant().isBefore(expires)) {
            status = PrivilegedResetView.Status.EXPIRED;
        }
        return new PrivilegedResetView(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                rs.getString("username"), rs.getString("display_name"),
                PrivilegedResetView.Kind.valueOf(rs.getString("kind")), status,
                rs.getObject("requested_by", UUID.class), rs.getString("requested_by_name"),
                instant(rs, "requested_at"), expires, rs.getObject("decided_by", UUID.class),
                instantOrNull(rs, "decided_at"), rs.getString("note"));
    }
}
