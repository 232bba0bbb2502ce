package io.custos.sharing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.customer.CustomerSelection;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * What a person holds in the sharing module when they leave or change post, and how each item is
 * settled (issue 18, R-EMP-5): their requests still waiting for a decision (continued by a
 * successor of the request's department, or withdrawn), the grants from their requests that still
 * run (answered for by a head of the department from now on, or ended now), and the export packages
 * they requested or downloaded.
 * <p>
 * The handover decides who may settle what and calls these without a web user, so each action names
 * the person it acts for ({@code from}) and who acts ({@code by}, a person or a job). Each is a
 * guarded update on what the handover listed: an item that changed hands, was decided, withdrawn,
 * revoked or ended since is refused with {@code handover-item-changed}, never acted on. The
 * transitions are the module's own (withdrawal, revocation with its {@link GrantEnded}), so their
 * effects and audit events are those of a requester's own.
 */
@Service
@Transactional
public class SharingHandover {

    /** Kept with a grant ended in a handover, where a person's revocation keeps their own words. */
    static final String HANDOVER_REASON = "Ended in the handover of its requester's duties (R-EMP-5).";
    private static final Map<String, String> CAUSE = Map.of("cause", "handover");

    private final SharingRepository repository;
    private final SharingRequests requests;
    private final SharingGrants grants;
    private final ExportPackageRepository packages;
    private final Employees employees;
    private final CustomerSelection selection;
    private final SharingAudit audit;
    private final SharingProperties properties;
    private final Clock clock;

    SharingHandover(SharingRepository repository, SharingRequests requests, SharingGrants grants,
            ExportPackageRepository packages, Employees employees, CustomerSelection selection, SharingAudit audit,
            SharingProperties properties, Clock clock) {
        this.repository = repository;
        this.requests = requests;
        this.grants = grants;
        this.packages = packages;
        this.employees = employees;
        this.selection = selection;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** Sharing requests this person made that still wait for a decision (PENDING_HEAD, PENDING_ADMIN), newest first. */
    @Transactional(readOnly = true)
    public List<HeldRequest> pendingRequestsOf(UUID employeeId) {
        List<HeldRequest> held = new ArrayList<>();
        for (SharingRequest r : repository.pendingOf(employeeId)) {
            held.add(new HeldRequest(r.id(), r.recipient().type().name(), r.recipient().id(), r.purpose(),
                    customers(r), r.createdAt(), r.until(), r.status().name()));
        }
        return held;
    }

    /**
     * Grants from requests this person made that are in force now (not revoked, not at their end,
     * incl. not yet started), the soonest to end first.
     */
    @Transactional(readOnly = true)
    public List<HeldGrant> activeGrantsOf(UUID employeeId) {
        return repository.runningGrantsOf(employeeId, clock.instant());
    }

    /**
     * Export packages this person requested, or downloaded, since {@code since} (GB/T 35273 §7.1 bulk
     * exports), newest first by their latest act on each. Deciding a package is not holding it.
     */
    @Transactional(readOnly = true)
    public List<HeldExport> exportsOf(UUID employeeId, Instant since) {
        List<HeldExport> held = new ArrayList<>(packages.heldBy(employeeId, since));
        held.sort(Comparator.comparing(HeldExport::at).reversed().thenComparing(HeldExport::packageId));
        return held;
    }

    /**
     * The pending request continues under {@code successor}: an active member of staff of the
     * request's department who may ask to share (not a partner's user, not on notice). Its decisions
     * so far stand; a successor who took its head step cannot answer for it, as nobody decides their
     * own request. Audited {@code sharing.request.reassigned} with {@code from} and {@code to}.
     *
     * @throws DomainException 404 for an unknown request; 409 {@code handover-item-changed} when it is
     *         no longer {@code from}'s or no longer pending; 422 {@code handover-successor-invalid} or
     *         {@code handover-successor-decided}
     */
    public void reassignRequest(UUID requestId, UUID from, UUID successor, Actor by) {
        SharingRequest request = repository.find(requestId).orElseThrow(DomainException::notFound);
        requireHeld(request, from);
        EmployeeView next = employees.byId(successor).orElse(null);
        if (next == null || successor.equals(from) || !staffOf(next, request.departmentId())
                || !(next.roles().contains(Role.EMPLOYEE) || next.roles().contains(Role.DEPT_HEAD))) {
            throw DomainException.unprocessable("handover-successor-invalid", Map.of("field", "successor"));
        }
        if (successor.equals(request.headDecidedBy())) {
            throw DomainException.unprocessable("handover-successor-decided", Map.of("field", "successor"));
        }
        // On the state read: a decision taken meanwhile (perhaps by the successor) refuses the move.
        if (!repository.reassign(requestId, from, request.status(), successor)) {
            throw changed();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stage", request.status().name());
        details.put("from", from);
        details.put("to", successor);
        details.putAll(CAUSE);
        audit.request("sharing.request.reassigned", requestId, details, by);
    }

    /**
     * Withdraws {@code from}'s pending request on their behalf, as they could themselves; audited
     * {@code sharing.request.withdrawn} with {@code from} and cause {@code handover}.
     *
     * @throws DomainException 404 for an unknown request; 409 {@code handover-item-changed} when it is
     *         no longer {@code from}'s or no longer pending
     */
    public void withdrawRequest(UUID requestId, UUID from, Actor by) {
        SharingRequest request = repository.find(requestId).orElseThrow(DomainException::notFound);
        requireHeld(request, from);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.putAll(CAUSE);
        if (!requests.withdrawn(request, from, details, by)) {
            throw changed();
        }
    }

    /**
     * The grant runs on, its request now answered for by {@code head}, an active department head of
     * the request's department: they become its requester, so the ledger names them, they may revoke
     * it, and what reaches the requester about it reaches them. Audited {@code sharing.grant.continued}.
     *
     * @throws DomainException 404 for an unknown grant; 409 {@code handover-item-changed} when its
     *         request is no longer {@code from}'s, or it was revoked or ended; 422 {@code handover-head-invalid}
     */
    public void continueGrantUnder(UUID grantId, UUID from, UUID head, Actor by) {
        GrantSummary grant = grants.find(grantId).orElseThrow(DomainException::notFound);
        SharingRequest request = requireRunning(grant, from);
        EmployeeView next = employees.byId(head).orElse(null);
        if (next == null || head.equals(from) || !staffOf(next, request.departmentId())
                || !next.roles().contains(Role.DEPT_HEAD)) {
            throw DomainException.unprocessable("handover-head-invalid", Map.of("field", "head"));
        }
        if (!repository.continueUnder(grantId, from, head, clock.instant())) {
            throw changed();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("from", from);
        details.put("to", head);
        details.putAll(CAUSE);
        audit.grant("sharing.grant.continued", grantId, details, by);
    }

    /**
     * Ends the grant now through the module's revocation: access stops at once, the end is
     * announced (copies downloaded under it are asked to be destroyed), and it is audited
     * {@code sharing.grant.revoked} with {@code from} and cause {@code handover}.
     *
     * @throws DomainException 404 for an unknown grant; 409 {@code handover-item-changed} when its
     *         request is no longer {@code from}'s, or it was revoked or ended
     */
    public void endGrant(UUID grantId, UUID from, Actor by) {
        GrantSummary grant = grants.find(grantId).orElseThrow(DomainException::notFound);
        requireRunning(grant, from);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.putAll(CAUSE);
        if (!grants.end(grant, HANDOVER_REASON, by.id(), from, details, by)) {
            throw changed();
        }
    }

    private static void requireHeld(SharingRequest request, UUID from) {
        if (!request.requesterId().equals(from) || !request.status().pending()) {
            throw changed();
        }
    }

    private SharingRequest requireRunning(GrantSummary grant, UUID from) {
        Optional<SharingRequest> request = repository.find(grant.requestId());
        if (request.isEmpty() || !request.get().requesterId().equals(from) || grant.revokedAt() != null
                || !clock.instant().isBefore(grant.until())) {
            throw changed();
        }
        return request.get();
    }

    /** Active (not on notice, not departed) staff of the department, not a partner's user. */
    private static boolean staffOf(EmployeeView person, UUID department) {
        return person.status() == EmployeeStatus.ACTIVE && !person.partner() && !person.roles().contains(Role.PARTNER)
                && department.equals(person.departmentId());
    }

    /** A list names its customers; a filter is counted as it would select now (at approval it is evaluated again). */
    private int customers(SharingRequest request) {
        if (request.selection() == SharingRequest.Selection.LIST) {
            return request.customerIds().size();
        }
        try {
            return selection.ofDepartment(request.departmentId(), request.filterOwnerId(), request.filterCity(),
                    properties.maxCustomers()).size();
        } catch (DomainException e) {
            if (!"selection-city-not-public".equals(e.code())) {
                throw e;
            }
            // The filter's city is no longer kept in clear: its approval would select nobody either.
            return 0;
        }
    }

    private static DomainException changed() {
        return DomainException.conflict("handover-item-changed");
    }
}
