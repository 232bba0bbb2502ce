package io.custos.customer;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.DomainException;

/**
 * Which customers a saved selection names, for features that act on a department's customers as a
 * set (sharing requests evaluated at approval). Ids only: what each person may see of them is
 * decided when they are read.
 */
@Service
@Transactional(readOnly = true)
public class CustomerSelection {

    static final String CITY = "city";

    private final JdbcClient jdbc;
    private final FieldCatalog catalog;

    CustomerSelection(JdbcClient jdbc, FieldCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /**
     * The department's customers, of one owner and in one city when given, oldest first.
     *
     * @throws DomainException 422 {@code selection-city-not-public} when the city is no longer kept
     *         in clear (then it cannot be matched without decrypting every record)
     */
    public List<UUID> ofDepartment(UUID departmentId, @Nullable UUID ownerId, @Nullable String city, int limit) {
        StringBuilder sql = new StringBuilder("select c.id from customer c where c.department_id = :department and "
                + CustomerRepository.LIVE);
        if (ownerId != null) {
            sql.append(" and c.owner_id = :owner");
        }
        if (city != null) {
            if (catalog.field(CITY).sensitivity().encrypted()) {
                throw DomainException.unprocessable("selection-city-not-public", java.util.Map.of("field", "city"));
            }
            sql.append(" and exists (select 1 from customer_value v where v.customer_id = c.id and v.field_key = '")
                    .append(CITY).append("' and lower(v.plain_value) = :city)");
        }
        sql.append(" order by c.created_at, c.id fetch first :limit rows only");
        var query = jdbc.sql(sql.toString()).param("department", departmentId).param("limit", limit);
        if (ownerId != null) {
            query = query.param("owner", ownerId);
        }
        if (city != null) {
            query = query.param("city", city.strip().toLowerCase(Locale.ROOT));
        }
        return query.query(UUID.class).list();
    }

    /** Whether each customer exists (not destroyed) and belongs to the department; the others are returned. */
    public List<UUID> notInDepartment(UUID departmentId, List<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        List<UUID> inside = jdbc.sql("select id from customer where department_id = :department and id in (:ids) "
                + "and destroyed_at is null")
                .param("department", departmentId).param("ids", customerIds).query(UUID.class).list();
        return customerIds.stream().filter(id -> !inside.contains(id)).toList();
    }

    /**
     * Of these ids, those that name no customer, or a customer destroyed (issue 16.6: paper records
     * may only name live customers).
     */
    public List<UUID> notLive(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        List<UUID> live = jdbc.sql("select id from customer where destroyed_at is null and id in (:ids)")
                .param("ids", customerIds).query(UUID.class).list();
        return customerIds.stream().filter(id -> !live.contains(id)).distinct().toList();
    }
}
