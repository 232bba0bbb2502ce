package io.custos.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecision;
import io.custos.access.AccessDecisions;
import io.custos.access.AccessPolicy;
import io.custos.access.AccessReviews;
import io.custos.access.FieldDecision;
import io.custos.access.FieldOutcome;
import io.custos.access.FieldRef;
import io.custos.access.FlaggedAccess;
import io.custos.access.Subject;
import io.custos.audit.AuditEvent;
import io.custos.consent.Channel;
import io.custos.consent.ConsentEntry;
import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purposes;
import io.custos.consent.Withdrawal;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.keys.DataKeyDestroyedException;
import io.custos.keys.DataKeys;
import io.custos.keys.UnreadableCiphertextException;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * Creating, reading, revealing, changing and finding customers (R-COL-3, R-STO-1, R-STO-4, R-STO-6,
 * R-USE-1, R-USE-2). Each use case asks the access module for a decision field by field, acts on
 * it (a value in clear, masked, or left out; a record nobody may see answers exactly like a missing
 * one) and records its audit event in the same transaction, so a read returns only once its event
 * is stored. L3-L4 values leave this service in clear only through {@link #reveal}.
 */
@Service
public class CustomerRegistry {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CustomerRegistry.class);

    static final String COMPANY_NAME = "companyName";
    static final List<String> SUMMARY_FIELDS = List.of(COMPANY_NAME, "contactName", "city", "phone", "email");
    static final int MAX_PAGE = 200;

    private final CustomerRepository customers;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final DataKeys dataKeys;
    private final Employees employees;
    private final CustomerAudit audit;
    private final ConsentLedger consents;
    private final Purposes purposes;
    private final PrivacyNotices notices;
    private final AccessDecisions access;
    private final AccessReviews reviews;
    private final Clock clock;

    CustomerRegistry(CustomerRepository customers, ValueStore values, FieldCatalog catalog, DataKeys dataKeys,
            Employees employees, CustomerAudit audit, ConsentLedger consents, Purposes purposes,
            PrivacyNotices notices, AccessDecisions access, AccessReviews reviews, Clock clock) {
        this.access = access;
        this.reviews = reviews;
        this.notices = notices;
        this.consents = consents;
        this.purposes = purposes;
        this.customers = customers;
        this.values = values;
        this.catalog = catalog;
        this.dataKeys = dataKeys;
        this.employees = employees;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param ownerUsername null: the person creating it
     * @param consent the consent collected with the data; required (R-COL-1)
     */
    public record NewCustomer(@Nullable String ownerUsername, Map<String, String> fields,
            @Nullable ConsentGrant consent) {
        @Override
        public String toString() {
            return "NewCustomer[fields=" + fields.keySet() + "]";
        }
    }

    /**
     * A customer as one person may see it: {@code fields} holds values in clear where shown and
     * masked values where not; {@code masked} names the masked ones.
     */
    public record CustomerView(UUID id, UUID ownerId, String ownerUsername, @Nullable String departmentCode,
            Map<String, String> fields, List<String> masked, List<String> unreadable, boolean editable,
            Instant createdAt, Instant updatedAt, long version) {
        @Override
        public String toString() {
            return "CustomerView[id=" + id + "]";
        }
    }

    public record CustomerSummary(UUID id, String ownerUsername, @Nullable String departmentCode,
            Map<String, String> fields, List<String> masked) {
        @Override
        public String toString() {
            return "CustomerSummary[id=" + id + "]";
        }
    }

    public record CustomerPage(List<CustomerSummary> items, int page, int size, long total) {
    }

    /** Exact phone, e-mail or ID number (normalized first), and a prefix of company or contact name. */
    public record CustomerQuery(@Nullable String phone, @Nullable String email, @Nullable String idNumber,
            @Nullable String name, int page, int size) {
        public CustomerQuery {
            if (page < 0 || size < 1 || size > MAX_PAGE) {
                throw DomainException.unprocessable("page-invalid", Map.of("field", page < 0 ? "page" : "size"));
            }
        }

        @Override
        public String toString() {
            return "CustomerQuery[page=" + page + ", size=" + size + "]";
        }
    }

    @Transactional
    public UUID create(NewCustomer request, CustosUser by) {
        if (!mayCreate(by)) {
            audit.refused("customer.record.created", "no-rule");
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        EmployeeView owner = owner(request.ownerUsername(), by);
        ConsentGrant consent = request.consent();
        if (consent == null) {
            throw DomainException.unprocessable("consent-required", Map.of("field", "consent"));
        }
        Map<FieldDefinition, String> checked = check(request.fields());
        if (!request.fields().containsKey(COMPANY_NAME) || request.fields().get(COMPANY_NAME) == null) {
            throw DomainException.unprocessable("field-required", Map.of("field", COMPANY_NAME), COMPANY_NAME);
        }
        consents.check(consent);
        requireNecessary(checked.keySet(), consent.noticeVersion(), consent.purposes(), consent.sensitiveConsent());
        UUID id = UUID.randomUUID();
        customers.insert(id, owner.id(), owner.departmentId(), by.id(), clock.instant());
        dataKeys.create(id);
        checked.forEach((field, value) -> values.put(id, field, value));
        audit.customer("customer.record.created", id, Map.of("fields", names(checked.keySet()), "owner", owner.id()));
        consents.grant(id, consent);
        return id;
    }

    @Transactional
    public CustomerView view(UUID id, CustosUser by) {
        CustomerRecord customer = customers.find(id).orElseThrow(DomainException::notFound);
        Map<String, ValueStore.Stored> stored = values.load(id);
        List<FieldDefinition> present = catalog.fields().stream().filter(f -> stored.containsKey(f.key())).toList();
        AccessDecision decision = visible(customer, by, AccessAction.VIEW, refs(present), "customer.record.viewed");
        Map<String, String> shown = new LinkedHashMap<>();
        List<String> masked = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (FieldDefinition field : present) {
            FieldOutcome outcome = decision.outcome(field.key());
            if (outcome != FieldOutcome.DENY && !present(id, field, stored.get(field.key()), outcome, shown, masked)) {
                unreadable.add(field.key());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>(decision.auditDetails());
        if (!unreadable.isEmpty()) {
            details.put("unreadable", unreadable);
        }
        audit.customer("customer.record.viewed", id, details);
        EmployeeView owner = employees.byId(customer.ownerId()).orElseThrow();
        boolean editable = access.decide(by, subject(customer), AccessAction.EDIT, null, refs(present)).allowed();
        return new CustomerView(id, customer.ownerId(), owner.username(), departmentCode(customer.departmentId()), shown,
                masked, unreadable, editable, customer.createdAt(), customer.updatedAt(), customer.version());
    }

    /** The values revealed in clear, the refusals by field (reason codes), and the fields that hold no value. */
    public record Revealed(Map<String, String> fields, Map<String, String> refused, List<String> empty,
            int policyVersion) {
        @Override
        public String toString() {
            return "Revealed[fields=" + fields.keySet() + ", refused=" + refused + "]";
        }
    }

    static final int MAX_REVEAL_FIELDS = 50;

    /**
     * Reveals fields of one customer for a declared purpose (R-USE-1, R-USE-2): exactly the fields
     * the access decision shows, each recorded as its own audit event (revealed or refused) in this
     * transaction, so nothing leaves unless its event is stored. Reveals under a rule that flags
     * them go on the review list.
     *
     * @throws DomainException 422 for an unknown field or purpose; 404 for a record the person may not see
     */
    @Transactional
    public Revealed reveal(UUID id, List<String> fieldKeys, String purpose, CustosUser by) {
        if (fieldKeys.isEmpty() || fieldKeys.size() > MAX_REVEAL_FIELDS) {
            throw DomainException.unprocessable("reveal-fields-invalid", Map.of("field", "fields",
                    "max", MAX_REVEAL_FIELDS), MAX_REVEAL_FIELDS);
        }
        Map<String, FieldDefinition> requested = new LinkedHashMap<>();
        for (String key : fieldKeys) {
            FieldDefinition field = catalog.field(key);
            requested.put(field.key(), field);
        }
        purposes.require(Set.of(purpose));
        CustomerRecord customer = customers.find(id).orElseThrow(DomainException::notFound);
        AccessDecision decision = visible(customer, by, AccessAction.REVEAL, purpose,
                refs(requested.values()), "customer.field.revealed");
        Map<String, ValueStore.Stored> stored = values.load(id);
        Map<String, String> revealed = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        Map<String, List<String>> flagged = new TreeMap<>();
        List<AuditEvent> events = new ArrayList<>(requested.size());
        for (FieldDefinition field : requested.values()) {
            FieldDecision decided = decision.fields().get(field.key());
            if (decided.outcome() != FieldOutcome.SHOW) {
                refused.put(field.key(), decided.reason().code());
                events.add(audit.fieldEvent("customer.field.reveal-refused", false, id, purpose,
                        fieldDetails(decision, decided)));
                continue;
            }
            ValueStore.Stored value = stored.get(field.key());
            String clear = value == null ? null : readable(id, field, value);
            if (clear == null) {
                empty.add(field.key());
                continue;
            }
            revealed.put(field.key(), clear);
            events.add(audit.fieldEvent("customer.field.revealed", true, id, purpose, fieldDetails(decision, decided)));
            if (decided.review() && decided.rule() != null) {
                flagged.computeIfAbsent(decided.rule(), r -> new ArrayList<>()).add(field.key());
            }
        }
        // One batch, in this transaction: nothing is returned unless every event is stored (R-AUD-3).
        audit.recordAll(events);
        flagged.forEach((rule, fields) -> reviews.flagReveal(by, subject(customer), rule, decision.policyVersion(),
                purpose, fields));
        return new Revealed(revealed, refused, empty, decision.policyVersion());
    }

    /**
     * Opens an emergency access to a customer the policy refuses this person (R-USE-6); alerts and
     * review are the access module's.
     */
    @Transactional
    public FlaggedAccess breakGlass(UUID id, String justification, CustosUser by) {
        CustomerRecord customer = customers.find(id).orElseThrow(DomainException::notFound);
        return reviews.openBreakGlass(by, subject(customer), justification);
    }

    private static Map<String, Object> fieldDetails(AccessDecision decision, FieldDecision decided) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", decided.field());
        details.put("policyVersion", decision.policyVersion());
        if (decided.rule() != null) {
            details.put("rule", decided.rule());
        }
        details.put("reason", decided.reason().code());
        if (decided.review()) {
            details.put("review", true);
        }
        return details;
    }

    /** The value in clear, or null when it no longer exists (key destroyed) or does not decrypt. */
    private @Nullable String readable(UUID customerId, FieldDefinition field, ValueStore.Stored value) {
        try {
            return values.read(customerId, value);
        } catch (DataKeyDestroyedException destroyed) {
            return null;
        } catch (UnreadableCiphertextException tampered) {
            log.warn("Field {} of customer {} does not decrypt: the stored ciphertext was altered or moved",
                    field.key(), customerId);
            return null;
        }
    }

    /**
     * Sets (value) or clears (null) the given fields; the rest stay as they are.
     *
     * @param expectedVersion the version the caller last saw, or null to skip the check
     */
    @Transactional
    public void update(UUID id, Map<String, @Nullable String> changes, @Nullable Long expectedVersion, CustosUser by) {
        CustomerRecord customer = editable(id, by, "customer.record.updated");
        if (changes.containsKey(COMPANY_NAME) && changes.get(COMPANY_NAME) == null) {
            throw DomainException.unprocessable("field-required", Map.of("field", COMPANY_NAME), COMPANY_NAME);
        }
        Map<FieldDefinition, String> checked = check(changes);
        ConsentState consent = consents.state(id).orElse(null);
        if (consent == null) {
            throw DomainException.conflict("no-consent");
        }
        requireNecessary(checked.keySet(), consent.noticeVersion(), consent.purposes(), consent.sensitiveConsent());
        long version = expectedVersion != null ? expectedVersion : customer.version();
        if (!customers.touch(id, version, clock.instant())) {
            throw DomainException.conflict("customer-changed");
        }
        Set<String> cleared = new TreeSet<>();
        for (Map.Entry<String, @Nullable String> change : changes.entrySet()) {
            if (change.getValue() == null) {
                values.remove(id, catalog.field(change.getKey()).key());
                cleared.add(change.getKey());
            }
        }
        checked.forEach((field, value) -> values.put(id, field, value));
        audit.customer("customer.record.updated", id, Map.of("set", names(checked.keySet()), "cleared",
                List.copyOf(cleared)));
    }

    @Transactional
    public CustomerPage search(CustomerQuery query, CustosUser by) {
        CustomerSearch.Where where = CustomerSearch.where(query, access.scope(by, AccessAction.LIST), catalog, values);
        long total = customers.count(where.fromWhere(), where.params());
        List<CustomerRecord> page = total == 0 ? List.of()
                : customers.page(where.fromWhere(), where.params(), query.page() * query.size(), query.size());
        AccessPolicy policy = access.policy();
        List<CustomerSummary> items = summaries(page, by, AccessAction.LIST, policy);
        audit.customers("customer.records.searched", Map.of("filters", where.filters(), "total", total,
                "returned", items.size(), "policyVersion", policy.version()));
        return new CustomerPage(items, query.page(), query.size(), total);
    }

    /**
     * The list view of these customers as {@code by} sees them for a list or an export: the summary
     * fields the access decision shows, in clear or masked; a customer the decision does not let
     * the person see is left out. The caller records the event.
     */
    List<CustomerSummary> summaries(List<CustomerRecord> page, CustosUser by, AccessAction action, AccessPolicy policy) {
        Map<UUID, Map<String, ValueStore.Stored>> stored = values.load(page.stream().map(CustomerRecord::id).toList(),
                SUMMARY_FIELDS);
        Map<String, FieldDefinition> fields = new TreeMap<>();
        catalog.fields().forEach(f -> fields.put(f.key(), f));
        List<FieldDefinition> summary = SUMMARY_FIELDS.stream().map(fields::get).filter(java.util.Objects::nonNull)
                .toList();
        List<FieldRef> refs = refs(summary);
        List<CustomerSummary> items = new ArrayList<>();
        // An export names the same few owners and departments thousands of times: each is looked up once.
        Map<UUID, String> owners = new HashMap<>();
        Map<UUID, String> departments = new HashMap<>();
        for (CustomerRecord customer : page) {
            AccessDecision decision = access.decideForList(policy, by, subject(customer), action, refs);
            if (!decision.allowed()) {
                continue;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            List<String> masked = new ArrayList<>();
            Map<String, ValueStore.Stored> own = stored.getOrDefault(customer.id(), Map.of());
            for (FieldDefinition field : summary) {
                FieldOutcome outcome = decision.outcome(field.key());
                if (own.containsKey(field.key()) && outcome != FieldOutcome.DENY) {
                    present(customer.id(), field, own.get(field.key()), outcome, shown, masked);
                }
            }
            UUID department = customer.departmentId();
            items.add(new CustomerSummary(customer.id(), owners.computeIfAbsent(customer.ownerId(), this::username),
                    department == null ? null : departments.computeIfAbsent(department, this::departmentCode), shown,
                    masked));
        }
        return items;
    }

    /**
     * Puts a field's value, in clear (SHOW) or masked, into {@code shown}. False when the stored
     * ciphertext does not decrypt: moved from another record or field, or altered (R-STO-2). A
     * destroyed key means the value no longer exists and it is left out.
     */
    private boolean present(UUID customerId, FieldDefinition field, ValueStore.Stored value, FieldOutcome outcome,
            Map<String, String> shown, List<String> masked) {
        String clear;
        try {
            clear = values.read(customerId, value);
        } catch (DataKeyDestroyedException destroyed) {
            return true;
        } catch (UnreadableCiphertextException tampered) {
            log.warn("Field {} of customer {} does not decrypt: the stored ciphertext was altered or moved",
                    field.key(), customerId);
            return false;
        }
        if (outcome == FieldOutcome.SHOW) {
            shown.put(field.key(), clear);
        } else {
            shown.put(field.key(), field.kind().mask(clear));
            masked.add(field.key());
        }
        return true;
    }

    /**
     * The decision for this person, or a 404 exactly like a missing record when no rule lets them
     * see it (recorded as a refusal).
     */
    private AccessDecision visible(CustomerRecord customer, CustosUser by, AccessAction action, List<FieldRef> fields,
            String auditAction) {
        return visible(customer, by, action, null, fields, auditAction);
    }

    private AccessDecision visible(CustomerRecord customer, CustosUser by, AccessAction action,
            @Nullable String purpose, List<FieldRef> fields, String auditAction) {
        AccessDecision decision = access.decide(by, subject(customer), action, purpose, fields);
        if (!decision.visible()) {
            audit.refused(auditAction, customer.id(), decision.refusal().code());
            throw DomainException.notFound();
        }
        return decision;
    }

    private AccessDecision visible(UUID id, CustosUser by, String auditAction) {
        CustomerRecord customer = customers.find(id).orElseThrow(DomainException::notFound);
        return visible(customer, by, AccessAction.VIEW, refs(List.of(catalog.field(COMPANY_NAME))), auditAction);
    }

    static Subject subject(CustomerRecord customer) {
        return new Subject(customer.id(), customer.ownerId(), customer.departmentId());
    }

    static List<FieldRef> refs(java.util.Collection<FieldDefinition> fields) {
        return fields.stream().map(f -> new FieldRef(f.key(), f.sensitivity())).toList();
    }

    /** Whether this person may create customers (and so import them). */
    boolean mayCreate(CustosUser by) {
        return access.mayCreate(by);
    }

    /** Refuses, and records the refusal, unless this person may create (and so import) customers. */
    void requireCreator(CustosUser by, String auditAction) {
        if (!mayCreate(by)) {
            audit.refused(auditAction, "no-rule");
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
    }

    /** The owner a new customer gets; the import checks its rows with this too. */
    EmployeeView owner(@Nullable String ownerUsername, CustosUser by) {
        if (ownerUsername == null || ownerUsername.isBlank() || ownerUsername.equals(by.username())) {
            return employees.byId(by.id()).orElseThrow();
        }
        EmployeeView owner = employees.byUsername(ownerUsername.strip())
                .filter(e -> e.status() != EmployeeStatus.DEPARTED)
                .filter(e -> e.roles().contains(Role.EMPLOYEE) || e.roles().contains(Role.DEPT_HEAD))
                .orElseThrow(() -> DomainException.unprocessable("owner-unknown", Map.of("field", "ownerUsername")));
        // Only a department head assigns customers to someone else, and only within the department.
        if (!by.hasRole(Role.DEPT_HEAD) || by.departmentId() == null || !by.departmentId().equals(owner.departmentId())) {
            throw DomainException.unprocessable("owner-not-assignable", Map.of("field", "ownerUsername"));
        }
        return owner;
    }

    /** Catalog keys and acceptable values; the error names the field and why, never the value. */
    private Map<FieldDefinition, String> check(Map<String, @Nullable String> fields) {
        Map<FieldDefinition, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, @Nullable String> entry : fields.entrySet()) {
            FieldDefinition field = catalog.field(entry.getKey());
            String value = entry.getValue();
            if (value == null) {
                continue;
            }
            String problem = field.kind().problem(value);
            if (problem != null) {
                throw DomainException.unprocessable("field-value-invalid", Map.of("field", field.key(), "reason",
                        problem), field.key());
            }
            checked.put(field, value);
        }
        return checked;
    }

    /**
     * Minimal collection (R-COL-1, R-COL-2, R-COL-4): every field must be a data category the
     * customer was told about in the notice they consented under, needed by a consented purpose,
     * and, for L4, covered by the separate consent for sensitive data. The refusal names the field.
     * An import checks its mapped fields with this before it starts.
     */
    void requireNecessary(Set<FieldDefinition> fields, int noticeVersion, Set<String> consentedPurposes,
            boolean sensitive) {
        Set<String> needed = purposes.fieldsNeededBy(consentedPurposes);
        Set<String> told = notices.get(noticeVersion).categories();
        for (FieldDefinition field : fields) {
            if (!told.contains(field.key())) {
                throw DomainException.unprocessable("field-not-in-notice", Map.of("field", field.key()), field.key(),
                        noticeVersion);
            }
            if (!needed.contains(field.key())) {
                throw DomainException.unprocessable("field-not-necessary", Map.of("field", field.key()), field.key());
            }
            if (field.sensitivity() == Sensitivity.L4 && !sensitive) {
                throw DomainException.unprocessable("sensitive-consent-required", Map.of("field", field.key()),
                        field.key());
            }
        }
    }

    /** A customer's consent now and its history, for whoever may see the customer. */
    public record Consents(@Nullable ConsentState current, List<ConsentEntry> history) {
    }

    @Transactional
    public Consents consents(UUID id, CustosUser by) {
        visible(id, by, "customer.consents.viewed");
        audit.customer("customer.consents.viewed", id, Map.of());
        return new Consents(consents.state(id).orElse(null), consents.history(id));
    }

    /** A new consent (re-consent under a newer notice, or a changed choice) replaces the current one. */
    @Transactional
    public UUID grantConsent(UUID id, ConsentGrant grant, CustosUser by) {
        editable(id, by, "consent.granted");
        consents.check(grant);
        Set<FieldDefinition> held = new java.util.HashSet<>();
        values.load(id).keySet().forEach(key -> held.add(catalog.field(key)));
        requireNecessary(held, grant.noticeVersion(), grant.purposes(), grant.sensitiveConsent());
        return consents.grant(id, grant);
    }

    @Transactional
    public UUID withdrawConsent(UUID id, Withdrawal withdrawal, Channel channel, CustosUser by) {
        editable(id, by, "consent.withdrawn");
        return consents.withdraw(id, withdrawal, channel);
    }

    @Transactional
    public void attachConsentEvidence(UUID id, UUID consentId, String contentType, byte[] content, CustosUser by) {
        editable(id, by, "consent.evidence.attached");
        consents.attachEvidence(id, consentId, contentType, content);
    }

    /** Customers this person may see who must consent again under the current notice. */
    @Transactional
    public List<CustomerSummary> needingReconsent(CustosUser by) {
        List<CustomerSummary> result = new ArrayList<>();
        AccessPolicy policy = access.policy();
        List<FieldRef> name = refs(List.of(catalog.field(COMPANY_NAME)));
        for (UUID id : consents.needingReconsent()) {
            CustomerRecord customer = customers.find(id).orElse(null);
            if (customer == null) {
                continue;
            }
            AccessDecision decision = access.decideForList(policy, by, subject(customer), AccessAction.LIST, name);
            if (!decision.visible()) {
                continue;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            if (decision.outcome(COMPANY_NAME) == FieldOutcome.SHOW) {
                values.load(id).entrySet().stream().filter(e -> e.getKey().equals(COMPANY_NAME))
                        .forEach(e -> shown.put(COMPANY_NAME, values.read(id, e.getValue())));
            }
            result.add(new CustomerSummary(id, username(customer.ownerId()), departmentCode(customer.departmentId()),
                    shown, List.of()));
        }
        audit.customers("customer.reconsent.listed", Map.of("returned", result.size()));
        return result;
    }

    /** The record, when the person may change it: 404 when they may not see it, 403 when they may only look. */
    private CustomerRecord editable(UUID id, CustosUser by, String auditAction) {
        CustomerRecord customer = customers.find(id).orElseThrow(DomainException::notFound);
        AccessDecision decision = visible(customer, by, AccessAction.EDIT, refs(catalog.fields()), auditAction);
        if (!decision.allowed()) {
            audit.refused(auditAction, id, decision.refusal().code());
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return customer;
    }

    private static List<String> names(Set<FieldDefinition> fields) {
        return fields.stream().map(FieldDefinition::key).sorted().toList();
    }

    private static List<String> shownNames(Map<String, String> all, List<String> masked) {
        return all.keySet().stream().filter(k -> !masked.contains(k)).toList();
    }

    private String username(UUID employeeId) {
        return employees.byId(employeeId).map(EmployeeView::username).orElse("unknown");
    }

    private @Nullable String departmentCode(@Nullable UUID departmentId) {
        return departmentId == null ? null : employees.department(departmentId).map(DepartmentView::code).orElse(null);
    }
}
