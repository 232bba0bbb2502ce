package io.custos.customer;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditNames;
import io.custos.shared.IdList;

/**
 * Names customers by company name on the audit pages, only while the catalog keeps that field
 * public (L1), so an auditor reads nothing a colleague of another department could not; and catalog
 * fields by their label (issue 14.15).
 */
@Component
class CustomerAuditNames implements AuditNames {

    private final JdbcClient jdbc;

    CustomerAuditNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        if (CustomerAudit.CUSTOMER.equals(type)) {
            List<UUID> uuids = IdList.uuids(ids);
            if (!uuids.isEmpty()) {
                jdbc.sql("select v.customer_id, v.plain_value from customer_value v join field_definition d "
                        + "on d.field_key = v.field_key where v.field_key = 'companyName' and d.sensitivity = 1 "
                        + "and v.plain_value is not null and v.customer_id in (:ids)").param("ids", uuids)
                        .query(rs -> {
                            names.put(rs.getString(1), rs.getString(2));
                        });
            }
        } else if (CustomerAudit.FIELD.equals(type)) {
            boolean chinese = "zh".equals(locale.getLanguage());
            jdbc.sql("select field_key, label_zh, label_en from field_definition where field_key in (:ids)")
                    .param("ids", List.copyOf(ids))
                    .query(rs -> {
                        names.put(rs.getString(1), chinese ? rs.getString(2) : rs.getString(3));
                    });
        }
        return names;
    }
}
