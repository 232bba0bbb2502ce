package io.custos.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A scratch database for one restore drill, of the application's own engine: an H2 file in the
 * drill folder, or a PostgreSQL schema of its own in the application's database (the application's
 * database user needs the right to create schemas there). It starts empty and is removed on close.
 * <p>
 * The restore empties its target with Flyway, so before anything is restored the scratch
 * connection's schema is checked to be the scratch schema and nothing else; and the restore itself
 * refuses a target that holds any table.
 */
final class DrillDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DrillDatabase.class);
    static final String SCHEMA_PREFIX = "custos_drill_";
    static final String FILE_PREFIX = "drill-";
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{12}");

    private final HikariDataSource dataSource;
    private final String vendor;
    private final DataSource application;
    private final Path folder;
    private final String token;

    private DrillDatabase(HikariDataSource dataSource, String vendor, DataSource application, Path folder,
            String token) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.application = application;
        this.folder = folder;
        this.token = token;
    }

    /**
     * @param application the application's own database, whose engine the scratch one has
     * @param folder where an H2 scratch file goes
     * @param token 12 lowercase hex digits naming the scratch database
     */
    static DrillDatabase create(DataSource application, Path folder, String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("A drill's token is 12 hex digits");
        }
        String vendor;
        try (Connection connection = application.getConnection()) {
            vendor = DatabaseSchema.vendor(connection);
        } catch (SQLException e) {
            throw new BackupException(BackupException.Problem.DATABASE, "The database cannot be reached for a drill", e);
        }
        return vendor.equals("h2") ? h2(application, folder, token) : postgres(application, folder, token);
    }

    private static DrillDatabase h2(DataSource application, Path folder, String token) {
        Path base = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new BackupException(BackupException.Problem.STORAGE, "The drill folder " + base
                    + " cannot be created: " + e.getMessage(), e);
        }
        HikariConfig config = config(token);
        config.setJdbcUrl("jdbc:h2:file:" + base.resolve(FILE_PREFIX + token) + ";WRITE_DELAY=0");
        config.setUsername("drill");
        config.setPassword("");
        DrillDatabase scratch = new DrillDatabase(new HikariDataSource(config), "h2", application, base, token);
        scratch.checkEmpty();
        return scratch;
    }

    private static DrillDatabase postgres(DataSource application, Path folder, String token) {
        HikariDataSource pool;
        try {
            pool = application.isWrapperFor(HikariDataSource.class) ? application.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            pool = null;
        }
        if (pool == null) {
            throw new BackupException(BackupException.Problem.DATABASE, "The application's connection settings cannot "
                    + "be read for a drill's scratch schema");
        }
        String schema = SCHEMA_PREFIX + token;
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new BackupException(BackupException.Problem.DATABASE, "The scratch schema " + schema + " cannot be "
                    + "created (the database user needs the right to create schemas): " + e.getMessage(), e);
        }
        HikariConfig config = config(token);
        config.setJdbcUrl(pool.getJdbcUrl());
        config.setUsername(pool.getUsername());
        config.setPassword(pool.getPassword());
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        config.setDataSourceProperties(properties);
        config.setSchema(schema);
        DrillDatabase scratch;
        try {
            scratch = new DrillDatabase(new HikariDataSource(config), "postgresql", application, folder, token);
        } catch (RuntimeException e) {
            dropSchema(application, schema);
            throw new BackupException(BackupException.Problem.DATABASE, "The scratch schema cannot be reached", e);
        }
        scratch.checkEmpty();
        return scratch;
    }

    private static HikariConfig config(String token) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("custos-drill-" + token);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        return config;
    }

    /** The scratch connection must see the scratch schema, empty: never the application's tables. */
    private void checkEmpty() {
        try (Connection connection = dataSource.getConnection()) {
            if (vendor.equals("postgresql")) {
                String current;
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("select current_schema()")) {
                    current = rs.next() ? rs.getString(1) : null;
                }
                if (!(SCHEMA_PREFIX + token).equals(current)) {
                    throw new BackupException(BackupException.Problem.DATABASE, "The scratch connection is not in the "
                            + "scratch schema");
                }
            }
            if (!DatabaseSchema.tables(connection).isEmpty()) {
                throw new BackupException(BackupException.Problem.TARGET_NOT_EMPTY, "The scratch database is not empty");
            }
        } catch (SQLException | RuntimeException e) {
            close();
            if (e instanceof BackupException b) {
                throw b;
            }
            throw new BackupException(BackupException.Problem.DATABASE, "The scratch database cannot be reached: "
                    + e.getMessage(), e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** {@code h2} or {@code postgresql}. */
    String vendor() {
        return vendor;
    }

    /** As people read it: H2 or PostgreSQL. */
    String productName() {
        return vendor.equals("h2") ? "H2" : "PostgreSQL";
    }

    /** Closes the scratch database and removes it: the schema dropped, or the H2 files deleted. */
    @Override
    public void close() {
        dataSource.close();
        remove(application, vendor, folder, token);
    }

    /**
     * Removes what a drill that never finished (its node stopped) left of its scratch database, if
     * anything: only the one its record names.
     */
    static void removeLeftover(DataSource application, Path folder, String token) {
        if (!TOKEN.matcher(token).matches()) {
            return;
        }
        String vendor;
        try (Connection connection = application.getConnection()) {
            vendor = DatabaseSchema.vendor(connection);
        } catch (SQLException e) {
            log.warn("The database cannot be reached to remove a stopped drill's scratch database: {}", e.getMessage());
            return;
        }
        remove(application, vendor, folder.toAbsolutePath().normalize(), token);
    }

    private static void remove(DataSource application, String vendor, Path folder, String token) {
        if (vendor.equals("postgresql")) {
            dropSchema(application, SCHEMA_PREFIX + token);
            return;
        }
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(FILE_PREFIX + token + "."))
                    .toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("The drill's scratch files {}{}.* in {} could not be deleted: {}", FILE_PREFIX, token, folder,
                    e.getMessage());
        }
    }

    private static void dropSchema(DataSource application, String schema) {
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            log.warn("The drill's scratch schema {} could not be dropped: {}", schema, e.getMessage());
        }
    }
}
