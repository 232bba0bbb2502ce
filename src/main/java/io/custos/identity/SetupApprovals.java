package io.custos.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Actor;

/**
 * The first approver of a fresh installation (issue 24.4, R-IT-1, R-ORG-2): the operator of the
 * server approves, from the console ({@link ApproveSetupCommand}), a pending request for MANAGEMENT,
 * SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR - but only while nobody in the application could approve
 * it ({@link RoleGrants#anyApprover}). Once such an approver exists the console refuses, so dual
 * control stays in the application and the command is no back door later. Password and
 * second-factor resets ({@link PrivilegedResets}) are never decided here. Every approval and every
 * refusal of a known request is audited with the console as actor and the operator's name.
 */
@Service
public class SetupApprovals {

    private static final Logger log = LoggerFactory.getLogger(SetupApprovals.class);
    static final Actor CONSOLE = Actor.system("console");
    static final String ACTION = "identity.role-grant.approved";
    static final int MAX_OPERATOR = 64;
    /** What the audit log accepts as a detail: a name, never free text. */
    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0," + (MAX_OPERATOR - 1) + "}");

    /** The roles the first approvers need; any other grant waits for them in the application. */
    static final Set<Role> SETUP_ROLES = EnumSet.of(Role.MANAGEMENT, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
            Role.AUDITOR);

    /** Why the console will not approve; the message is for the operator. */
    public static final class Refused extends RuntimeException {

        private final String reason;

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** {@code unknown-request}, {@code not-pending}, {@code not-a-setup-grant}, {@code approver-exists}, {@code operator-invalid} */
        public String reason() {
            return reason;
        }
    }

    /** A pending request as the console lists it. */
    public record Pending(RoleGrantView grant, boolean setupGrant, boolean approverExists) {

        public boolean approvable() {
            return setupGrant && !approverExists;
        }
    }

    private final RoleGrantRepository grants;
    private final RoleGrants roleGrants;
    private final IdentityAudit audit;

    SetupApprovals(RoleGrantRepository grants, RoleGrants roleGrants, IdentityAudit audit) {
        this.grants = grants;
        this.roleGrants = roleGrants;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Pending> pending() {
        return grants.pending().stream()
                .map(g -> new Pending(g, setupGrant(g), roleGrants.anyApprover(g))).toList();
    }

    @Transactional
    public RoleGrantView approve(UUID id, String operator) {
        String name = operator == null ? "" : operator.strip();
        if (!OPERATOR.matcher(name).matches()) {
            throw new Refused("operator-invalid", "--operator needs your name as a login-style name: a letter, "
                    + "then letters, digits, '.', '_', ':' or '-', at most " + MAX_OPERATOR + " characters");
        }
        RoleGrantView grant = grants.findById(id).orElseThrow(
                () -> new Refused("unknown-request", "No role-grant request " + id));
        if (!grant.pending()) {
            throw new Refused("not-pending", "Request " + id + " is no longer pending (" + grant.status() + ")");
        }
        if (!setupGrant(grant)) {
            refuse(grant, name, "not-a-setup-grant");
            throw new Refused("not-a-setup-grant", "Request " + id + " asks for " + grant.roles()
                    + ": the console only approves MANAGEMENT, SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR; "
                    + "other roles are approved in the application by management or the department head");
        }
        if (roleGrants.anyApprover(grant)) {
            refuse(grant, name, "approver-exists");
            throw new Refused("approver-exists", "Request " + id + " can be approved in the application: "
                    + "an account exists that may approve it, so dual control is there; the console approves "
                    + "only while nobody could");
        }
        RoleGrantView approved = roleGrants.grantAs(grant, CONSOLE, "console: " + name,
                Map.of("operator", name));
        log.warn("Role grant {} for account {} approved at the console by operator '{}'", id, grant.employeeId(), name);
        return approved;
    }

    private void refuse(RoleGrantView grant, String operator, String reason) {
        audit.refusedBy(CONSOLE, ACTION, grant.employeeId(), Map.of("grant", grant.id(), "reason", reason,
                "operator", operator));
    }

    static boolean setupGrant(RoleGrantView grant) {
        return grant.roles().stream().anyMatch(SETUP_ROLES::contains);
    }
}
