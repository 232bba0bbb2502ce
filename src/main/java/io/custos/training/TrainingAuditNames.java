package io.custos.training;

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

/** Names policy document versions and courses by their titles on the audit pages (issue 14.15). */
@Component
class TrainingAuditNames implements AuditNames {

    private final JdbcClient jdbc;

    TrainingAuditNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        Map<String, String> names = new HashMap<>();
        List<UUID> uuids = IdList.uuids(ids);
        if (uuids.isEmpty()) {
            return names;
        }
        String title = "zh".equals(locale.getLanguage()) ? "title_zh" : "title_en";
        if (TrainingAudit.VERSION.equals(type)) {
            jdbc.sql("select id, " + title + ", number from policy_document_version where id in (:ids)")
                    .param("ids", uuids)
                    .query(rs -> {
                        names.put(rs.getString(1), rs.getString(2) + " v" + rs.getInt(3));
                    });
        } else if (TrainingAudit.COURSE.equals(type)) {
            jdbc.sql("select id, " + title + " from training_course where id in (:ids)").param("ids", uuids)
                    .query(rs -> {
                        names.put(rs.getString(1), rs.getString(2));
                    });
        }
        return names;
    }
}
