package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/**
 * Accounts of partner organisations' people (issue 15.1, R-ORG-3). They sign in, lock out, change
 * passwords and enrol a second factor exactly as staff do; what differs is held here and in
 * {@link EmployeeManagement}: such an account holds the PARTNER role and nothing else, belongs to no
 * department, is bound to one partner for good, and only the administration officer creates one.
 */
@Service
public class PartnerAccounts {

    private static final Logger log = LoggerFactory.getLogger(PartnerAccounts.class);

    private final EmployeeRepository employees;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final IdentityAudit audit;
    private final ObjectProvider<PartnerStanding> partners;
    private final CredentialLinks links;
    private final Clock clock;

    PartnerAccounts(EmployeeRepository employees, PasswordPolicy policy, PasswordEncoder passwords,
            ApplicationEventPublisher events, IdentityAudit audit, ObjectProvider<PartnerStanding> partners,
            CredentialLinks links, Clock clock) {
        this.links = links;
        this.employees = employees;
        this.policy = policy;
        this.passwords = passwords;
        this.events = events;
        this.audit = audit;
        this.partners = partners;
        this.clock = clock;
    }

    public record NewPartnerUser(String username, String displayName, @Nullable String email) {
    }

    /**
     * A new account bound to the partner. Its one-time password reaches the person through a
     * single-use link, mailed to the address given or handed over by the officer, who never sees the
     * password (issue 24.4); it works for 24 hours. The officer cannot make it their own: a partner account is a new person, and an e-mail address of
     * the officer's own is refused.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public IssuedCredential create(UUID partnerId, NewPartnerUser request, CustosUser by) {
        if (by.partner() || !by.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        PartnerStanding standing = partners.getIfAvailable();
        if (standing == null || !standing.activePartner(partnerId)) {
            throw DomainException.unprocessable("partner-inactive", Map.of("field", "partnerId"));
        }
        String username = request.username().strip();
        if (!username.matches("[a-z][a-z0-9._-]{2,63}")) {
            throw DomainException.unprocessable("username-invalid", Map.of("field", "username"));
        }
        String displayName = request.displayName().strip();
        if (displayName.isEmpty() || displayName.length() > 100) {
            throw DomainException.unprocessable("display-name-invalid", Map.of("field", "displayName"));
        }
        String email = request.email() == null || request.email().isBlank() ? null : request.email().strip();
        if (email != null && (email.length() > 254 || !email.matches("[^\\s@]+@[^\\s@]+\\.[^\\s@]+"))) {
            throw DomainException.unprocessable("email-invalid", Map.of("field", "email"));
        }
        if (email != null && employees.findById(by.id()).map(EmployeeRecord::email)
                .filter(email::equalsIgnoreCase).isPresent()) {
            audit.refused("identity.partner-user.created", by.id(), "own-account");
            throw new DomainException("own-account-change", HttpStatus.FORBIDDEN, Map.of("field", "email"));
        }
        if (employees.usernameTaken(username)) {
            throw DomainException.conflict("username-taken");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // A password nobody knows until the link makes the one the person will use.
        employees.insertPartnerUser(id, partnerId, username, displayName, email,
                passwords.encode(policy.oneTimePassword()), now);
        employees.replaceRoles(id, Set.of(Role.PARTNER));
        events.publishEvent(new EmployeeChanged(id, by.id(), Set.of(), Set.of(Role.PARTNER), null, null,
                EmployeeStatus.ACTIVE, EmployeeStatus.ACTIVE));
        audit.account("sharing.partner-user.created", AuditOutcome.ALLOWED, id,
                Map.of("partner", partnerId, "roles", List.of(Role.PARTNER.name())));
        CredentialLinks.Delivery delivery = links.issue(employees.findById(id).orElseThrow(), by.id());
        log.info("Partner account {} of partner {} created by {}", id, partnerId, by.id());
        return new IssuedCredential(id, username, delivery, null, null);
    }

    /** The partner's users, for the partner's page. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public List<EmployeeView> users(UUID partnerId) {
        Instant now = clock.instant();
        return employees.findByPartner(partnerId).stream().map(e -> e.toView(now)).toList();
    }

    /** A partner account's roles as the invariant wants them; anything else is refused with a clear problem. */
    static void checkPartnerAccount(Set<Role> roles, @Nullable UUID departmentId) {
        if (!roles.equals(Set.of(Role.PARTNER))) {
            throw DomainException.unprocessable("partner-account-roles", Map.of("field", "roles",
                    "roles", roles.stream().map(Enum::name).sorted().toList()));
        }
        if (departmentId != null) {
            throw DomainException.unprocessable("partner-account-department", Map.of("field", "departmentId"));
        }
    }
}
