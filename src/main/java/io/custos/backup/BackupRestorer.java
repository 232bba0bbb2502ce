package io.custos.backup;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

import io.custos.keys.MasterKeyProvider;

/**
 * Loads a backup into an empty database, H2 or PostgreSQL, whichever {@code target} is: Flyway builds
 * the schema up to the backup's version, every table is emptied of what migrations put there and
 * filled with the backup's rows (in foreign-key order, every constraint checked), identity columns
 * move past the restored ids, and Flyway then brings the schema up to this version of Custos.
 * If anything fails on the way the target is emptied again, so it never holds half a restore.
 * <p>
 * This is only the database; the restore command also replays the destruction journal and aligns
 * the audit checkpoint file ({@link RestoreCommand}).
 */
public final class BackupRestorer {

    private static final int BATCH = 1000;
    private static final int COMMIT_EVERY = 20_000;

    /**
     * @param force replace what the target holds
     * @param confirm the target database's name, required with {@code force}: the person restoring
     *        says which database they are about to empty
     */
    public record Options(boolean force, @Nullable String confirm, boolean migrateToLatest) {
        public static Options intoEmpty() {
            return new Options(false, null, true);
        }
    }

    /** @param schemaVersion the target's schema version once the restore finished */
    public record Restored(Manifest manifest, long rows, String schemaVersion, String database, Duration took) {
    }

    private BackupRestorer() {
    }

    /** Opens and checks the backup (header, key, manifest) without touching any database. */
    public static Manifest inspect(Path folder, MasterKeyProvider master) {
        return BackupReader.open(folder, master).manifest();
    }

    public static Restored restore(Path folder, MasterKeyProvider master, DataSource target, Options options) {
        long started = System.nanoTime();
        BackupReader reader = BackupReader.open(folder, master);
        Manifest manifest = reader.manifest();
        String vendor;
        try (Connection connection = target.getConnection()) {
            vendor = DatabaseSchema.vendor(connection);
            String newest = DatabaseSchema.newestKnownVersion(target, vendor);
            if (MigrationVersion.fromVersion(manifest.schemaVersion()).compareTo(MigrationVersion.fromVersion(newest)) > 0) {
                throw new BackupException(BackupException.Problem.NEWER_SCHEMA, "The backup was made by a newer "
                        + "version of Custos (schema version " + manifest.schemaVersion() + "); this one knows schema "
                        + "versions up to " + newest + ". Restore it with that version of Custos or a newer one");
            }
            Map<String, String> existing = DatabaseSchema.tables(connection);
            if (!existing.isEmpty()) {
                String name = connection.getCatalog();
                if (!options.force()) {
                    throw new BackupException(BackupException.Problem.TARGET_NOT_EMPTY, "The target database " + name
                            + " is not empty (" + existing.size() + " tables). A restore replaces everything in it; to "
                            + "do that, run again with --force --confirm=" + name);
                }
                if (options.confirm() == null || !options.confirm().equalsIgnoreCase(name)) {
                    throw new BackupException(BackupException.Problem.TARGET_NOT_EMPTY, "--force needs "
                            + "--confirm=" + name + ", the name of the database whose content will be replaced");
                }
            }
        } catch (SQLException e) {
            throw new BackupException(BackupException.Problem.DATABASE, "The target database cannot be reached: "
                    + e.getMessage(), e);
        }
        try {
            DatabaseSchema.flyway(target, vendor, null).clean();
            DatabaseSchema.flyway(target, vendor, manifest.schemaVersion()).migrate();
            long rows = load(reader, target);
            if (options.migrateToLatest()) {
                DatabaseSchema.flyway(target, vendor, null).migrate();
            }
            String version;
            try (Connection connection = target.getConnection()) {
                version = DatabaseSchema.schemaVersion(connection);
            }
            return new Restored(manifest, rows, version == null ? manifest.schemaVersion() : version,
                    vendor.equals("h2") ? "H2" : "PostgreSQL", Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException | SQLException e) {
            emptyAgain(target, vendor, e);
            if (e instanceof BackupException b) {
                throw b;
            }
            if (e instanceof FlywayException) {
                throw new BackupException(BackupException.Problem.DATABASE, "The schema could not be built in the "
                        + "target database: " + e.getMessage() + "; the target was emptied again", e);
            }
            throw new BackupException(BackupException.Problem.DATABASE, "The restore failed: " + e.getMessage()
                    + "; the target was emptied again", e);
        }
    }

    private static void emptyAgain(DataSource target, String vendor, Exception failure) {
        try {
            DatabaseSchema.flyway(target, vendor, null).clean();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static long load(BackupReader reader, DataSource target) throws SQLException {
        Manifest manifest = reader.manifest();
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            Map<String, String> tables = DatabaseSchema.tables(connection);
            tables.remove(BackupFormat.FLYWAY_TABLE);
            DatabaseSchema.LoadPlan plan = DatabaseSchema.loadPlan(connection, tables);
            List<String> order = plan.order();
            for (Manifest.Table table : manifest.tables()) {
                if (!tables.containsKey(table.name())) {
                    throw BackupException.damaged(BackupFormat.MANIFEST, "names table " + table.name()
                            + ", which schema version " + manifest.schemaVersion() + " does not have");
                }
            }
            // What the migrations seeded goes: the backup holds those rows as they were when it was taken.
            try (Statement statement = connection.createStatement()) {
                for (DatabaseSchema.ForeignKey key : plan.deferred()) {
                    statement.execute(key.dropSql());
                }
                for (int i = order.size() - 1; i >= 0; i--) {
                    statement.executeUpdate("delete from " + DatabaseSchema.quote(tables.get(order.get(i))));
                }
            }
            connection.commit();
            Map<String, Manifest.Table> byName = new HashMap<>();
            manifest.tables().forEach(t -> byName.put(t.name(), t));
            long rows = 0;
            for (String table : order) {
                Manifest.Table entry = byName.get(table);
                if (entry != null) {
                    rows += loadTable(reader, connection, entry, tables.get(table));
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (DatabaseSchema.ForeignKey key : plan.deferred()) {
                    // Checks every loaded row against the key: a backup cannot bring in a dangling reference.
                    statement.execute(key.addSql());
                }
            }
            restartIdentities(connection, tables);
            connection.commit();
            return rows;
        } catch (BackupException | SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException(BackupException.Problem.DATABASE, "The rows could not be loaded: "
                    + e.getMessage(), e);
        }
    }

    private static long loadTable(BackupReader reader, Connection connection, Manifest.Table table, String spelled)
            throws Exception {
        Map<String, Integer> targetTypes = new HashMap<>();
        Map<String, String> targetNames = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select * from " + DatabaseSchema.quote(spelled) + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                targetTypes.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnType(i));
                targetNames.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnName(i));
            }
        }
        long[] rows = {0};
        PreparedStatement[] insert = {null};
        List<BackupReader.Column> columns = new ArrayList<>();
        int[] pending = {0};
        try {
            reader.read(table, new BackupReader.RowHandler() {
                @Override
                public void columns(List<BackupReader.Column> read) throws SQLException {
                    columns.addAll(read);
                    List<String> names = new ArrayList<>();
                    for (BackupReader.Column column : read) {
                        String name = targetNames.get(column.name());
                        if (name == null) {
                            throw BackupException.damaged(table.file(), "has a column " + column.name()
                                    + " that the table does not have");
                        }
                        names.add(DatabaseSchema.quote(name));
                    }
                    insert[0] = connection.prepareStatement("insert into " + DatabaseSchema.quote(spelled) + " ("
                            + String.join(", ", names) + ") values ("
                            + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")");
                }

                @Override
                public void row(Object[] values) throws SQLException {
                    for (int i = 0; i < values.length; i++) {
                        BackupReader.Column column = columns.get(i);
                        bind(insert[0], i + 1, column.type(), values[i], targetTypes.get(column.name()), table);
                    }
                    insert[0].addBatch();
                    rows[0]++;
                    if (++pending[0] == BATCH) {
                        insert[0].executeBatch();
                        pending[0] = 0;
                    }
                    if (rows[0] % COMMIT_EVERY == 0) {
                        connection.commit();
                    }
                }
            });
            if (pending[0] > 0) {
                insert[0].executeBatch();
            }
            connection.commit();
        } finally {
            if (insert[0] != null) {
                insert[0].close();
            }
        }
        return rows[0];
    }

    private static void bind(PreparedStatement statement, int index, String type, @Nullable Object value,
            int targetType, Manifest.Table table) throws SQLException {
        if (value == null) {
            statement.setNull(index, targetType);
            return;
        }
        try {
            switch (type) {
                case "boolean" -> statement.setBoolean(index, (Boolean) value);
                case "integer" -> statement.setLong(index, (Long) value);
                case "double" -> statement.setDouble(index, ((Number) value).doubleValue());
                case "decimal" -> statement.setBigDecimal(index, new BigDecimal((String) value));
                case "text" -> statement.setString(index, (String) value);
                case "binary" -> statement.setBytes(index, Base64.getDecoder().decode((String) value));
                case "uuid" -> statement.setObject(index, UUID.fromString((String) value));
                case "date" -> statement.setObject(index, LocalDate.parse((String) value));
                case "time" -> statement.setObject(index, LocalTime.parse((String) value));
                case "timestamp" -> statement.setObject(index, LocalDateTime.parse((String) value));
                case "timestamptz" -> statement.setObject(index, OffsetDateTime.parse((String) value));
                default -> throw BackupException.damaged(table.file(), "has a column of unknown type " + type);
            }
        } catch (ClassCastException | IllegalArgumentException | java.time.DateTimeException e) {
            // The value itself is never named: it may be a customer's.
            throw BackupException.damaged(table.file(), "has a value that is not a " + type);
        }
    }

    private static void restartIdentities(Connection connection, Map<String, String> tables) throws SQLException {
        for (Map.Entry<String, List<String>> entry : DatabaseSchema.identityColumns(connection).entrySet()) {
            String table = tables.get(entry.getKey());
            if (table == null) {
                continue;
            }
            for (String column : entry.getValue()) {
                long next;
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("select coalesce(max(" + DatabaseSchema.quote(column)
                                + "), 0) + 1 from " + DatabaseSchema.quote(table))) {
                    rs.next();
                    next = rs.getLong(1);
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("alter table " + DatabaseSchema.quote(table) + " alter column "
                            + DatabaseSchema.quote(column) + " restart with " + next);
                }
            }
        }
    }
}
