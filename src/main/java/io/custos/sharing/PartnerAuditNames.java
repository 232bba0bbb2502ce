package io.custos.sharing;

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

/** Names partners and NDAs on the audit pages: the partner's name, an NDA by its version and recipient. */
@Component
class PartnerAuditNames implements AuditNames {

    private final JdbcClient jdbc;

    PartnerAuditNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        List<UUID> uuids = IdList.uuids(ids);
        Map<String, String> names = new HashMap<>();
        if (uuids.isEmpty()) {
            return names;
        }
        boolean chinese = "zh".equals(locale.getLanguage());
        if (PartnerAudit.PARTNER.equals(type)) {
            jdbc.sql("select id, name_zh, name_en from partner where id in (:ids)").param("ids", uuids)
                    .query(rs -> {
                        names.put(rs.getString(1), chinese ? rs.getString(2) : rs.getString(3));
                    });
        } else if (PartnerAudit.NDA.equals(type)) {
            jdbc.sql("""
                    select n.id, n.version, coalesce(p.name_zh, d.name_zh), coalesce(p.name_en, d.name_en) from nda n
                    left join partner p on n.recipient_type = 'PARTNER' and p.id = n.recipient_id
                    left join department d on n.recipient_type = 'DEPARTMENT' and d.id = n.recipient_id
                    where n.id in (:ids)""").param("ids", uuids).query(rs -> {
                        String recipient = chinese ? rs.getString(3) : rs.getString(4);
                        names.put(rs.getString(1), (chinese ? "保密协议 " : "NDA ") + rs.getString(2)
                                + (recipient == null ? "" : chinese ? "（" + recipient + "）" : " (" + recipient + ")"));
                    });
        }
        return names;
    }
}
