package io.custos.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.access.AccessDecisions;
import io.custos.shared.DomainException;

/**
 * Turns a {@link CustomerListing.CustomerQuery} into a FROM and WHERE tail made only of fixed
 * fragments and parameters. Exact search on an encrypted field compares blind indexes (no plaintext
 * index exists, R-STO-6); the name search is a prefix match on the lower-cased plain values.
 * <p>
 * Each exact filter is a join that starts from the {@code (field_key, blind_index)} or
 * {@code (field_key, search_value)} index and reaches the customer by its key (a customer has one
 * value per field, so no row is repeated). A sub-query would be planned the same way on PostgreSQL,
 * but H2 evaluates {@code c.id in (select …)} again for every customer in scope whenever another
 * transaction has written meanwhile (the audit sealer always has) — minutes per page at 200,000
 * customers (bench/results/2026-11-27-h2.md). The name prefix, which may match most customers, is
 * a correlated {@code exists} answered by the value table's key for each customer in scope.
 */
final class CustomerSearch {

    private CustomerSearch() {
    }

    /** {@code fromWhere} follows {@code select … from}; the parameters are in the order they appear. */
    record Where(String fromWhere, List<Object> params, List<String> filters) {
    }

    static Where where(CustomerListing.CustomerQuery query, AccessDecisions.Scope scope, FieldCatalog catalog,
            ValueStore values) {
        StringBuilder from = new StringBuilder("customer c");
        List<Object> params = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        exact(query.phone(), "phone", catalog, values, from, params, filters);
        exact(query.email(), "email", catalog, values, from, params, filters);
        exact(query.idNumber(), "idNumber", catalog, values, from, params, filters);
        StringBuilder sql = new StringBuilder(" where ");
        scope(scope, sql, params);
        if (query.name() != null && !query.name().isBlank()) {
            List<String> fields = new ArrayList<>();
            for (String key : List.of("companyName", "contactName")) {
                FieldDefinition field = catalog.field(key);
                if (field.searchable() && !field.encrypted()) {
                    fields.add(key);
                }
            }
            if (fields.isEmpty()) {
                throw DomainException.unprocessable("field-not-searchable", Map.of("field", "name"));
            }
            String prefix = ValueStore.searchKey(catalog.field("companyName"), query.name());
            sql.append(" and exists (select 1 from customer_value v where v.customer_id = c.id and v.field_key in (")
                    .append(String.join(", ", java.util.Collections.nCopies(fields.size(), "?")))
                    .append(") and v.search_value like ? escape '\\')");
            params.addAll(fields);
            params.add(escapeLike(prefix) + "%");
            filters.add("name");
        }
        return new Where(from.append(sql).toString(), params, filters);
    }

    /**
     * The customers in scope whose consent was given under one of these notice versions. The
     * consent module says which versions need a new consent (it knows what each notice covers); its
     * {@code consent_state} table holds one row per customer, so the join repeats no customer.
     */
    static Where reconsent(java.util.Set<Integer> noticeVersions, AccessDecisions.Scope scope) {
        List<Object> params = new ArrayList<>(noticeVersions);
        StringBuilder sql = new StringBuilder("customer c join consent_state s on s.customer_id = c.id "
                + "and s.notice_version in (")
                .append(String.join(", ", java.util.Collections.nCopies(noticeVersions.size(), "?")))
                .append(") where ");
        scope(scope, sql, params);
        return new Where(sql.toString(), params, List.of("reconsent"));
    }

    /** The customers the access policy lets the person find at all; each is then decided field by field. */
    private static void scope(AccessDecisions.Scope scope, StringBuilder sql, List<Object> params) {
        // A destroyed customer is found by no search, counted by no list (issue 16, R-DEL-3).
        sql.append(CustomerRepository.LIVE).append(" and ");
        if (scope.all()) {
            sql.append("1 = 1");
            return;
        }
        List<String> any = new ArrayList<>();
        if (scope.owned()) {
            any.add("c.owner_id = ?");
            params.add(scope.person());
        }
        if (scope.department() != null) {
            any.add("c.department_id = ?");
            params.add(scope.department());
        }
        sql.append(any.isEmpty() ? "1 = 0" : "(" + String.join(" or ", any) + ")");
    }

    private static void exact(@Nullable String value, String key, FieldCatalog catalog, ValueStore values,
            StringBuilder from, List<Object> params, List<String> filters) {
        if (value == null || value.isBlank()) {
            return;
        }
        FieldDefinition field = catalog.field(key);
        if (!field.searchable()) {
            throw DomainException.unprocessable("field-not-searchable", Map.of("field", key));
        }
        if (field.kind().normalize(value).isEmpty()) {
            throw DomainException.unprocessable("search-value-invalid", Map.of("field", key));
        }
        String alias = "f" + filters.size();
        from.append(" join customer_value ").append(alias).append(" on ").append(alias)
                .append(".customer_id = c.id and ").append(alias).append(".field_key = ? and ").append(alias)
                .append(field.encrypted() ? ".blind_index = ?" : ".search_value = ?");
        params.add(key);
        params.add(field.encrypted() ? values.blindIndex(field, value) : ValueStore.searchKey(field, value));
        filters.add(key);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
