package io.custos.sharing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Person;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Approved grants (issue 15.4): made from a request's last approval, revocable at any time with a
 * reason, ended by their period. Whether a grant gives access right now is decided on every read
 * (see {@link GrantLookup}), so an end, a revocation or a lapsed NDA takes effect at once; the end
 * is also announced ({@link GrantEnded}) for the features that handed out copies under it.
 */
@Service
@Transactional
public class SharingGrants implements Grants {

    private final SharingRepository repository;
    private final SharingAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SharingGrants(SharingRepository repository, SharingAudit audit, ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A grant with what its approval left out and how it has been used. */
    public record GrantDetails(GrantSummary grant, Map<UUID, String> excluded, long customers, long used,
            long reveals, long views, @Nullable Instant lastUsed, long downloads) {
    }

    GrantSummary create(SharingRequest request, SharingRequests.Preview preview, Instant now) {
        GrantSummary grant = new GrantSummary(UUID.randomUUID(), request.id(), request.recipient(), request.purpose(),
                new LinkedHashSet<>(preview.included()), new LinkedHashSet<>(request.fields()), request.from(),
                request.until(), null);
        Map<UUID, String> excluded = new LinkedHashMap<>();
        preview.excluded().forEach((customer, why) -> excluded.put(customer, why.code()));
        repository.insertGrant(grant, now, excluded);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("recipientType", request.recipient().type().name());
        details.put("recipient", request.recipient().id());
        details.put("purpose", request.purpose());
        details.put("fields", request.fields());
        details.put("customers", preview.included().size());
        details.put("excluded", preview.excluded().size());
        details.put("days", java.time.Duration.between(request.from(), request.until()).toDays());
        audit.grant("sharing.grant.created", grant.id(), details);
        return grant;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<GrantSummary> find(UUID grantId) {
        return repository.grant(grantId);
    }

    @Override
    @Transactional(readOnly = true)
    public List<GrantSummary> activeFor(CustosUser user, Instant at) {
        Recipient recipient = recipientOf(user);
        return recipient == null || user.status() == EmployeeStatus.DEPARTED ? List.of()
                : repository.activeTo(recipient, at);
    }

    /** Whether an active grant to the person's department or partner names the customer (NDA checked on read). */
    @Transactional(readOnly = true)
    public boolean receives(CustosUser user, UUID customerId, Instant at) {
        Recipient recipient = recipientOf(user);
        return recipient != null && user.status() != EmployeeStatus.DEPARTED
                && !repository.activeOn(recipient, customerId, at).isEmpty();
    }

    /** The person's active grants that name the customer. */
    @Transactional(readOnly = true)
    public List<GrantSummary> activeOn(CustosUser user, UUID customerId, Instant at) {
        Recipient recipient = recipientOf(user);
        return recipient == null || user.status() == EmployeeStatus.DEPARTED ? List.of()
                : repository.activeOn(recipient, customerId, at);
    }

    /** One grant for a person allowed to see it: its recipient, its department's heads and requester, administration, management, auditors. */
    @Transactional(readOnly = true)
    public GrantDetails details(UUID grantId, CustosUser by) {
        GrantSummary grant = repository.grant(grantId).orElseThrow(DomainException::notFound);
        if (!mayRead(grant, by)) {
            throw DomainException.notFound();
        }
        Map<String, Object> totals = repository.totals(grantId);
        Object last = totals.get("last_used");
        return new GrantDetails(grant, repository.exclusions(grantId), number(totals.get("customers")),
                number(totals.get("used")), number(totals.get("reveals")), number(totals.get("views")),
                last instanceof java.sql.Timestamp ts ? ts.toInstant()
                        : last instanceof java.time.OffsetDateTime odt ? odt.toInstant() : null,
                number(totals.get("downloads")));
    }

    /** The grants a person may see, newest first. */
    @Transactional(readOnly = true)
    public List<GrantSummary> visibleTo(CustosUser by) {
        if (by.roles().contains(Role.ADMIN_OFFICER) || by.roles().contains(Role.MANAGEMENT)
                || by.roles().contains(Role.AUDITOR)) {
            return repository.allGrants();
        }
        List<GrantSummary> grants = new ArrayList<>();
        Recipient recipient = recipientOf(by);
        if (recipient != null) {
            grants.addAll(recipient.external() ? repository.activeTo(recipient, clock.instant())
                    : repository.grantsTo(recipient));
        }
        if (by.departmentId() != null && by.roles().contains(Role.DEPT_HEAD)) {
            repository.grantsFromDepartment(by.departmentId()).stream()
                    .filter(g -> grants.stream().noneMatch(h -> h.id().equals(g.id()))).forEach(grants::add);
        }
        return grants;
    }

    /** The customers of a grant its recipient may open, a page at a time. */
    @Transactional(readOnly = true)
    public List<UUID> customersOf(UUID grantId, CustosUser by, int offset, int limit) {
        GrantSummary grant = repository.grant(grantId).orElseThrow(DomainException::notFound);
        if (!mayRead(grant, by)) {
            throw DomainException.notFound();
        }
        return repository.customersOf(grantId, offset, limit);
    }

    /**
     * Ends a grant before its time, with a reason (issue 15.4). The requester, a head of the
     * requesting department, the administration department and management may; the recipient
     * cannot (a recipient who no longer needs it says so to them).
     */
    public GrantSummary revoke(UUID grantId, @Nullable String reason, CustosUser by) {
        GrantSummary grant = repository.grant(grantId).orElseThrow(DomainException::notFound);
        if (!mayRead(grant, by)) {
            throw DomainException.notFound();
        }
        if (!mayRevoke(grant, by)) {
            throw new DomainException("sharing-not-your-decision", HttpStatus.FORBIDDEN);
        }
        String why = SharingRequests.text(reason, "reason", SharingRequests.MAX_TEXT, true);
        if (!end(grant, why, by.id(), null, Map.of(), null)) {
            throw DomainException.conflict("sharing-grant-ended");
        }
        return repository.grant(grantId).orElseThrow();
    }

    /**
     * Revokes a grant now, if it still runs (and, given {@code requester}, its request is still
     * theirs: a handover acts on what it listed, never on what changed since), audited
     * {@code sharing.grant.revoked} with the reason's digest and {@code extra}, and announced
     * ({@link GrantEnded}) like every end. False when nothing was revoked.
     *
     * @param by the person revoking, kept with the grant; null for a job
     * @param actor who the audit names; null for the signed-in person
     */
    boolean end(GrantSummary grant, String why, @Nullable UUID by, @Nullable UUID requester, Map<String, ?> extra,
            @Nullable Actor actor) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        boolean ended = requester == null ? repository.revoke(grant.id(), by, now, why)
                : repository.revokeOf(grant.id(), requester, by, now, why);
        if (!ended) {
            return false;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reasonDigest", SharingAudit.digest(why));
        details.putAll(extra);
        audit.grant("sharing.grant.revoked", grant.id(), details, actor);
        events.publishEvent(new GrantEnded(grant.id(), grant.recipient(), now, true));
        return true;
    }

    /** Announces each grant that reached its end, once; returns how many. */
    int announceEnds(int limit) {
        Instant now = clock.instant();
        int announced = 0;
        for (GrantSummary grant : repository.endedUnannounced(now, limit)) {
            if (repository.claimEnd(grant.id())) {
                audit.grantBySystem("sharing.grant.ended", grant.id(), Map.of("recipientType", grant.recipient().type().name()));
                events.publishEvent(new GrantEnded(grant.id(), grant.recipient(), grant.until(), false));
                announced++;
            }
        }
        return announced;
    }

    /** Counts a read under grants in the ledger, in the read's transaction. */
    void countUse(UUID customer, java.util.Set<UUID> grants, boolean revealed, Instant at) {
        grants.forEach(grant -> repository.countUse(grant, customer, revealed, at));
    }

    private boolean mayRevoke(GrantSummary grant, CustosUser by) {
        if (by.status() == EmployeeStatus.DEPARTED) {
            return false;
        }
        if (by.roles().contains(Role.ADMIN_OFFICER) || by.roles().contains(Role.MANAGEMENT)) {
            return true;
        }
        SharingRequest request = repository.find(grant.requestId()).orElseThrow();
        return by.id().equals(request.requesterId())
                || by.roles().contains(Role.DEPT_HEAD) && request.departmentId().equals(by.departmentId());
    }

    boolean mayRead(GrantSummary grant, CustosUser by) {
        if (by.roles().contains(Role.ADMIN_OFFICER) || by.roles().contains(Role.MANAGEMENT)
                || by.roles().contains(Role.AUDITOR)) {
            return true;
        }
        Recipient recipient = recipientOf(by);
        if (grant.recipient().equals(recipient)) {
            // A partner sees its grants while they run; staff of a recipient department see theirs.
            return !recipient.external() || grant.activeAt(clock.instant());
        }
        SharingRequest request = repository.find(grant.requestId()).orElseThrow();
        return by.id().equals(request.requesterId())
                || by.roles().contains(Role.DEPT_HEAD) && request.departmentId().equals(by.departmentId());
    }

    /** The recipient a person belongs to: their partner organisation, or their department. */
    static @Nullable Recipient recipientOf(CustosUser user) {
        UUID partner = Person.of(user).partnerId();
        if (partner != null) {
            return new Recipient(RecipientType.PARTNER, partner);
        }
        if (user.roles().contains(Role.PARTNER) || user.departmentId() == null) {
            return null;
        }
        return new Recipient(RecipientType.DEPARTMENT, user.departmentId());
    }

    private static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
