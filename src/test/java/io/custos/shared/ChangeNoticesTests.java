package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.customer.FieldCatalog;
import io.custos.support.IntegrationTest;
import io.custos.support.TestDatabaseInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.custos.support.Eventually;

/**
 * Issue 23, R-X-3: a change committed on one node reaches the short-lived copies of every other node
 * on the same PostgreSQL within a second, through {@code LISTEN/NOTIFY}. The application is node A;
 * each test builds a node B of its own (its own listener, caches and copies) on the same database.
 */
@IntegrationTest
class ChangeNoticesTests {

    /** How long a test waits at most; the bound (1 s) is asserted on the measured time. */
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChangeNoticesTests.class);

    @Autowired
    ChangeNotices notices;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcConnectionDetails connection;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;
    @Autowired
    CacheManager caches;
    @Autowired
    FieldCatalog fieldCatalog;
    @Autowired
    MeterRegistry meters;

    ChangeNotices nodeB;

    @AfterEach
    void stopNodeB() {
        if (nodeB != null) {
            nodeB.stop();
        }
    }

    @Test
    void aChangeCommittedOnOneNodeReloadsAnotherNodesCopyWithinASecond() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        String cache = "test-" + UUID.randomUUID();
        ShortLivedCopy<Integer> onA = new ShortLivedCopies(new CaffeineCacheManager(), clock, notices).of(cache, () -> 1);
        AtomicInteger loadsOnB = new AtomicInteger();
        ShortLivedCopy<Integer> onB = new ShortLivedCopies(new CaffeineCacheManager(), clock, startNodeB())
                .of(cache, loadsOnB::incrementAndGet);
        assertThat(onA.get()).isEqualTo(1);
        assertThat(onB.get()).isEqualTo(1);
        assertThat(onB.get()).as("B answers from its copy").isEqualTo(1);

        long start = System.nanoTime();
        new TransactionTemplate(transactions).executeWithoutResult(status -> onA.changed());
        assertThat(Eventually.holds(() -> onB.get() == 2)).as("B reloaded").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info("Node B's copy reloaded {} ms after node A's commit", took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(loadsOnB).hasValue(2);
    }

    @Test
    void aChangeThatRollsBackTellsNoOtherNode() throws InterruptedException {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        String cache = "test-" + UUID.randomUUID();
        ShortLivedCopy<Integer> onA = new ShortLivedCopies(new CaffeineCacheManager(), clock, notices).of(cache, () -> 1);
        AtomicInteger loadsOnB = new AtomicInteger();
        ShortLivedCopy<Integer> onB = new ShortLivedCopies(new CaffeineCacheManager(), clock, startNodeB())
                .of(cache, loadsOnB::incrementAndGet);
        onB.get();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            onA.changed();
            status.setRollbackOnly();
        });
        Thread.sleep(1_500);
        onB.get();
        assertThat(loadsOnB).as("nothing was heard of the rolled-back change").hasValue(1);

        new TransactionTemplate(transactions).executeWithoutResult(status -> onA.changed());
        assertThat(Eventually.holds(() -> {
            onB.get();
            return loadsOnB.get() == 2;
        })).as("while a committed one is").isTrue();
    }

    @Test
    void theApplicationDropsItsFieldCatalogWhenAnotherNodeChangesIt() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        ChangeNotices other = startNodeB();
        fieldCatalog.fields();
        org.springframework.cache.Cache catalog = caches.getCache("field-catalog");
        assertThat(catalog.get("whole")).as("the application's copy").isNotNull();
        double heard = meters.counter("custos.cluster.notices", "direction", "received").count();

        long start = System.nanoTime();
        other.publish("field-catalog");
        assertThat(Eventually.holds(() -> catalog.get("whole") == null)).as("the copy was dropped").isTrue();
        log.info("The application dropped its field catalog {} ms after another node's notice",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(meters.counter("custos.cluster.notices", "direction", "received").count()).isGreaterThan(heard);
        assertThat(fieldCatalog.fields()).isNotEmpty();
    }

    @Test
    void aNodeDoesNotDropItsCopiesForItsOwnNotices() throws InterruptedException {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        String cache = "test-" + UUID.randomUUID();
        AtomicInteger loads = new AtomicInteger();
        ShortLivedCopy<Integer> copy = new ShortLivedCopies(new CaffeineCacheManager(), clock, notices)
                .of(cache, loads::incrementAndGet);
        copy.get();
        notices.publish(cache);
        Thread.sleep(1_000);
        copy.get();
        assertThat(loads).hasValue(1);
    }

    @Test
    void aListenerWhoseConnectionIsKilledListensAgainAndDropsItsCopies() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        ChangeNotices b = startNodeB();
        SimpleMeterRegistry bMeters = (SimpleMeterRegistry) lastMeters;
        String cache = "test-" + UUID.randomUUID();
        AtomicInteger loadsOnB = new AtomicInteger();
        ShortLivedCopy<Integer> onB = new ShortLivedCopies(new CaffeineCacheManager(), clock, b)
                .of(cache, loadsOnB::incrementAndGet);
        onB.get();
        onB.get();
        assertThat(loadsOnB).hasValue(1);

        int killed = JdbcClient.create(dataSource)
                .sql("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?")
                .param(b.applicationName()).query(Integer.class).single();
        assertThat(killed).isOne();

        assertThat(Eventually.holds(() -> b.connections() == 2)).as("listening again").isTrue();
        assertThat(bMeters.counter("custos.cluster.notices.reconnects").count()).isEqualTo(1.0);
        onB.get();
        assertThat(loadsOnB).as("the copy was dropped: notices may have been missed").hasValue(2);
        ShortLivedCopy<Integer> onA = new ShortLivedCopies(new CaffeineCacheManager(), clock, notices).of(cache, () -> 1);
        onA.changed();
        assertThat(Eventually.holds(() -> {
            onB.get();
            return loadsOnB.get() == 3;
        })).as("and hears notices again").isTrue();
    }

    @Test
    void onH2NothingIsSentAndNoThreadListens() {
        assumeFalse(TestDatabaseInitializer.onPostgres(), "the embedded database");
        assertThat(notices.active()).isFalse();
        assertThat(notices.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("change-notices"));
        ShortLivedCopy<Integer> copy = new ShortLivedCopies(new CaffeineCacheManager(), clock, notices)
                .of("test-" + UUID.randomUUID(), () -> 1);
        new TransactionTemplate(transactions).executeWithoutResult(status -> copy.changed());
        assertThat(meters.counter("custos.cluster.notices", "direction", "sent").count()).isZero();
    }

    private MeterRegistry lastMeters;

    private ChangeNotices startNodeB() {
        lastMeters = new SimpleMeterRegistry();
        nodeB = new ChangeNotices(dataSource, connection.getJdbcUrl(), connection.getUsername(), connection.getPassword(),
                Duration.ofMillis(500), lastMeters);
        nodeB.start();
        assertThat(Eventually.holds(() -> nodeB.connections() == 1)).as("node B listens").isTrue();
        return nodeB;
    }
}
