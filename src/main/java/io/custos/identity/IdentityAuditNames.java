package io.custos.identity;

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

/** Names people and departments on the audit pages (issue 14.15). */
@Component
class IdentityAuditNames implements AuditNames {

    private final JdbcClient jdbc;

    IdentityAuditNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        List<UUID> uuids = IdList.uuids(ids);
        Map<String, String> names = new HashMap<>();
        if (uuids.isEmpty()) {
            return names;
        }
        if (IdentityAudit.EMPLOYEE.equals(type)) {
            jdbc.sql("select id, display_name, username from employee where id in (:ids)").param("ids", uuids)
                    .query(rs -> {
                        names.put(rs.getString(1), rs.getString(2) + " (" + rs.getString(3) + ")");
                    });
        } else if (IdentityAudit.DEPARTMENT.equals(type)) {
            boolean chinese = "zh".equals(locale.getLanguage());
            jdbc.sql("select id, name_zh, name_en from department where id in (:ids)").param("ids", uuids)
                    .query(rs -> {
                        names.put(rs.getString(1), chinese ? rs.getString(2) : rs.getString(3));
                    });
        }
        return names;
    }
}
