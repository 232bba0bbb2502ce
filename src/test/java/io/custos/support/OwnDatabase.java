package io.custos.support;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A migrated database of its own for a test without Spring: in-memory H2, or with {@code -Ppostgres}
 * a fresh PostgreSQL schema dropped on close. A small pool, so tests can use it from several threads.
 */
public final class OwnDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final String name;

    private OwnDatabase(HikariDataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    public static OwnDatabase create() {
        String name = "custos_u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(6);
        String pgUrl = TestDatabaseInitializer.pgUrl();
        if (pgUrl.isBlank()) {
            config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            HikariDataSource dataSource = new HikariDataSource(config);
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
            return new OwnDatabase(dataSource, name);
        }
        config.setJdbcUrl(pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + name);
        config.setUsername(TestDatabaseInitializer.pgUser());
        config.setPassword(System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", ""));
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).schemas(name).defaultSchema(name).createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        return new OwnDatabase(dataSource, name);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    public DataSourceTransactionManager transactions() {
        return new DataSourceTransactionManager(dataSource);
    }

    @Override
    public void close() {
        dataSource.close();
        String pgUrl = TestDatabaseInitializer.pgUrl();
        if (!pgUrl.isBlank()) {
            TestDatabaseInitializer.dropSchema(pgUrl, TestDatabaseInitializer.pgUser(), name);
        }
    }
}
