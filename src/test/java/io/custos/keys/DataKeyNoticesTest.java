package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.custos.shared.ChangeNotices;
import io.custos.support.TestDatabaseInitializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.custos.support.Eventually;

/**
 * Issue 23, R-X-3 (with R-DEL-3): a customer's data key destroyed on node A stops decrypting on
 * node B within a second, through a change notice, long before B's destruction poll would run.
 */
class DataKeyNoticesTest {

    private static final String PHONE = "+86 138 0013 8000";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataKeyNoticesTest.class);

    @TempDir
    Path keyDirectory;
    KeysFixture keys;
    final List<ChangeNotices> nodes = new ArrayList<>();
    DataKeys nodeA;
    DataKeys nodeB;

    @BeforeEach
    void twoNodes() {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "LISTEN/NOTIFY: runs with -Ppostgres");
        keys = new KeysFixture(keyDirectory, 100);
        nodeA = node();
        nodeB = node();
    }

    @AfterEach
    void stop() {
        nodes.forEach(ChangeNotices::stop);
        if (keys != null) {
            keys.close();
        }
    }

    @Test
    void aKeyDestroyedOnOneNodeStopsDecryptingOnAnotherWithinASecond() {
        UUID owner = UUID.randomUUID();
        UUID spared = UUID.randomUUID();
        nodeA.create(owner);
        nodeA.create(spared);
        String phone = nodeA.encrypt(owner, "phone", PHONE);
        String sparedPhone = nodeA.encrypt(spared, "phone", PHONE);
        assertThat(nodeB.decrypt(owner, "phone", phone)).as("B holds the key").isEqualTo(PHONE);
        assertThat(nodeB.decrypt(spared, "phone", sparedPhone)).isEqualTo(PHONE);

        long start = System.nanoTime();
        new TransactionTemplate(keys.database.transactions()).executeWithoutResult(status -> nodeA.destroy(owner));
        assertThat(Eventually.holds(() -> stopsDecrypting(nodeB, owner, phone))).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info("Node B stopped decrypting {} ms after node A's commit", took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThatThrownBy(() -> nodeB.decrypt(owner, "phone", phone)).isInstanceOf(DataKeyDestroyedException.class);
        assertThat(nodeB.decrypt(spared, "phone", sparedPhone)).isEqualTo(PHONE);
    }

    @Test
    void aDestructionBatchReachesAnotherNodeAndARolledBackOneDoesNot() throws InterruptedException {
        List<UUID> owners = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            UUID owner = UUID.randomUUID();
            owners.add(owner);
        }
        nodeA.createAll(owners);
        for (UUID owner : owners) {
            String phone = nodeA.encrypt(owner, "phone", PHONE);
            phones.add(phone);
            assertThat(nodeB.decrypt(owner, "phone", phone)).isEqualTo(PHONE);
        }

        new TransactionTemplate(keys.database.transactions()).executeWithoutResult(status -> {
            nodeA.destroyAll(owners);
            status.setRollbackOnly();
        });
        Thread.sleep(1_500);
        assertThat(nodeB.decrypt(owners.get(0), "phone", phones.get(0))).as("nothing was destroyed").isEqualTo(PHONE);

        long start = System.nanoTime();
        new TransactionTemplate(keys.database.transactions()).executeWithoutResult(status -> nodeA.destroyAll(owners));
        // 300 owners do not fit one notice: the last owner is in the last one.
        assertThat(Eventually.holds(() -> stopsDecrypting(nodeB, owners.get(299), phones.get(299)))).isTrue();
        log.info("Node B stopped decrypting a batch of 300 {} ms after node A's commit",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        for (int i = 0; i < owners.size(); i++) {
            assertThat(stopsDecrypting(nodeB, owners.get(i), phones.get(i))).as("owner %d", i).isTrue();
        }
    }

    @Test
    void aNodeThatLostItsListeningConnectionForgetsItsLiveKeysButNotItsTombstones() {
        UUID owner = UUID.randomUUID();
        UUID destroyed = UUID.randomUUID();
        nodeA.create(owner);
        nodeA.create(destroyed);
        String phone = nodeA.encrypt(owner, "phone", PHONE);
        nodeB.decrypt(owner, "phone", phone);
        nodeB.destroy(destroyed);
        assertThat(nodeB.cachedEntries()).isEqualTo(2);
        ChangeNotices listenerOfB = nodes.get(1);

        int killed = keys.database.jdbc()
                .sql("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?")
                .param(listenerOfB.applicationName()).query(Integer.class).single();
        assertThat(killed).isOne();

        assertThat(Eventually.holds(() -> listenerOfB.connections() == 2)).as("listening again").isTrue();
        assertThat(Eventually.holds(() -> nodeB.cachedEntries() == 1)).as("destructions may have been missed").isTrue();
        assertThat(nodeB.isDestroyed(destroyed)).isTrue();
        assertThat(nodeB.decrypt(owner, "phone", phone)).as("read again from the database").isEqualTo(PHONE);
    }

    private DataKeys node() {
        HikariDataSource pool = (HikariDataSource) keys.database.dataSource();
        ChangeNotices notices = new ChangeNotices(pool, pool.getJdbcUrl(), pool.getUsername(), pool.getPassword(),
                Duration.ofMillis(500), new SimpleMeterRegistry());
        nodes.add(notices);
        notices.start();
        assertThat(Eventually.holds(() -> notices.connections() == 1)).as("listening").isTrue();
        return new DataKeys(keys.database.jdbc(), new JdbcTemplate(pool), keys.master, keys.clock, keys.events::add,
                KeysFixture.properties(keyDirectory, 100), notices);
    }

    private static boolean stopsDecrypting(DataKeys node, UUID owner, String ciphertext) {
        try {
            node.decrypt(owner, "phone", ciphertext);
            return false;
        } catch (DataKeyDestroyedException destroyed) {
            return true;
        }
    }
}
