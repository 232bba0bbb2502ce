package io.custos.sharing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.FieldRef;
import io.custos.access.Subject;
import io.custos.access.Subjects;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerSelection;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * Sharing requests and their approval (issue 15.3, R-ORG-3, R-USE-3): a requester asks to share
 * customers of their own department with another department or a partner; the department's head
 * approves (management when the requester is a head), then the administration department as well
 * for an external recipient or any L4 field. Nobody decides their own request, and the two
 * approvals are two different people. The last approval evaluates the selection, leaves out (and
 * lists) customers whose consent does not allow it, and turns the request into a grant. Each
 * transition is a guarded update on the expected state, so two approvers racing cannot both win.
 */
@Service
@Transactional
public class SharingRequests {

    /** The requester's own word on why, and a refusal's reason: long enough for a paragraph. */
    static final int MAX_TEXT = 2000;
    private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private final SharingRepository repository;
    private final SharingGrants grants;
    private final Partners partners;
    private final Employees employees;
    private final Purposes purposes;
    private final Subjects subjects;
    private final ConsentLedger consents;
    private final CustomerSelection selection;
    private final SharingAudit audit;
    private final SharingProperties properties;
    private final Clock clock;

    SharingRequests(SharingRepository repository, SharingGrants grants, Partners partners, Employees employees,
            Purposes purposes, Subjects subjects, ConsentLedger consents, CustomerSelection selection,
            SharingAudit audit, SharingProperties properties, Clock clock) {
        this.repository = repository;
        this.grants = grants;
        this.partners = partners;
        this.employees = employees;
        this.purposes = purposes;
        this.subjects = subjects;
        this.consents = consents;
        this.selection = selection;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a requester asks for; exactly one of {@code customerIds} and a filter (city and/or owner). */
    public record NewRequest(@Nullable RecipientType recipientType, @Nullable UUID recipientId,
            @Nullable String purpose, @Nullable List<UUID> customerIds, @Nullable String filterCity,
            @Nullable UUID filterOwnerId, @Nullable List<String> fields, @Nullable Instant from,
            @Nullable Instant until, @Nullable String justification) {
    }

    public enum Decision {
        APPROVE, REFUSE
    }

    /** Why a customer named by a request is left out of its grant. */
    public enum Exclusion {
        /** Deleted, destroyed or moved to another department since the request. */
        GONE,
        /** The customer has not consented to the grant's purpose. */
        NO_PURPOSE_CONSENT,
        /** An external recipient, and the customer has not consented to third-party sharing (PIPL art. 23). */
        NO_THIRD_PARTY_CONSENT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The customers an approval would share now, and those it would leave out with why. */
    public record Preview(List<UUID> included, Map<UUID, Exclusion> excluded) {
    }

    public SharingRequest submit(NewRequest request, CustosUser by) {
        if (by.status() == EmployeeStatus.DEPARTED || by.departmentId() == null || by.roles().contains(Role.PARTNER)
                || !(by.roles().contains(Role.EMPLOYEE) || by.roles().contains(Role.DEPT_HEAD))) {
            throw new DomainException("sharing-not-allowed", HttpStatus.FORBIDDEN);
        }
        UUID department = by.departmentId();
        Recipient recipient = recipient(request, department);
        Purpose purpose = purpose(request.purpose());
        List<String> fields = fields(request.fields(), purpose);
        boolean listed = request.customerIds() != null;
        boolean filtered = request.filterCity() != null && !request.filterCity().isBlank()
                || request.filterOwnerId() != null;
        if (listed == filtered) {
            throw DomainException.unprocessable("sharing-selection-required", Map.of("field", "customerIds"));
        }
        List<UUID> customers = listed ? customers(request.customerIds(), department) : List.of();
        String city = filtered && request.filterCity() != null && !request.filterCity().isBlank()
                ? text(request.filterCity(), "filterCity", 200, false) : null;
        if (request.filterOwnerId() != null && employees.byId(request.filterOwnerId())
                .filter(e -> department.equals(e.departmentId())).isEmpty()) {
            throw DomainException.unprocessable("sharing-owner-outside-department", Map.of("field", "filterOwnerId"));
        }
        // Stored to the microsecond: a start rounded up past "now" would not have started when asked at once.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant from = request.from() == null ? now : request.from().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (from.isBefore(now.minus(CLOCK_SKEW))) {
            throw DomainException.unprocessable("sharing-period-in-past", Map.of("field", "from"));
        }
        // A start a few minutes ago (the requester's clock, a slow form) means now: the server's clock decides.
        from = from.isBefore(now) ? now : from;
        if (request.until() == null || !request.until().isAfter(from)) {
            throw DomainException.unprocessable("sharing-period-invalid", Map.of("field", "until"));
        }
        Instant until = request.until().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (until.isAfter(from.plus(properties.maxPeriod()))) {
            throw DomainException.unprocessable("sharing-period-too-long", Map.of("field", "until",
                    "maxDays", properties.maxPeriod().toDays()), properties.maxPeriod().toDays());
        }
        String justification = text(request.justification(), "justification", MAX_TEXT, true);
        boolean needsAdmin = recipient.external() || fields.stream().anyMatch(f -> level(f) == Sensitivity.L4);
        SharingRequest created = new SharingRequest(UUID.randomUUID(), by.id(), department, recipient,
                purpose.code(), fields, listed ? SharingRequest.Selection.LIST : SharingRequest.Selection.FILTER,
                city, request.filterOwnerId(), customers, from, until, justification, needsAdmin,
                RequestStatus.PENDING_HEAD, now, null, null, null, null, null, null, null, null, null);
        repository.insert(created);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("recipientType", recipient.type().name());
        details.put("recipient", recipient.id());
        details.put("purpose", purpose.code());
        details.put("fields", fields);
        details.put("selection", created.selection().name());
        details.put("customers", customers.size());
        details.put("days", java.time.Duration.between(created.from(), created.until()).toDays());
        audit.request("sharing.request.submitted", created.id(), details);
        return created;
    }

    @Transactional(readOnly = true)
    public SharingRequest get(UUID id, CustosUser by) {
        SharingRequest request = repository.find(id).orElseThrow(DomainException::notFound);
        if (!mayRead(request, by)) {
            throw DomainException.notFound();
        }
        return request;
    }

    /** The requests this person made, newest first. */
    @Transactional(readOnly = true)
    public List<SharingRequest> mine(CustosUser by) {
        return repository.byRequester(by.id());
    }

    /** The pending requests whose next decision is this person's, oldest first. */
    @Transactional(readOnly = true)
    public List<SharingRequest> awaiting(CustosUser by) {
        List<SharingRequest> waiting = new ArrayList<>();
        for (SharingRequest request : repository.pending()) {
            if (decider(request, by)) {
                waiting.add(request);
            }
        }
        return waiting;
    }

    /** What approving now would share, for the approver to see before deciding. */
    @Transactional(readOnly = true)
    public Preview preview(UUID id, CustosUser by) {
        return preview(get(id, by));
    }

    public SharingRequest decide(UUID id, Decision decision, @Nullable String reason, CustosUser by) {
        SharingRequest request = repository.find(id).orElseThrow(DomainException::notFound);
        if (!mayRead(request, by)) {
            throw DomainException.notFound();
        }
        if (!request.status().pending()) {
            throw DomainException.conflict("sharing-request-not-pending");
        }
        if (!decider(request, by)) {
            throw new DomainException("sharing-not-your-decision", HttpStatus.FORBIDDEN);
        }
        Instant now = clock.instant();
        if (decision == Decision.REFUSE) {
            String why = text(reason, "reason", MAX_TEXT, true);
            move(request, RequestStatus.REFUSED, repository.refuse(id, request.status(), by.id(), now, why));
            audit.request("sharing.request.refused", id, Map.of("stage", request.status().name(),
                    "reasonDigest", SharingAudit.digest(why)));
            return repository.find(id).orElseThrow();
        }
        if (request.status() == RequestStatus.PENDING_HEAD && request.needsAdmin()) {
            move(request, RequestStatus.PENDING_ADMIN, repository.headApproves(id, by.id(), now,
                    RequestStatus.PENDING_ADMIN));
            audit.request("sharing.request.approved-by-head", id, Map.of("next", RequestStatus.PENDING_ADMIN.name()));
            return repository.find(id).orElseThrow();
        }
        if (!partners.ndaInForce(request.recipient(), now)) {
            throw DomainException.conflict("sharing-nda-missing");
        }
        Preview preview = preview(request);
        if (preview.included().isEmpty()) {
            throw new DomainException("sharing-nothing-to-share", HttpStatus.CONFLICT,
                    Map.of("excluded", preview.excluded().size()), preview.excluded().size());
        }
        boolean headStage = request.status() == RequestStatus.PENDING_HEAD;
        move(request, RequestStatus.APPROVED, headStage
                ? repository.headApproves(id, by.id(), now, RequestStatus.APPROVED)
                : repository.adminApproves(id, by.id(), now));
        audit.request(headStage ? "sharing.request.approved-by-head" : "sharing.request.approved-by-administration",
                id, Map.of("next", RequestStatus.APPROVED.name()));
        grants.create(request, preview, now);
        return repository.find(id).orElseThrow();
    }

    public SharingRequest withdraw(UUID id, CustosUser by) {
        SharingRequest request = repository.find(id).orElseThrow(DomainException::notFound);
        if (!mayRead(request, by)) {
            throw DomainException.notFound();
        }
        if (!request.requesterId().equals(by.id())) {
            throw new DomainException("sharing-not-your-request", HttpStatus.FORBIDDEN);
        }
        if (!request.status().pending()) {
            throw DomainException.conflict("sharing-request-not-pending");
        }
        move(request, RequestStatus.WITHDRAWN, withdrawn(request, null, Map.of(), null));
        return repository.find(id).orElseThrow();
    }

    /**
     * Withdraws a request still in the state it was read in (and, given {@code requester}, still
     * theirs), audited {@code sharing.request.withdrawn} with its stage and {@code extra}. False when
     * it moved or changed hands meanwhile.
     *
     * @param actor who the audit names; null for the signed-in person
     */
    boolean withdrawn(SharingRequest request, @Nullable UUID requester, Map<String, ?> extra, @Nullable Actor actor) {
        Instant now = clock.instant();
        boolean moved = requester == null ? repository.withdraw(request.id(), request.status(), now)
                : repository.withdrawOf(request.id(), requester, request.status(), now);
        if (moved) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stage", request.status().name());
            details.putAll(extra);
            audit.request("sharing.request.withdrawn", request.id(), details, actor);
        }
        return moved;
    }

    private static void move(SharingRequest request, RequestStatus to, boolean moved) {
        if (!moved) {
            // Someone else decided or withdrew it between our read and our update.
            throw DomainException.conflict("sharing-request-not-pending");
        }
    }

    /**
     * Whose decision a pending request waits for. The head step: a head of the request's department,
     * or management when the requester is a head themselves; the administration step: an
     * administration officer. Never the requester, and never the person who took the first step.
     */
    boolean decider(SharingRequest request, CustosUser by) {
        if (by.id().equals(request.requesterId()) || by.status() == EmployeeStatus.DEPARTED) {
            return false;
        }
        if (request.status() == RequestStatus.PENDING_HEAD) {
            boolean head = by.roles().contains(Role.DEPT_HEAD) && request.departmentId().equals(by.departmentId());
            return head || by.roles().contains(Role.MANAGEMENT) && requesterIsHead(request);
        }
        if (request.status() == RequestStatus.PENDING_ADMIN) {
            return by.roles().contains(Role.ADMIN_OFFICER) && !by.id().equals(request.headDecidedBy());
        }
        return false;
    }

    private boolean requesterIsHead(SharingRequest request) {
        return employees.byId(request.requesterId()).map(e -> e.roles().contains(Role.DEPT_HEAD)).orElse(false);
    }

    /** The requester, whoever decides or decided it, heads of its department, administration, management, auditors. */
    boolean mayRead(SharingRequest request, CustosUser by) {
        if (by.id().equals(request.requesterId()) || by.id().equals(request.headDecidedBy())
                || by.id().equals(request.adminDecidedBy()) || by.id().equals(request.refusedBy())) {
            return true;
        }
        Set<Role> roles = by.roles();
        return roles.contains(Role.ADMIN_OFFICER) || roles.contains(Role.MANAGEMENT) || roles.contains(Role.AUDITOR)
                || roles.contains(Role.DEPT_HEAD) && request.departmentId().equals(by.departmentId());
    }

    Preview preview(SharingRequest request) {
        List<UUID> candidates = request.selection() == SharingRequest.Selection.LIST ? request.customerIds()
                : selection.ofDepartment(request.departmentId(), request.filterOwnerId(), request.filterCity(),
                        properties.maxCustomers());
        List<UUID> included = new ArrayList<>();
        Map<UUID, Exclusion> excluded = new LinkedHashMap<>();
        for (UUID customer : candidates) {
            Optional<Subject> subject = subjects.find(customer);
            if (subject.isEmpty() || !request.departmentId().equals(subject.get().departmentId())) {
                excluded.put(customer, Exclusion.GONE);
                continue;
            }
            ConsentState consent = consents.state(customer).orElse(null);
            if (consent == null || !consent.consentedTo(request.purpose())) {
                excluded.put(customer, Exclusion.NO_PURPOSE_CONSENT);
            } else if (request.recipient().external() && !consent.thirdPartyConsent()) {
                excluded.put(customer, Exclusion.NO_THIRD_PARTY_CONSENT);
            } else {
                included.add(customer);
            }
        }
        return new Preview(included, excluded);
    }

    private Recipient recipient(NewRequest request, UUID ownDepartment) {
        if (request.recipientType() == null || request.recipientId() == null) {
            throw DomainException.unprocessable("sharing-recipient-unknown", Map.of("field", "recipientId"));
        }
        Recipient recipient = new Recipient(request.recipientType(), request.recipientId());
        if (recipient.type() == RecipientType.DEPARTMENT) {
            Optional<DepartmentView> department = employees.department(recipient.id());
            if (department.isEmpty()) {
                throw DomainException.unprocessable("sharing-recipient-unknown", Map.of("field", "recipientId"));
            }
            if (ownDepartment.equals(recipient.id())) {
                throw DomainException.unprocessable("sharing-recipient-own-department", Map.of("field", "recipientId"));
            }
        } else if (partners.find(recipient.id()).filter(PartnerSummary::active).isEmpty()) {
            throw DomainException.unprocessable("sharing-recipient-unknown", Map.of("field", "recipientId"));
        }
        return recipient;
    }

    private Purpose purpose(@Nullable String code) {
        return purposes.all().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow(
                () -> DomainException.unprocessable("sharing-purpose-unknown", Map.of("field", "purpose")));
    }

    private List<String> fields(@Nullable List<String> requested, Purpose purpose) {
        if (requested == null || requested.isEmpty()) {
            throw DomainException.unprocessable("sharing-fields-required", Map.of("field", "fields"));
        }
        Set<String> keys = new LinkedHashSet<>(requested);
        Set<String> catalog = new LinkedHashSet<>();
        subjects.fields().forEach(f -> catalog.add(f.key()));
        List<String> unknown = keys.stream().filter(k -> !catalog.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw DomainException.unprocessable("sharing-fields-unknown", Map.of("field", "fields", "fields",
                    unknown), String.join(", ", unknown));
        }
        List<String> outside = keys.stream().filter(k -> !purpose.fields().contains(k)).toList();
        if (!outside.isEmpty()) {
            // Minimal sharing: only what the purpose needs (R-COL-1 applied to sharing).
            throw DomainException.unprocessable("sharing-fields-outside-purpose", Map.of("field", "fields",
                    "fields", outside), String.join(", ", outside));
        }
        return List.copyOf(keys);
    }

    private List<UUID> customers(List<UUID> ids, UUID department) {
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        if (distinct.isEmpty()) {
            throw DomainException.unprocessable("sharing-selection-required", Map.of("field", "customerIds"));
        }
        if (distinct.size() > properties.maxCustomers()) {
            throw DomainException.unprocessable("sharing-too-many-customers", Map.of("field", "customerIds",
                    "max", properties.maxCustomers()), properties.maxCustomers());
        }
        List<UUID> outside = selection.notInDepartment(department, List.copyOf(distinct));
        if (!outside.isEmpty()) {
            // Unknown and other departments' customers answer alike: no way to probe which ids exist.
            throw DomainException.unprocessable("sharing-customers-outside-department", Map.of("field", "customerIds",
                    "count", outside.size()), outside.size());
        }
        return List.copyOf(distinct);
    }

    private Sensitivity level(String field) {
        return subjects.fields().stream().filter(f -> f.key().equals(field)).map(FieldRef::level).findFirst()
                .orElse(Sensitivity.L4);
    }

    static String text(@Nullable String value, String field, int max, boolean multiLine) {
        if (value == null || value.isBlank()) {
            throw DomainException.unprocessable("sharing-text-required", Map.of("field", field));
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw DomainException.unprocessable("sharing-text-too-long", Map.of("field", field, "max", max), max);
        }
        if (ControlCharacters.present(stripped, multiLine)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return stripped;
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
