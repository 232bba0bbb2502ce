package io.custos.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context a database of its own: an in-memory H2 database by default,
 * or, when {@code custos.test.pg-url} is set (Maven profile {@code postgres}), a fresh schema in that
 * PostgreSQL database, dropped when the context closes. Flyway builds the schema either way, so the
 * same tests prove the migrations on both engines. Key files, the audit checkpoint file and the
 * destruction journal go to a directory of the context's own under the temporary folder.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Set in a test's properties to get an H2 file database (under the context's directory) instead of memory. */
    public static final String H2_FILE = "custos.test.h2-file";

    /**
     * Set (to true) by a test that starts an application of its own with the database, key folder,
     * checkpoint file and journal it names (a restore into a scratch database): nothing is overridden.
     */
    public static final String AS_GIVEN = "custos.test.as-given";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().getProperty(AS_GIVEN, Boolean.class, false)) {
            return;
        }
        String name = "custos_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> properties = new HashMap<>();
        // Key files, the audit checkpoint file and the destruction journal are per context too, like the
        // database they belong to.
        Path files = Path.of(System.getProperty("java.io.tmpdir"), "custos-tests", name);
        properties.put("custos.keys.directory", files.resolve("keys").toString());
        properties.put("custos.audit.checkpoint-file", files.resolve("audit/checkpoints.log").toString());
        properties.put("custos.audit.archive-directory", files.resolve("audit/archive").toString());
        properties.put("custos.customer.destruction-journal", files.resolve("journal/destructions.log").toString());
        // Backups and the restore drills' scratch files too, never into ./data.
        properties.put("custos.backup.directory", files.resolve("backups").toString());
        properties.put("custos.backup.drill-directory", files.resolve("drills").toString());
        if (!context.getEnvironment().containsProperty("custos.monitoring.enabled")) {
            // Tests drive the monitoring evaluation themselves (MonitoringEvaluator.catchUp), so that
            // alerts and their mail never appear in the middle of another module's test.
            properties.put("custos.monitoring.enabled", "false");
        }
        String pgUrl = pgUrl();
        if (pgUrl.isBlank() && context.getEnvironment().containsProperty(H2_FILE)) {
            // A test that inspects the database file itself (what an attacker with the disk would see).
            properties.put("spring.datasource.url", "jdbc:h2:file:" + files.resolve("db").resolve("custos")
                    + ";WRITE_DELAY=0");
        } else if (pgUrl.isBlank()) {
            properties.put("spring.datasource.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        } else {
            String user = pgUser();
            properties.put("spring.datasource.url", pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + name);
            properties.put("spring.datasource.username", user);
            properties.put("spring.datasource.password", System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", ""));
            properties.put("spring.flyway.schemas", name);
            properties.put("spring.flyway.default-schema", name);
            properties.put("spring.flyway.create-schemas", "true");
            // Spring keeps every test context it made, each with its pool: with Hikari's default of
            // ten idle connections each, some thirty contexts exhaust PostgreSQL's hundred. A context
            // waiting in the cache keeps one connection; a running one opens what it needs.
            properties.put("spring.datasource.hikari.minimum-idle", "1");
            properties.put("spring.datasource.hikari.idle-timeout", "10000");
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    dropSchema(pgUrl, user, name);
                }
            });
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("custos-test-database", properties));
    }

    public static boolean onPostgres() {
        return !pgUrl().isBlank();
    }

    /** Set by the Maven profile {@code postgres}; the environment's CUSTOS_TEST_PG_URL takes precedence. */
    static String pgUrl() {
        String url = System.getProperty("custos.test.pg-url", "");
        if (url.isBlank() || url.startsWith("${")) {
            return "";
        }
        String fromEnvironment = System.getenv("CUSTOS_TEST_PG_URL");
        return fromEnvironment == null || fromEnvironment.isBlank() ? url : fromEnvironment;
    }

    static String pgUser() {
        return System.getenv().getOrDefault("CUSTOS_TEST_PG_USER", "postgres");
    }

    static void dropSchema(String url, String user, String schema) {
        try (Connection c = DriverManager.getConnection(url, user,
                System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", ""));
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // A schema left behind costs disk, not correctness; the next run makes new ones.
        }
    }
}
