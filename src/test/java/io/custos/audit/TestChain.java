package io.custos.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.SignatureVerifier;
import io.custos.keys.Signatures;
import io.custos.shared.Actor;
import io.custos.support.MutableClock;

/**
 * A chain of its own for one test, with its own writer, sealer, clock and checkpoint file, in the
 * shared test database: tests can tamper with it freely without disturbing each other.
 */
final class TestChain {

    final String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Path file;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    final AuditLog log;
    AuditSealer sealer;
    final EventTags tags;
    final AuditAlarm alarm;
    final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Signatures signatures;
    private final TransactionTemplate transaction;
    private final ApplicationContext context;
    private final AuditProperties properties;

    TestChain(ApplicationContext context, Path directory, int checkpointEvery) {
        this.file = directory.resolve(name + ".log");
        AuditProperties properties = new AuditProperties(name, Duration.ofMillis(500), checkpointEvery,
                Duration.ofSeconds(60), file, Period.ofYears(3), directory.resolve("archive"));
        AuditRepository repository = context.getBean(AuditRepository.class);
        PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.dataSource = context.getBean(DataSource.class);
        this.signatures = context.getBean(Signatures.class);
        this.transaction = new TransactionTemplate(transactions);
        this.context = context;
        this.properties = properties;
        this.tags = context.getBean(EventTags.class);
        this.log = new AuditLog(repository, tags, properties, clock);
        this.alarm = new AuditAlarm(log, context, transactions);
        this.sealer = new AuditSealer(jdbc, context.getBean(JdbcTemplate.class), repository, tags, log, alarm,
                signatures, properties, clock, transactions);
    }

    void record(int count) {
        for (int i = 0; i < count; i++) {
            AuditEvent event = event(i);
            transaction.executeWithoutResult(status -> log.record(event));
            clock.advance(Duration.ofMillis(3));
        }
    }

    static AuditEvent event(int i) {
        return AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                .actor(new Actor(Actor.ActorType.EMPLOYEE, UUID.randomUUID(), "test.user"))
                .target("customer", UUID.randomUUID())
                .purpose("SALES_FOLLOW_UP")
                .detail("fields", List.of("phone", "email"))
                .detail("n", i)
                .build();
    }

    /** The node stopped and started again: a new sealer over the same database and checkpoint file. */
    void restart() {
        alarm.clear();
        sealer = new AuditSealer(jdbc, context.getBean(JdbcTemplate.class), context.getBean(AuditRepository.class), tags,
                log, alarm, signatures, properties, clock, context.getBean(PlatformTransactionManager.class));
        sealer.start();
    }

    void seal() {
        sealer.sealNow();
    }

    /** Lets the checkpoint interval pass, so the next seal signs a checkpoint over everything sealed. */
    void checkpoint() {
        clock.advance(Duration.ofSeconds(61));
        sealer.sealNow();
    }

    /** Verification as the offline tool does it: chain, checkpoints and file, without the tag key. */
    AuditVerification verify() {
        return verify(Map.of(name, file));
    }

    AuditVerification verify(Map<String, Path> files) {
        return verify(files, false);
    }

    /** Verification as the application does it, checking each event's authentication tag as well. */
    AuditVerification verifyWithTags() {
        return verify(Map.of(name, file), true);
    }

    AuditVerification verify(Map<String, Path> files, boolean withTags) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            ChainVerifier verifier = new ChainVerifier(connection,
                    SignatureVerifier.of(signatures.publicKeyset(AuditProperties.SIGNING_KEY)), files, Map.of(),
                    file.getParent().resolve("archive"));
            AuditVerification result = (withTags ? verifier.checkingTags(tags::valid) : verifier)
                    .verify(Instant.now(), false);
            connection.rollback();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem verification finds in this chain, or null when it is intact. */
    AuditVerification.Problem problem() {
        return verify().problems().stream().filter(p -> p.chain().equals(name)).findFirst().orElse(null);
    }

    AuditVerification.Chain summary() {
        return verify().chains().stream().filter(c -> c.chain().equals(name)).findFirst().orElseThrow();
    }

    /** Removes the chain, so that verification of the whole shared test database sees only intact chains. */
    void remove() {
        for (String table : new String[] {"audit_event", "audit_checkpoint", "audit_archive", "audit_chain",
                "audit_rejected_event"}) {
            jdbc.sql("delete from " + table + " where chain = ?").param(name).update();
        }
    }

    long count() {
        return jdbc.sql("select count(*) from audit_event where chain = ?").param(name).query(Long.class).single();
    }
}
