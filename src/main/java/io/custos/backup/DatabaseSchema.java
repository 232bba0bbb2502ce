package io.custos.backup;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What backup and restore need to know about a database, asked through JDBC metadata and the
 * information schema that H2 and PostgreSQL share: its tables (by their lower-case names, with the
 * name the catalog spells), the order in which foreign keys let them be filled, the identity
 * columns to move on after rows were loaded with their own ids, and Flyway, which builds the schema.
 */
final class DatabaseSchema {

    /** Where the migrations are, as application.yml tells Spring Boot's Flyway; {vendor} is h2 or postgresql. */
    static final String[] LOCATIONS = {"classpath:db/migration", "classpath:db/vendor/{vendor}"};

    private DatabaseSchema() {
    }

    static String vendor(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return "h2";
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        throw new BackupException(BackupException.Problem.DATABASE,
                "Custos backs up and restores H2 and PostgreSQL only, not " + product);
    }

    static String productName(Connection connection) throws SQLException {
        return vendor(connection).equals("h2") ? "H2" : "PostgreSQL";
    }

    /** Lower-case name to the name as the catalog spells it, Flyway's table included. */
    static Map<String, String> tables(Connection connection) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("select table_name from "
                + "information_schema.tables where table_schema = ? and table_type in ('BASE TABLE', 'TABLE')")) {
            statement.setString(1, connection.getSchema());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    tables.put(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        return tables;
    }

    /**
     * A foreign key, as the catalog describes it: enough to drop it and add it again.
     *
     * @param table the child table as spelled; {@code parent} likewise
     */
    record ForeignKey(String name, String table, List<String> columns, String parent, List<String> parentColumns,
            int deleteRule, int updateRule) {

        String addSql() {
            return "alter table " + quote(table) + " add constraint " + quote(name) + " foreign key ("
                    + String.join(", ", columns.stream().map(DatabaseSchema::quote).toList()) + ") references "
                    + quote(parent) + " (" + String.join(", ", parentColumns.stream().map(DatabaseSchema::quote).toList())
                    + ")" + rule(" on delete ", deleteRule) + rule(" on update ", updateRule);
        }

        String dropSql() {
            return "alter table " + quote(table) + " drop constraint " + quote(name);
        }

        private static String rule(String prefix, int rule) {
            return switch (rule) {
                case DatabaseMetaData.importedKeyCascade -> prefix + "cascade";
                case DatabaseMetaData.importedKeySetNull -> prefix + "set null";
                case DatabaseMetaData.importedKeySetDefault -> prefix + "set default";
                default -> "";
            };
        }
    }

    /**
     * The order to fill the tables in, each after every table it refers to, and the foreign keys
     * that make that impossible (a cycle, like a department's head who is an employee of the
     * department): those are dropped for the load and added again after it, when the database
     * checks every row against them.
     */
    record LoadPlan(List<String> order, List<ForeignKey> deferred) {
    }

    static LoadPlan loadPlan(Connection connection, Map<String, String> tables) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, ForeignKey> keys = new TreeMap<>();
        for (Map.Entry<String, String> table : tables.entrySet()) {
            Map<String, List<String[]>> columns = new TreeMap<>();
            Map<String, int[]> rules = new HashMap<>();
            Map<String, String> parents = new HashMap<>();
            try (ResultSet rs = meta.getImportedKeys(connection.getCatalog(), connection.getSchema(), table.getValue())) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    if (!tables.containsKey(parent.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    String name = rs.getString("FK_NAME");
                    columns.computeIfAbsent(name, n -> new ArrayList<>()).add(new String[] {
                            String.format("%05d", rs.getInt("KEY_SEQ")), rs.getString("FKCOLUMN_NAME"),
                            rs.getString("PKCOLUMN_NAME")});
                    rules.put(name, new int[] {rs.getInt("DELETE_RULE"), rs.getInt("UPDATE_RULE")});
                    parents.put(name, parent);
                }
            }
            for (Map.Entry<String, List<String[]>> key : columns.entrySet()) {
                List<String[]> parts = key.getValue();
                parts.sort(Comparator.comparing(p -> p[0]));
                keys.put(table.getKey() + "/" + key.getKey(), new ForeignKey(key.getKey(), table.getValue(),
                        parts.stream().map(p -> p[1]).toList(), parents.get(key.getKey()),
                        parts.stream().map(p -> p[2]).toList(), rules.get(key.getKey())[0], rules.get(key.getKey())[1]));
            }
        }
        List<ForeignKey> deferred = new ArrayList<>();
        while (true) {
            List<String> order = order(tables.keySet(), keys.values());
            if (order != null) {
                return new LoadPlan(order, List.copyOf(deferred));
            }
            ForeignKey breaking = keys.values().stream().filter(k -> inCycle(k, keys.values())).findFirst()
                    .orElseThrow(() -> new BackupException(BackupException.Problem.DATABASE,
                            "The tables cannot be ordered for loading"));
            deferred.add(breaking);
            keys.values().remove(breaking);
        }
    }

    private static @Nullable List<String> order(Set<String> tables, java.util.Collection<ForeignKey> keys) {
        Map<String, Set<String>> parents = new HashMap<>();
        tables.forEach(t -> parents.put(t, new TreeSet<>()));
        for (ForeignKey key : keys) {
            String child = key.table().toLowerCase(Locale.ROOT);
            String parent = key.parent().toLowerCase(Locale.ROOT);
            if (!child.equals(parent)) {
                parents.get(child).add(parent);
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tables.size()) {
            boolean progress = false;
            for (String table : tables) {
                if (!placed.contains(table) && placed.containsAll(parents.get(table))) {
                    placed.add(table);
                    order.add(table);
                    progress = true;
                }
            }
            if (!progress) {
                return null;
            }
        }
        return order;
    }

    /** Whether the key's parent leads back to its table through other keys. */
    private static boolean inCycle(ForeignKey key, java.util.Collection<ForeignKey> keys) {
        String start = key.table().toLowerCase(Locale.ROOT);
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(List.of(key.parent().toLowerCase(Locale.ROOT)));
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String table = pending.pop();
            if (table.equals(start)) {
                return true;
            }
            if (seen.add(table)) {
                for (ForeignKey k : keys) {
                    if (k.table().toLowerCase(Locale.ROOT).equals(table)) {
                        pending.push(k.parent().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return false;
    }

    /** Lower-case table name to its identity columns (as the catalog spells them). */
    static Map<String, List<String>> identityColumns(Connection connection) throws SQLException {
        Map<String, List<String>> identities = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("select table_name, column_name from "
                + "information_schema.columns where table_schema = ? and is_identity = 'YES'")) {
            statement.setString(1, connection.getSchema());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    identities.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        }
        return identities;
    }

    /** The newest migration applied successfully, or null for a database Flyway never touched. */
    static @Nullable String schemaVersion(Connection connection) throws SQLException {
        if (!tables(connection).containsKey(BackupFormat.FLYWAY_TABLE)) {
            return null;
        }
        MigrationVersion newest = null;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select \"version\" from \"" + BackupFormat.FLYWAY_TABLE
                        + "\" where \"success\" = true and \"version\" is not null")) {
            while (rs.next()) {
                MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
                if (newest == null || version.compareTo(newest) > 0) {
                    newest = version;
                }
            }
        }
        return newest == null ? null : newest.getVersion();
    }

    static Flyway flyway(DataSource dataSource, String vendor, @Nullable String target) {
        String[] locations = new String[LOCATIONS.length];
        for (int i = 0; i < LOCATIONS.length; i++) {
            locations[i] = LOCATIONS[i].replace("{vendor}", vendor);
        }
        var configuration = Flyway.configure().dataSource(dataSource).locations(locations).cleanDisabled(false);
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        return configuration.load();
    }

    /** The newest migration this version of Custos carries. */
    static String newestKnownVersion(DataSource dataSource, String vendor) {
        return java.util.Arrays.stream(flyway(dataSource, vendor, null).info().all())
                .map(m -> m.getVersion()).filter(v -> v != null).max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion).orElseThrow();
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
