package io.custos.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;


/**
 * An empty database beside the test context's, for restores: an in-memory H2 database, or a fresh
 * schema in the test PostgreSQL database (dropped on close), the same engine the suite runs on
 * unless a test asks for one.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final DataSource dataSource;
    private final String name;
    private final boolean postgres;

    private ScratchDatabase(DataSource dataSource, String name, boolean postgres) {
        this.dataSource = dataSource;
        this.name = name;
        this.postgres = postgres;
    }

    /** On the engine the suite runs on. */
    public static ScratchDatabase create() {
        return TestDatabaseInitializer.onPostgres() ? postgres() : h2();
    }

    public static ScratchDatabase h2() {
        String name = "scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // A pool, as the application has: H2 evaluated check constraints made by a closed connection as
        // "database closed" when every connection was a new one (DriverManagerDataSource).
        com.zaxxer.hikari.HikariDataSource h2 = new com.zaxxer.hikari.HikariDataSource();
        h2.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        h2.setUsername("sa");
        h2.setMaximumPoolSize(3);
        return new ScratchDatabase(h2, name, false);
    }

    /** A new schema in the PostgreSQL database the suite was given; only when it was given one. */
    public static ScratchDatabase postgres() {
        String url = TestDatabaseInitializer.pgUrl();
        if (url.isBlank()) {
            throw new IllegalStateException("No PostgreSQL: run with -Ppostgres or CUSTOS_TEST_PG_URL");
        }
        String name = "scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = TestDatabaseInitializer.pgUser();
        String password = System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a scratch schema", e);
        }
        com.zaxxer.hikari.HikariDataSource pg = new com.zaxxer.hikari.HikariDataSource();
        pg.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
        pg.setUsername(user);
        pg.setPassword(password);
        pg.setMaximumPoolSize(3);
        return new ScratchDatabase(pg, name, true);
    }

    /** The JDBC URL, user and password, for an application started on this database. */
    public String[] connection() {
        com.zaxxer.hikari.HikariDataSource pool = (com.zaxxer.hikari.HikariDataSource) dataSource;
        return new String[] {pool.getJdbcUrl(), pool.getUsername(), pool.getPassword() == null ? "" : pool.getPassword()};
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean onPostgres() {
        return postgres;
    }

    /** What {@code --confirm} must say to restore over it. */
    public String databaseName() {
        try (Connection c = dataSource.getConnection()) {
            return c.getCatalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (postgres) {
            TestDatabaseInitializer.dropSchema(TestDatabaseInitializer.pgUrl(), TestDatabaseInitializer.pgUser(), name);
        } else {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("shutdown");
            } catch (SQLException ignored) {
                // Gone already.
            }
        }
        if (dataSource instanceof AutoCloseable pool) {
            try {
                pool.close();
            } catch (Exception ignored) {
                // Closing a pool of a dropped database.
            }
        }
    }
}
