package io.custos.compliance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The stored maps of policy versions. A version without a stored map gets the one derived from the
 * newest stored map of the same document (clause by clause, where the clause still sits under the same
 * chapter heading) and, for clauses that leaves open, the defaults.
 */
@Component
class MapStore {

    /** How a version's map came to be. */
    enum Origin {
        DEFAULT, COPIED, EDITED
    }

    record Stored(Origin origin, @Nullable UUID editedBy, Instant editedAt, Map<String, Set<Control>> entries) {
    }

    private final JdbcClient jdbc;

    MapStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> stored(UUID versionId) {
        return jdbc.sql("select origin, edited_by, edited_at from compliance_map_version where version_id = ?")
                .param(versionId).query((rs, n) -> new Stored(Origin.valueOf(rs.getString(1)),
                        rs.getObject(2, UUID.class), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        entries(versionId).controls()))
                .optional();
    }

    /** The map a version would get now without an edit: copied where the headings still match, else the defaults. */
    Derived derive(UUID documentId, int number, List<Clause> clauses) {
        Optional<UUID> previous = jdbc.sql("select version_id from compliance_map_version where document_id = ? "
                + "and number < ? order by number desc fetch first 1 rows only").params(documentId, number)
                .query(UUID.class).optional();
        Map<String, Set<Control>> defaults = DefaultMaps.of(clauses);
        if (previous.isEmpty()) {
            return new Derived(Origin.DEFAULT, defaults);
        }
        Entries before = entries(previous.get());
        Map<String, Set<Control>> map = new LinkedHashMap<>();
        for (Clause clause : clauses) {
            if (clause.headingZh().equals(before.headings().get(clause.key()))) {
                Set<Control> controls = before.controls().get(clause.key());
                if (controls != null) {
                    map.put(clause.key(), controls);
                }
            } else if (defaults.containsKey(clause.key())) {
                map.put(clause.key(), defaults.get(clause.key()));
            }
        }
        return new Derived(Origin.COPIED, map);
    }

    record Derived(Origin origin, Map<String, Set<Control>> entries) {
    }

    record Entries(Map<String, Set<Control>> controls, Map<String, String> headings) {
    }

    private Entries entries(UUID versionId) {
        Map<String, Set<Control>> controls = new LinkedHashMap<>();
        Map<String, String> headings = new LinkedHashMap<>();
        jdbc.sql("select clause_key, heading_zh, control from compliance_map_entry where version_id = ? "
                + "order by clause_key, control").param(versionId).query(rs -> {
                    Control control = control(rs.getString(3));
                    if (control != null) {
                        controls.computeIfAbsent(rs.getString(1), k -> EnumSet.noneOf(Control.class)).add(control);
                        headings.put(rs.getString(1), rs.getString(2));
                    }
                });
        return new Entries(controls, headings);
    }

    /** Replaces a version's map. */
    void save(UUID versionId, UUID documentId, int number, Origin origin, @Nullable UUID by, Instant at,
            List<Clause> clauses, Map<String, Set<Control>> entries) {
        jdbc.sql("delete from compliance_map_entry where version_id = ?").param(versionId).update();
        jdbc.sql("delete from compliance_map_version where version_id = ?").param(versionId).update();
        jdbc.sql("insert into compliance_map_version (version_id, document_id, number, origin, edited_by, edited_at) "
                + "values (?, ?, ?, ?, ?, ?)").params(versionId, documentId, number, origin.name(), by,
                        at.atOffset(ZoneOffset.UTC)).update();
        for (Clause clause : clauses) {
            for (Control control : entries.getOrDefault(clause.key(), Set.of())) {
                jdbc.sql("insert into compliance_map_entry (version_id, clause_key, heading_zh, control) values (?, ?, ?, ?)")
                        .params(versionId, clause.key(), heading(clause), control.name()).update();
            }
        }
    }

    private static String heading(Clause clause) {
        String heading = clause.headingZh();
        return heading.length() <= 200 ? heading : heading.substring(0, 200);
    }

    private static @Nullable Control control(String name) {
        try {
            return Control.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null; // a control of an older release: the clause shows without it
        }
    }
}
