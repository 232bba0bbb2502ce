package io.custos.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.shared.DomainException;
import io.custos.shared.ShortLivedCopies;
import io.custos.shared.ShortLivedCopy;

/**
 * The purposes of processing and the fields each needs (R-COL-2). A field may be collected only
 * when a consented purpose needs it; the access decision uses the same lists.
 */
@Service
public class Purposes {

    private static final Pattern FIELD = Pattern.compile("[a-z][A-Za-z0-9]{1,31}");

    private final JdbcClient jdbc;
    private final ConsentAudit audit;
    /** Every reveal asks for the purposes twice; they change a few times a year. */
    private final ShortLivedCopy<List<Purpose>> copy;

    Purposes(JdbcClient jdbc, ConsentAudit audit, ShortLivedCopies copies) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.copy = copies.of("purposes", this::load);
    }

    /** Every purpose with its fields, from a copy at most {@link ShortLivedCopy#REFRESH} old. */
    public List<Purpose> all() {
        return copy.get();
    }

    private List<Purpose> load() {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        jdbc.sql("select purpose, field_key from purpose_field order by field_key").query(rs -> {
            fields.computeIfAbsent(rs.getString(1), p -> new TreeSet<>()).add(rs.getString(2));
        });
        return jdbc.sql("select code, label_zh, label_en from purpose order by position, code")
                .query((rs, n) -> new Purpose(rs.getString(1), rs.getString(2), rs.getString(3),
                        fields.getOrDefault(rs.getString(1), Set.of())))
                .list().stream().toList();
    }

    /** @throws DomainException 422 {@code purpose-unknown} naming the first unknown code */
    @Transactional(readOnly = true)
    public Map<String, Purpose> require(Set<String> codes) {
        Map<String, Purpose> byCode = new LinkedHashMap<>();
        all().forEach(p -> byCode.put(p.code(), p));
        for (String code : new TreeSet<>(codes)) {
            if (!byCode.containsKey(code)) {
                throw DomainException.unprocessable("purpose-unknown", Map.of("field", "purposes",
                        "purpose", safe(code)), safe(code));
            }
        }
        byCode.keySet().retainAll(codes);
        return byCode;
    }

    /** The fields that at least one of the purposes needs. */
    @Transactional(readOnly = true)
    public Set<String> fieldsNeededBy(Set<String> purposes) {
        Set<String> fields = new TreeSet<>();
        all().stream().filter(p -> purposes.contains(p.code())).forEach(p -> fields.addAll(p.fields()));
        return fields;
    }

    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public Purpose setFields(String code, Set<String> fields) {
        require(Set.of(code));
        for (String field : fields) {
            if (!FIELD.matcher(field).matches()) {
                throw DomainException.unprocessable("field-key-invalid", Map.of("field", "fields"));
            }
        }
        copy.changed();
        jdbc.sql("delete from purpose_field where purpose = ?").param(code).update();
        for (String field : new TreeSet<>(fields)) {
            jdbc.sql("insert into purpose_field (purpose, field_key) values (?, ?)").params(code, field).update();
        }
        audit.record(AuditCategory.SECURITY, "consent.purpose.fields-changed", "purpose", code,
                Map.of("fields", List.copyOf(new TreeSet<>(fields))));
        return require(Set.of(code)).get(code);
    }


    /** A code is echoed only when it looks like one. */
    static String safe(String code) {
        return code.matches("[A-Z][A-Z_]{1,39}") ? code : "(invalid code)";
    }
}
