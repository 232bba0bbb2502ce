package io.custos.retention;

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

/** Names paper records (their titles) and destruction orders (their numbers) on the audit pages. */
@Component
class PaperAuditNames implements AuditNames {

    private final JdbcClient jdbc;

    PaperAuditNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        Map<String, String> names = new HashMap<>();
        List<UUID> uuids = IdList.uuids(ids);
        if (uuids.isEmpty()) {
            return names;
        }
        String sql = switch (type) {
            case PaperAudit.RECORD -> "select id, title from paper_record where id in (:ids)";
            case PaperAudit.DESTRUCTION -> "select id, number from paper_destruction where id in (:ids)";
            default -> null;
        };
        if (sql != null) {
            jdbc.sql(sql).param("ids", uuids).query(rs -> {
                names.put(rs.getString(1), rs.getString(2));
            });
        }
        return names;
    }
}
