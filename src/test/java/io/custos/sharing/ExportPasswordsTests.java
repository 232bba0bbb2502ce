package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.keys.MasterKeyProvider;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;

/**
 * Issue 23 (R-X-3): a package's password waits for its step in the database, sealed, so the step may
 * reach another node than the download; it is handed out once, whichever node asks.
 */
@IntegrationTest
class ExportPasswordsTests {

    @Autowired ExportPasswords nodeA;
    @Autowired JdbcTemplate jdbcTemplate;
    @Autowired JdbcClient jdbc;
    @Autowired MasterKeyProvider master;
    @Autowired MutableClock clock;

    private final List<UUID> packages = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        packages.forEach(p -> jdbc.sql("delete from export_password_pending where package_id = ?").param(p).update());
        clock.reset();
    }

    private ExportPasswords nodeB() {
        return new ExportPasswords(jdbcTemplate, master, clock);
    }

    @Test
    void aPasswordHeldOnOneNodeIsTakenOnceOnAnother() {
        UUID pkg = pkg();
        UUID person = UUID.randomUUID();
        UUID download = UUID.randomUUID();
        String password = ExportPasswords.generate();
        nodeA.hold(pkg, person, download, password);

        Optional<ExportPasswords.Pending> taken = nodeB().take(pkg, person);
        assertThat(taken).isPresent();
        assertThat(taken.get().downloadId()).isEqualTo(download);
        assertThat(taken.get().password()).isEqualTo(password);
        assertThat(nodeB().take(pkg, person)).isEmpty();
        assertThat(nodeA.take(pkg, person)).isEmpty();
        assertThat(rows(pkg)).isZero();
    }

    @Test
    void thePasswordIsStoredOnlySealed() {
        UUID pkg = pkg();
        UUID person = UUID.randomUUID();
        String password = ExportPasswords.generate();
        nodeA.hold(pkg, person, UUID.randomUUID(), password);

        List<String> stored = jdbc.sql("select wrapped_key, password from export_password_pending where package_id = ?")
                .param(pkg).query((rs, n) -> rs.getString(1) + new String(rs.getBytes(2), StandardCharsets.ISO_8859_1)
                        + new String(rs.getBytes(2), StandardCharsets.UTF_8)).list();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).isNotEmpty().doesNotContain(password);
    }

    @Test
    void onlyThePersonAndPackageItBelongsToGetIt() {
        UUID pkg = pkg();
        UUID other = pkg();
        UUID person = UUID.randomUUID();
        nodeA.hold(pkg, person, UUID.randomUUID(), ExportPasswords.generate());

        assertThat(nodeB().take(pkg, UUID.randomUUID())).isEmpty();
        assertThat(nodeB().take(other, person)).isEmpty();
        assertThat(nodeB().take(pkg, person)).isPresent();
    }

    @Test
    void aRowMovedOntoAnotherPersonCannotBeOpened() {
        UUID pkg = pkg();
        UUID person = UUID.randomUUID();
        UUID thief = UUID.randomUUID();
        nodeA.hold(pkg, person, UUID.randomUUID(), ExportPasswords.generate());
        jdbc.sql("update export_password_pending set person_id = ? where package_id = ?").params(thief, pkg).update();

        assertThat(nodeB().take(pkg, thief)).isEmpty();
    }

    @Test
    void aLaterDownloadReplacesThePassword() {
        UUID pkg = pkg();
        UUID person = UUID.randomUUID();
        nodeA.hold(pkg, person, UUID.randomUUID(), ExportPasswords.generate());
        clock.advance(Duration.ofSeconds(5));
        UUID later = UUID.randomUUID();
        String password = ExportPasswords.generate();
        nodeB().hold(pkg, person, later, password);

        assertThat(rows(pkg)).isOne();
        ExportPasswords.Pending taken = nodeA.take(pkg, person).orElseThrow();
        assertThat(taken.downloadId()).isEqualTo(later);
        assertThat(taken.password()).isEqualTo(password);
        assertThat(nodeA.take(pkg, person)).isEmpty();
    }

    @Test
    void aPasswordExpiresAfterItsTtlAndTheSweepDeletesIt() {
        UUID pkg = pkg();
        UUID person = UUID.randomUUID();
        nodeA.hold(pkg, person, UUID.randomUUID(), ExportPasswords.generate());

        clock.advance(ExportPasswords.TTL.minusSeconds(1));
        nodeB().expire();
        assertThat(rows(pkg)).isOne();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nodeB().take(pkg, person)).isEmpty();
        nodeB().expire();
        assertThat(rows(pkg)).isZero();
    }

    @Test
    void ofTwoNodesTakingThePasswordAtOnceOnlyOneGetsIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                UUID pkg = pkg();
                UUID person = UUID.randomUUID();
                nodeA.hold(pkg, person, UUID.randomUUID(), ExportPasswords.generate());
                ExportPasswords a = nodeA;
                ExportPasswords b = nodeB();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Optional<ExportPasswords.Pending>> first = threads.submit(() -> {
                    together.await();
                    return a.take(pkg, person);
                });
                Future<Optional<ExportPasswords.Pending>> second = threads.submit(() -> {
                    together.await();
                    return b.take(pkg, person);
                });
                boolean one = first.get(60, TimeUnit.SECONDS).isPresent();
                boolean other = second.get(60, TimeUnit.SECONDS).isPresent();
                assertThat(one ^ other).as("exactly one node takes the password").isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private UUID pkg() {
        UUID pkg = UUID.randomUUID();
        packages.add(pkg);
        return pkg;
    }

    private int rows(UUID pkg) {
        return jdbc.sql("select count(*) from export_password_pending where package_id = ?").param(pkg)
                .query(Integer.class).single();
    }
}
