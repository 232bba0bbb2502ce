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
import io.custos.access.FieldOutcome;
import io.custos.access.FieldRef;
import io.custos.consent.ConsentLedger;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;

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

    private final CustomerRepository customers;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final OwnerNames owners;
    private final ConsentLedger consents;
    private final AccessDecisions access;
    private final CustomerAudit audit;

    CustomerListing(CustomerRepository customers, ValueStore values, FieldCatalog catalog, OwnerNames owners,
            ConsentLedger consents, AccessDecisions access, CustomerAudit audit) {
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
