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
     * The tables in an order where each comes after every table it refers to, then by name: the
     * order rows can be inserted in with every foreign key checked.
     *
     * @throws BackupException when foreign keys form a cycle (no order exists) or a table refers to itself
     */
    static List<String> loadOrder(Connection connection, Map<String, String> tables) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Set<String>> parents = new HashMap<>();
        for (Map.Entry<String, String> table : tables.entrySet()) {
            Set<String> refs = new TreeSet<>();
            try (ResultSet keys = meta.getImportedKeys(connection.getCatalog(), connection.getSchema(), table.getValue())) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (parent.equals(table.getKey())) {
                        throw new BackupException(BackupException.Problem.DATABASE, "Table " + table.getKey()
                                + " refers to itself; backups do not know how to order its rows");
                    }
                    if (tables.containsKey(parent)) {
                        refs.add(parent);
                    }
                }
            }
            parents.put(table.getKey(), refs);
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tables.size()) {
            boolean progress = false;
            for (String table : tables.keySet()) {
                if (!placed.contains(table) && placed.containsAll(parents.get(table))) {
                    placed.add(table);
                    order.add(table);
                    progress = true;
                }
            }
            if (!progress) {
                throw new BackupException(BackupException.Problem.DATABASE, "The foreign keys between the tables form "
                        + "a cycle; backups do not know an order to load them in");
            }
        }
        return order;
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
