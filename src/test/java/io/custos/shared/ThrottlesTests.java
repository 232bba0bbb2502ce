package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestDatabaseInitializer;

/**
 * Issue 24.3 (R-IT-1, R-X-3): the throttles' buckets are shared by the nodes on PostgreSQL, kept
 * under keyed hashes only, and their rows go once full again; on H2 (one node) they are in memory.
 */
@IntegrationTest
class ThrottlesTests {

    private static final String CLIENT = "203.0.113.77";

    @Autowired
    Throttles throttles;
    @Autowired
    ThrottleCleanup cleanup;
    @Autowired
    ClientPseudonyms pseudonyms;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcConnectionDetails connection;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void forget() {
        throttles.resetAll();
    }

    @Test
    void bucketsAreInTheDatabaseOnPostgresAndInMemoryOnH2() {
        assertThat(throttles.shared()).isEqualTo(TestDatabaseInitializer.onPostgres());
    }

    @Test
    void aRefusedTryTellsHowLongToWaitAndTheBucketRefillsByTheApplicationsClock() {
        Throttle throttle = throttles.named("test-refill", 2, Duration.ofMinutes(10));
        assertThat(throttle.take(CLIENT).allowed()).isTrue();
        assertThat(throttle.take(CLIENT).allowed()).isTrue();
        Throttle.Decision refused = throttle.take(CLIENT);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 300L);
        assertThat(throttle.take("203.0.113.78").allowed()).as("another client has its own bucket").isTrue();

        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.take(CLIENT).allowed()).isTrue();
        throttle.giveBack(CLIENT);
        assertThat(throttle.check(CLIENT).allowed()).isTrue();
    }

    @Test
    void twoNodesOnOnePostgresSpendFromTheSameBucket() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "shared buckets: runs with -Ppostgres");
        // Node B: its own connections and its own Throttles on the same database.
        DriverManagerDataSource other = new DriverManagerDataSource(connection.getJdbcUrl(), connection.getUsername(),
                connection.getPassword());
        Throttles nodeB = new Throttles(other, clock, pseudonyms, true);
        Throttle onA = throttles.named("test-two-nodes", 3, Duration.ofMinutes(10));
        Throttle onB = nodeB.named("test-two-nodes", 3, Duration.ofMinutes(10));

        assertThat(onA.take(CLIENT).allowed()).isTrue();
        assertThat(onA.take(CLIENT).allowed()).isTrue();
        assertThat(onB.take(CLIENT).allowed()).as("B sees what A spent: one left").isTrue();
        assertThat(onB.take(CLIENT).allowed()).isFalse();
        assertThat(onA.take(CLIENT).allowed()).isFalse();

        onB.reset();
        assertThat(onA.take(CLIENT).allowed()).as("a reset on one node is a reset on all").isTrue();
    }

    @Test
    void theDatabaseKeepsAKeyedHashNeverTheAddress() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "rows: runs with -Ppostgres");
        throttles.named("test-rows", 5, Duration.ofMinutes(10)).take(CLIENT);

        List<String> ids = jdbc.sql("select id from throttle_bucket where id like 'test-rows:%'").query(String.class).list();
        assertThat(ids).singleElement().asString().doesNotContain(CLIENT).doesNotContain("203.0.113")
                .isEqualTo("test-rows:" + pseudonyms.of("test-rows\n" + CLIENT));
    }

    @Test
    void rowsOfBucketsThatAreFullAgainAreDeletedByTheCleanUp() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "rows: runs with -Ppostgres");
        Throttle throttle = throttles.named("test-cleanup", 2, Duration.ofMinutes(10));
        for (int i = 0; i < 50; i++) {
            throttle.take("198.51.100." + i);
        }
        assertThat(rows("test-cleanup")).isEqualTo(50);
        // Bucket4j stamps the row by the system clock: full again 5 minutes after one of two was taken.
        long expiresAt = jdbc.sql("select max(expires_at) from throttle_bucket where id like 'test-cleanup:%'")
                .query(Long.class).single();
        assertThat(expiresAt - System.currentTimeMillis())
                .isBetween(Duration.ofMinutes(5).toMillis() - 30_000, Duration.ofMinutes(5).toMillis() + 1000);

        cleanup.deleteExpired();
        assertThat(rows("test-cleanup")).as("not yet full again").isEqualTo(50);

        // Six minutes later for 30 of them (the system clock cannot be moved; the stamps can).
        jdbc.sql("""
                update throttle_bucket set expires_at = expires_at - 360000
                where id in (select id from throttle_bucket where id like 'test-cleanup:%' order by id limit 30)""").update();
        // The job's ShedLock lock is held at least 30 s after the run above: its work is called directly.
        assertThat(throttles.deleteExpired()).isEqualTo(30);
        assertThat(rows("test-cleanup")).isEqualTo(20);
    }

    @Test
    void aNameMeansOneLimit() {
        throttles.named("test-one-limit", 2, Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> throttles.named("test-one-limit", 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> throttles.named("Not A Name", 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private long rows(String name) {
        return jdbc.sql("select count(*) from throttle_bucket where id like ?").param(name + ":%").query(Long.class).single();
    }
}
