package io.custos.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.access.AccessDecisions;
import io.custos.shared.DomainException;

/**
 * Turns a {@link CustomerRegistry.CustomerQuery} into a WHERE clause made only of fixed fragments
 * and parameters. Exact search on an encrypted field compares blind indexes (no plaintext index
 * exists, R-STO-6); the name search is a prefix match on the lower-cased plain values.
 * <p>
 * Each filter is an uncorrelated {@code c.id in (select … from customer_value …)}: both databases
 * then start from the {@code (field_key, blind_index)} or {@code (field_key, search_value)} index.
 * A correlated {@code exists} is a semi-join on PostgreSQL but H2 runs it once per customer in
 * scope — seconds per search at 200,000 customers (bench/results/2026-11-27-h2.md).
 */
final class CustomerSearch {

    private CustomerSearch() {
    }

    record Where(String sql, List<Object> params, List<String> filters) {
    }

    static Where where(CustomerRegistry.CustomerQuery query, AccessDecisions.Scope scope, FieldCatalog catalog,
            ValueStore values) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        scope(scope, sql, params);
        List<String> filters = new ArrayList<>();
        exact(query.phone(), "phone", catalog, values, sql, params, filters);
        exact(query.email(), "email", catalog, values, sql, params, filters);
        exact(query.idNumber(), "idNumber", catalog, values, sql, params, filters);
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
            sql.append(" and c.id in (select v.customer_id from customer_value v where v.field_key in (")
                    .append(String.join(", ", java.util.Collections.nCopies(fields.size(), "?")))
                    .append(") and v.search_value like ? escape '\\')");
            params.addAll(fields);
            params.add(escapeLike(prefix) + "%");
            filters.add("name");
        }
        return new Where(sql.toString(), params, filters);
    }

    /** The customers the access policy lets the person find at all; each is then decided field by field. */
    private static void scope(AccessDecisions.Scope scope, StringBuilder sql, List<Object> params) {
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
            StringBuilder sql, List<Object> params, List<String> filters) {
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
        if (field.encrypted()) {
            sql.append(" and c.id in (select v.customer_id from customer_value v where v.field_key = ? "
                    + "and v.blind_index = ?)");
            params.add(key);
            params.add(values.blindIndex(field, value));
        } else {
            sql.append(" and c.id in (select v.customer_id from customer_value v where v.field_key = ? "
                    + "and v.search_value = ?)");
            params.add(key);
            params.add(ValueStore.searchKey(field, value));
        }
        filters.add(key);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
