package io.custos.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecision;
import io.custos.access.AccessDecisions;
import io.custos.access.AccessPolicy;
import io.custos.access.FieldDecision;
import io.custos.access.FieldOutcome;
import io.custos.access.FieldRef;
import io.custos.consent.ConsentLedger;
import io.custos.consent.Purpose;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * Finding customers and listing them (R-STO-4, R-STO-6, R-USE-1): a page of the customers in the
 * person's scope, each decided field by field for a list, its summary fields in clear or masked;
 * exact search on encrypted fields through blind indexes. Every list is audited.
 */
@Service
public class CustomerListing {

    static final List<String> SUMMARY_FIELDS = List.of(CollectionRules.COMPANY_NAME, "contactName", "city", "phone",
            "email");
    static final int MAX_PAGE = 200;
    /** How deep paging may reach: far past any real list, far from an int's limit. */
    static final int MAX_OFFSET = 10_000_000;
    /**
     * The most customers one exact value may match before the reveal decisions: more than any
     * phone, e-mail or ID number is shared by; any beyond are not found.
     */
    static final int MAX_EXACT_MATCHES = 1_000;
    /** Customers decided and written at a time in an export package. */
    private static final int PACKAGE_CHUNK = 200;

    private final CustomerRepository customers;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final OwnerNames owners;
    private final ConsentLedger consents;
    private final AccessDecisions access;
    private final CustomerAudit audit;
    private final SearchThrottle throttle;
    private final io.custos.access.AccessReviews reviews;

    CustomerListing(CustomerRepository customers, ValueStore values, FieldCatalog catalog, OwnerNames owners,
            ConsentLedger consents, AccessDecisions access, CustomerAudit audit, SearchThrottle throttle,
            io.custos.access.AccessReviews reviews) {
        this.reviews = reviews;
        this.throttle = throttle;
        this.customers = customers;
        this.values = values;
        this.catalog = catalog;
        this.owners = owners;
        this.consents = consents;
        this.access = access;
        this.audit = audit;
    }

    public record CustomerSummary(UUID id, String ownerUsername, @Nullable String departmentCode,
            Map<String, String> fields, List<String> masked) {
        @Override
        public String toString() {
            return "CustomerSummary[id=" + id + "]";
        }
    }

    public record CustomerPage(List<CustomerSummary> items, int page, int size, long total) {

        /** The last page that holds results (0 when there are none). */
        public int lastPage() {
            return total == 0 ? 0 : (int) ((total - 1) / size);
        }

        /** Whether this page lies past the last one while there are results: say so, not "none match". */
        public boolean pastEnd() {
            return total > 0 && page > lastPage();
        }
    }

    /** Exact phone, e-mail or ID number (normalized first), and a prefix of company or contact name. */
    public record CustomerQuery(@Nullable String phone, @Nullable String email, @Nullable String idNumber,
            @Nullable String name, int page, int size) {
        public CustomerQuery {
            requirePage(page, size);
        }

        @Override
        public String toString() {
            return "CustomerQuery[page=" + page + ", size=" + size + "]";
        }
    }

    static void requirePage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw DomainException.unprocessable("page-invalid", Map.of("field", page < 0 ? "page" : "size"));
        }
        // page × size as an int wraps round to a negative offset that the database refuses (issue 13.12).
        if ((long) page * size > MAX_OFFSET) {
            throw DomainException.unprocessable("page-too-far", Map.of("field", "page", "maxOffset", MAX_OFFSET),
                    MAX_OFFSET);
        }
    }

    /**
     * One page of the customers in scope that match. A search by an L3-L4 value (issue 13.1) is a
     * read of that value: it is throttled per person, matches only customers whose field the person
     * may reveal for some purpose right now, and its event names the customers it matched and those
     * it withheld.
     */
    @Transactional
    public CustomerPage search(CustomerQuery query, CustosUser by) {
        CustomerSearch.Where where = CustomerSearch.where(query, access.scope(by, AccessAction.LIST), catalog, values);
        List<FieldDefinition> sensitive = sensitiveFilters(query, by);
        AccessPolicy policy = access.policy();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("filters", where.filters());
        long total;
        List<CustomerRecord> page;
        if (sensitive.isEmpty()) {
            total = customers.count(where.fromWhere(), where.params());
            page = total == 0 ? List.of()
                    : customers.page(where.fromWhere(), where.params(), query.page() * query.size(), query.size());
        } else {
            List<CustomerRecord> matched = revealableMatches(where, sensitive, by, details);
            total = matched.size();
            int from = (int) Math.min(total, (long) query.page() * query.size());
            page = matched.subList(from, (int) Math.min(total, (long) from + query.size()));
        }
        List<CustomerSummary> items = summaries(page, by, AccessAction.LIST, policy);
        details.put("total", total);
        details.put("returned", items.size());
        details.put("policyVersion", policy.version());
        audit.customers("customer.records.searched", details);
        return new CustomerPage(items, query.page(), query.size(), total);
    }

    /**
     * The searched fields that hold L3-L4 values; when there is one, the search takes one of the
     * person's throttled tries first.
     */
    List<FieldDefinition> sensitiveFilters(CustomerQuery query, CustosUser by) {
        List<FieldDefinition> sensitive = new ArrayList<>();
        Map<String, @Nullable String> filters = new LinkedHashMap<>();
        filters.put("phone", query.phone());
        filters.put("email", query.email());
        filters.put("idNumber", query.idNumber());
        filters.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                FieldDefinition field = catalog.field(key);
                if (field.sensitivity().compareTo(Sensitivity.L3) >= 0) {
                    sensitive.add(field);
                }
            }
        });
        if (!sensitive.isEmpty()) {
            try {
                throttle.take(by);
            } catch (DomainException throttled) {
                audit.refused("customer.records.searched", "throttled");
                throw throttled;
            }
        }
        return sensitive;
    }

    /**
     * Every customer in scope that matches, less those whose searched fields the person may not
     * reveal for any purpose now: the same decision a reveal takes (rule, purpose, consent, training
     * gate, break-glass), so a search never answers what a reveal would refuse. Each customer the
     * value matched gets an event naming the searched fields (allowed when found, denied when
     * withheld), so its history shows who looked for it; {@code details} gets the counts. Never the value.
     */
    List<CustomerRecord> revealableMatches(CustomerSearch.Where where, List<FieldDefinition> sensitive, CustosUser by,
            Map<String, Object> details) {
        long count = customers.count(where.fromWhere(), where.params());
        List<CustomerRecord> found = count == 0 ? List.of()
                : customers.page(where.fromWhere(), where.params(), 0, (int) Math.min(count, MAX_EXACT_MATCHES));
        List<String> purposes = access.purposesFor(by).stream().map(Purpose::code).toList();
        List<CustomerRecord> revealable = new ArrayList<>();
        List<UUID> withheld = new ArrayList<>();
        for (CustomerRecord customer : found) {
            if (sensitive.stream().allMatch(field -> revealable(customer, field, purposes, by))) {
                revealable.add(customer);
            } else {
                withheld.add(customer.id());
            }
        }
        details.put("matched", revealable.size());
        details.put("withheld", withheld.size());
        audit.foundByValue(revealable.stream().map(CustomerRecord::id).toList(), withheld,
                sensitive.stream().map(FieldDefinition::key).toList());
        return revealable;
    }

    private boolean revealable(CustomerRecord customer, FieldDefinition field, List<String> purposes, CustosUser by) {
        List<FieldRef> ref = CustomerGuard.refs(List.of(field));
        for (String purpose : purposes) {
            if (access.decide(by, CustomerGuard.subject(customer), AccessAction.REVEAL, purpose, ref)
                    .outcome(field.key()) == FieldOutcome.SHOW) {
                return true;
            }
        }
        return false;
    }

    /** The rows of an export package; see {@link CustomerExport#writePackage}. */
    CustomerExport.PackageWritten packageRows(UUID packageId, List<UUID> customerIds, List<String> fieldKeys,
            String purpose, AccessAction action, CustosUser by, CustomerExport.PackageSink sink) throws java.io.IOException {
        List<FieldDefinition> fields = fieldKeys.stream().map(catalog::field).toList();
        List<FieldRef> refs = CustomerGuard.refs(fields);
        AccessPolicy policy = access.policy();
        int rows = 0;
        int leftOut = 0;
        int revealed = 0;
        for (int from = 0; from < customerIds.size(); from += PACKAGE_CHUNK) {
            List<UUID> chunk = customerIds.subList(from, Math.min(customerIds.size(), from + PACKAGE_CHUNK));
            Map<UUID, CustomerRecord> records = new HashMap<>();
            customers.findAll(chunk).forEach(r -> records.put(r.id(), r));
            Map<UUID, Map<String, ValueStore.Stored>> stored = values.load(records.keySet(), fieldKeys);
            List<io.custos.audit.AuditEvent> events = new ArrayList<>();
            for (UUID id : chunk) {
                CustomerRecord customer = records.get(id);
                AccessDecision decision = customer == null ? null
                        : access.decideForList(policy, by, CustomerGuard.subject(customer), action, refs);
                if (customer == null || !decision.allowed()) {
                    leftOut++;
                    continue;
                }
                Map<String, ValueStore.Stored> own = stored.getOrDefault(id, Map.of());
                List<FieldDefinition> maskedHere = fields.stream().filter(f -> own.containsKey(f.key())
                        && decision.outcome(f.key()) == FieldOutcome.MASK).toList();
                AccessDecision reveal = maskedHere.isEmpty() ? null
                        : access.decide(by, CustomerGuard.subject(customer), AccessAction.REVEAL, purpose,
                                CustomerGuard.refs(maskedHere));
                List<@Nullable String> cells = new ArrayList<>(fields.size());
                Map<String, List<String>> flagged = new TreeMap<>();
                for (FieldDefinition field : fields) {
                    ValueStore.Stored value = own.get(field.key());
                    FieldOutcome outcome = decision.outcome(field.key());
                    if (value == null || outcome == FieldOutcome.DENY) {
                        cells.add(null);
                        continue;
                    }
                    String clear = values.readable(id, field, value);
                    if (clear == null) {
                        cells.add(null);
                        continue;
                    }
                    FieldDecision revealedField = reveal == null ? null : reveal.fields().get(field.key());
                    if (outcome == FieldOutcome.MASK && revealedField != null
                            && revealedField.outcome() == FieldOutcome.SHOW) {
                        cells.add(clear);
                        revealed++;
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("field", field.key());
                        details.put("policyVersion", reveal.policyVersion());
                        if (revealedField.rule() != null) {
                            details.put("rule", revealedField.rule());
                        }
                        details.put("reason", revealedField.reason().code());
                        details.put("exportPackage", packageId);
                        events.add(audit.fieldEvent("customer.field.revealed", true, id, purpose, details));
                        if (revealedField.review() && revealedField.rule() != null) {
                            flagged.computeIfAbsent(revealedField.rule(), r -> new ArrayList<>()).add(field.key());
                        }
                    } else {
                        cells.add(outcome == FieldOutcome.SHOW ? clear : field.kind().mask(clear));
                    }
                }
                for (Map.Entry<String, List<String>> flag : flagged.entrySet()) {
                    reviews.flagReveal(by, CustomerGuard.subject(customer), flag.getKey(),
                            java.util.Objects.requireNonNull(reveal).policyVersion(), purpose, flag.getValue());
                }
                sink.row(id, cells);
                rows++;
            }
            audit.recordAll(events);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", io.custos.shared.web.TableWriter.Format.XLSX);
        details.put("rows", rows);
        details.put("leftOut", leftOut);
        details.put("revealed", revealed);
        details.put("fields", fieldKeys);
        details.put("exportPackage", packageId);
        details.put("policyVersion", policy.version());
        audit.customers("customer.records.exported", details);
        return new CustomerExport.PackageWritten(rows, leftOut, revealed, policy.version());
    }

    /**
     * One page of the customers this person may see who must consent again under the current
     * notice, named by their company; found, counted and paged in SQL.
     */
    @Transactional
    public CustomerPage needingReconsent(int page, int size, CustosUser by) {
        requirePage(page, size);
        Set<Integer> versions = consents.noticeVersionsNeedingReconsent();
        AccessDecisions.Scope scope = access.scope(by, AccessAction.LIST);
        List<CustomerSummary> items = List.of();
        long total = 0;
        if (!versions.isEmpty() && !scope.none()) {
            CustomerSearch.Where where = CustomerSearch.reconsent(versions, scope);
            total = customers.count(where.fromWhere(), where.params());
            List<CustomerRecord> found = total == 0 ? List.of()
                    : customers.page(where.fromWhere(), where.params(), page * size, size);
            items = summaries(found, by, AccessAction.LIST, access.policy(), List.of(CollectionRules.COMPANY_NAME));
        }
        audit.customers("customer.reconsent.listed", Map.of("returned", items.size(), "total", total));
        return new CustomerPage(items, page, size, total);
    }

    /**
     * The list view of these customers as {@code by} sees them for a list or an export: the summary
     * fields the access decision shows, in clear or masked; a customer the decision does not let
     * the person see is left out. The caller records the event.
     */
    List<CustomerSummary> summaries(List<CustomerRecord> page, CustosUser by, AccessAction action, AccessPolicy policy) {
        return summaries(page, by, action, policy, SUMMARY_FIELDS);
    }

    private List<CustomerSummary> summaries(List<CustomerRecord> page, CustosUser by, AccessAction action,
            AccessPolicy policy, List<String> fieldKeys) {
        Map<UUID, Map<String, ValueStore.Stored>> stored = values.load(page.stream().map(CustomerRecord::id).toList(),
                fieldKeys);
        Map<String, FieldDefinition> fields = new TreeMap<>();
        catalog.fields().forEach(f -> fields.put(f.key(), f));
        List<FieldDefinition> summary = fieldKeys.stream().map(fields::get).filter(Objects::nonNull).toList();
        List<FieldRef> refs = CustomerGuard.refs(summary);
        List<CustomerSummary> items = new ArrayList<>();
        // An export names the same few owners and departments thousands of times: each is looked up once.
        Map<UUID, String> ownerNames = new HashMap<>();
        Map<UUID, String> departments = new HashMap<>();
        for (CustomerRecord customer : page) {
            AccessDecision decision = access.decideForList(policy, by, CustomerGuard.subject(customer), action, refs);
            if (!decision.allowed()) {
                continue;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            List<String> masked = new ArrayList<>();
            Map<String, ValueStore.Stored> own = stored.getOrDefault(customer.id(), Map.of());
            for (FieldDefinition field : summary) {
                FieldOutcome outcome = decision.outcome(field.key());
                if (own.containsKey(field.key()) && outcome != FieldOutcome.DENY) {
                    values.present(customer.id(), field, own.get(field.key()), outcome, shown, masked);
                }
            }
            UUID department = customer.departmentId();
            items.add(new CustomerSummary(customer.id(), ownerNames.computeIfAbsent(customer.ownerId(),
                    owners::username), department == null ? null
                            : departments.computeIfAbsent(department, owners::departmentCode), shown, masked));
        }
        return items;
    }
}
