package io.custos.consent;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditNames;

/** Names purposes on the audit pages, in the reader's language (issue 14.15). */
@Component
class ConsentAuditNames implements AuditNames {

    static final String PURPOSE = "purpose";

    private final Purposes purposes;

    ConsentAuditNames(Purposes purposes) {
        this.purposes = purposes;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        Map<String, String> names = new HashMap<>();
        if (PURPOSE.equals(type)) {
            for (Purpose purpose : purposes.all()) {
                if (ids.contains(purpose.code())) {
                    names.put(purpose.code(), purpose.label(locale));
                }
            }
        }
        return names;
    }
}
