package io.custos.retention;

import static io.custos.retention.RetentionFixture.call;
import static io.custos.retention.RetentionFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.customer.CustomerErasure;
import io.custos.customer.DestructionJournal;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 17: the destruction journal keeps destroyed customers destroyed however the database comes
 * back. An erasure is journaled after its commit only; a backup restored from before a destruction
 * brings the customer back alive, and the replay destroys it again (facts kept, key gone, events
 * recorded, even under a hold placed since); reconciliation writes what a failed write left out, once;
 * a damaged line does not stop the good ones; a second replay does nothing.
 */
@IntegrationTest
class DestructionJournalTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired CustomerErasure erasure;
    @Autowired DestructionJournal journal;
    @Autowired DestructionReplay replay;
    @Autowired ReplayAtStart atStart;

    @TempDir
    Path directory;

    TestAccounts.Account owner;
    TestAccounts.Account head;
    TestAccounts.Account admin;
    String ownerToken;

    @BeforeEach
    void people() throws Exception {
        UUID department = accounts.department("J" + UUID.randomUUID().toString().substring(0, 6));
        owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        head = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE, Role.DEPT_HEAD);
        admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @Test
    void anErasureIsJournaledAfterItsCommitAndARolledBackOneNotAtAll() throws Exception {
        UUID kept = RetentionFixture.customer(mvc, ownerToken, unique("Rolled back"));
        UUID gone = RetentionFixture.customer(mvc, ownerToken, unique("Committed"));
        UUID batch = UUID.randomUUID();

        tx.executeWithoutResult(status -> {
            assertThat(erasure.erase(List.of(kept), UUID.randomUUID())).containsExactly(kept);
            status.setRollbackOnly();
        });
        assertThat(erasure.isDestroyed(kept)).isFalse();
        assertThat(journaled()).doesNotContainKey(kept);

        tx.executeWithoutResult(status -> {
            erasure.erase(List.of(gone), batch);
            assertThat(journaled()).as("not before the commit").doesNotContainKey(gone);
        });
        assertThat(journaled()).containsEntry(gone, batch);
        assertThat(Files.readString(journal.file())).as("ids only").doesNotContain("Committed",
                RetentionFixture.PHONE);
    }

    @Test
    void aCustomerBroughtBackByAnOldBackupIsDestroyedAgainByTheReplayOnce() throws Exception {
        String name = unique("Resurrected");
        UUID customer = RetentionFixture.customer(mvc, ownerToken, name);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        RetentionFixture.dates(jdbc, customer, today.minusYears(4), today.minusYears(4));
        Backup backup = Backup.of(jdbc, customer);
        assertThat(backup.values).isNotEmpty();

        UUID batch = destroyThroughABatch(customer);
        assertThat(journaled()).containsEntry(customer, batch);
        assertThat(keptFacts(name)).isEqualTo(1);

        // The database comes back from a backup taken before the destruction: the customer alive, its
        // wrapped key and values back, on the due list, and the facts the destruction kept not there yet.
        backup.restore(jdbc);
        forgetFacts(name);
        jdbc.sql("insert into retention_due (customer_id, sweep_id, rule_code, basis_on, due_on, owner_id) "
                + "values (?, ?, 'R', ?, ?, ?)").params(customer, UUID.randomUUID(), java.sql.Date.valueOf(today),
                java.sql.Date.valueOf(today), owner.id()).update();
        assertThat(erasure.isDestroyed(customer)).isFalse();
        assertThat(status(call(mvc, get("/api/v1/customers/" + customer), ownerToken, null))).isEqualTo(200);
        long eventsBefore = count("select count(*) from audit_event where action = 'customer.destroyed' "
                + "and target_id = ?", customer.toString());

        ReplayResult result = replay.replay(List.of(journal.file()));

        assertThat(result.replayed()).isEqualTo(1);
        assertThat(result.complete()).isTrue();
        assertThat(result.customers()).isGreaterThanOrEqualTo(1);
        assertThat(erasure.isDestroyed(customer)).isTrue();
        assertThat(count("select count(*) from data_key where owner_id = ? and wrapped_keyset is null "
                + "and destroyed_at is not null", customer)).as("its data key destroyed again").isOne();
        assertThat(count("select count(*) from customer_value where customer_id = ?", customer)).isZero();
        assertThat(count("select count(*) from retention_due where customer_id = ?", customer)).isZero();
        assertThat(keptFacts(name)).as("the legal minimum kept as the batch kept it").isEqualTo(1);
        assertThat(status(call(mvc, get("/api/v1/customers/" + customer), ownerToken, null))).isEqualTo(404);
        Map<String, Object> destroyed = jdbc.sql("select actor_name, details from audit_event where action = "
                + "'customer.destroyed' and target_id = ? order by id desc").param(customer.toString()).query()
                .listOfRows().get(0);
        assertThat(count("select count(*) from audit_event where action = 'customer.destroyed' and target_id = ?",
                customer.toString())).isEqualTo(eventsBefore + 1);
        assertThat(destroyed.get("actor_name")).isEqualTo("system:destruction-replay");
        assertThat((String) destroyed.get("details")).contains(batch.toString());
        assertThat(lastSummary()).containsEntry("outcome", "ALLOWED").containsEntry("actor_name",
                "system:destruction-replay");
        assertThat((String) lastSummary().get("details")).contains("\"replayed\":1", "\"journalFiles\":1",
                "\"damagedLines\":0");

        ReplayResult again = replay.replay(List.of(journal.file()));
        assertThat(again.replayed()).as("idempotent").isZero();
        assertThat(keptFacts(name)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'customer.destroyed' and target_id = ?",
                customer.toString())).isEqualTo(eventsBefore + 1);
    }

    @Test
    void aHoldFoundAfterTheRestoreDoesNotStopTheReplay() throws Exception {
        UUID customer = RetentionFixture.customer(mvc, ownerToken, unique("Held after restore"));
        Backup backup = Backup.of(jdbc, customer);
        UUID batch = UUID.randomUUID();
        tx.executeWithoutResult(status -> erasure.erase(List.of(customer), batch));
        backup.restore(jdbc);
        assertThat(status(call(mvc, post("/api/v1/customers/" + customer + "/holds"), Api.token(mvc, admin,
                clock.instant()), Map.of("kind", "CLAIM", "reason", "A claim about a shipment arrived.")))).isEqualTo(201);

        ReplayResult result = replay.replay(List.of(journal.file()));

        assertThat(result.replayed()).isEqualTo(1);
        assertThat(erasure.isDestroyed(customer)).isTrue();
        assertThat(count("select count(*) from customer_value where customer_id = ?", customer)).isZero();
    }

    @Test
    void reconciliationWritesWhatAFailedWriteLeftOutAndNeverTwice() throws Exception {
        UUID customer = RetentionFixture.customer(mvc, ownerToken, unique("Unjournaled"));
        Path file = journal.file();
        Path aside = file.resolveSibling("aside-" + UUID.randomUUID() + ".log");
        boolean existed = Files.exists(file);
        if (existed) {
            Files.move(file, aside);
        }
        // A directory where the journal should be: every write fails, as on a full or lost disk.
        Files.createDirectories(file);
        try {
            tx.executeWithoutResult(status -> erasure.erase(List.of(customer), UUID.randomUUID()));
            assertThat(erasure.isDestroyed(customer)).as("the destruction stands").isTrue();
            assertThat(journal.behind()).isTrue();
        } finally {
            Files.delete(file);
            if (existed) {
                Files.move(aside, file);
            }
        }
        assertThat(journaled()).doesNotContainKey(customer);

        DestructionJournal.Reconciliation first = journal.reconcile();

        assertThat(journaled()).containsEntry(customer, DestructionJournal.RECONCILED);
        assertThat(first.destroyed()).isGreaterThanOrEqualTo(1);
        assertThat(journal.behind()).isFalse();
        DestructionJournal.Reconciliation second = journal.reconcile();
        assertThat(second.appended()).isZero();
        assertThat(second.destroyed()).isEqualTo(first.destroyed());
        assertThat(timesNamed(customer)).as("appended once, not again").isOne();
    }

    @Test
    void aDamagedLineIsReportedAndTheGoodLinesAroundItAreStillReplayed() throws Exception {
        UUID first = RetentionFixture.customer(mvc, ownerToken, unique("Line one"));
        UUID third = RetentionFixture.customer(mvc, ownerToken, unique("Line three"));
        UUID torn = RetentionFixture.customer(mvc, ownerToken, unique("Torn"));
        UUID batch = UUID.randomUUID();
        Path otherNode = directory.resolve("node-2.log");
        Files.writeString(otherNode, line(batch, first) + "\n" + "{\"at\":\"2026-03-01T0" + "\n" + line(batch, third)
                + "\n" + line(batch, torn).substring(0, 70), StandardCharsets.US_ASCII);

        ReplayResult result = replay.replay(List.of(otherNode, directory.resolve("missing.log")));

        assertThat(erasure.isDestroyed(first)).isTrue();
        assertThat(erasure.isDestroyed(third)).isTrue();
        assertThat(erasure.isDestroyed(torn)).as("a torn last line is passed over").isFalse();
        assertThat(result.journalLines()).isEqualTo(2);
        assertThat(result.replayed()).isEqualTo(2);
        assertThat(result.damagedLines()).isOne();
        assertThat(result.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(otherNode);
            assertThat(d.line()).isEqualTo(2);
        });
        assertThat(result.unreadable()).containsExactly(directory.resolve("missing.log"));
        assertThat(result.complete()).isFalse();
        Map<String, Object> summary = lastSummary();
        assertThat(summary).containsEntry("outcome", "FAILED");
        assertThat((String) summary.get("details")).contains("\"damagedLines\":1", "\"unreadableFiles\":1",
                "\"replayed\":2", "\"journalLines\":2");

        ReplayResult again = replay.replay(List.of(otherNode));
        assertThat(again.replayed()).isZero();
        assertThat(again.journalLines()).isEqualTo(2);
    }

    @Test
    void theStartReplaysThisNodesJournalAndAJournalThatCannotBeReadStopsIt() throws Exception {
        UUID customer = RetentionFixture.customer(mvc, ownerToken, unique("Back at start"));
        Backup backup = Backup.of(jdbc, customer);
        tx.executeWithoutResult(status -> erasure.erase(List.of(customer), UUID.randomUUID()));
        backup.restore(jdbc);

        atStart.start();

        assertThat(erasure.isDestroyed(customer)).isTrue();
        assertThat(journal.behind()).isFalse();

        Path file = journal.file();
        Path aside = file.resolveSibling("aside-" + UUID.randomUUID() + ".log");
        Files.move(file, aside);
        Files.createDirectories(file);
        try {
            assertThatThrownBy(atStart::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString());
        } finally {
            Files.delete(file);
            Files.move(aside, file);
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A journal line written by hand, as another node or an older copy would hold it. */
    String line(UUID batch, UUID customer) {
        return "{\"at\":\"" + clock.instant().truncatedTo(ChronoUnit.MICROS) + "\",\"batch\":\"" + batch
                + "\",\"customers\":[\"" + customer + "\"]}";
    }

    /** Each customer this node's journal names, with the batch of the first line naming it. */
    Map<UUID, UUID> journaled() {
        Map<UUID, UUID> named = new HashMap<>();
        if (!Files.isRegularFile(journal.file())) {
            return named;
        }
        try {
            journal.read(journal.file(), entry -> entry.customers().forEach(id -> named.putIfAbsent(id, entry.batch())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return named;
    }

    long timesNamed(UUID customer) throws IOException {
        long[] times = {0};
        journal.read(journal.file(), entry -> times[0] += entry.customers().stream().filter(customer::equals).count());
        return times[0];
    }

    UUID destroyThroughABatch(UUID customer) throws Exception {
        String id = (String) Api.body(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(customer), "reason", "Past the retention period."))).get("id");
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/approvals"), Api.token(mvc, head,
                clock.instant()), Map.of("decision", "APPROVE")))).isEqualTo(200);
        String adminToken = Api.token(mvc, admin, clock.instant());
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/approvals"), adminToken,
                Map.of("decision", "APPROVE")))).isEqualTo(200);
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), adminToken, null)))
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "DONE".equals(
                jdbc.sql("select status from destruction_batch where id = ?").param(UUID.fromString(id))
                        .query(String.class).single()));
        return UUID.fromString(id);
    }

    long keptFacts(String companyName) {
        return count("select count(*) from retained_fact_value where field_key = 'companyName' and field_value = ?",
                companyName);
    }

    void forgetFacts(String companyName) {
        for (UUID record : jdbc.sql("select record_id from retained_fact_value where field_key = 'companyName' "
                + "and field_value = ?").param(companyName).query(UUID.class).list()) {
            jdbc.sql("delete from retained_fact_value where record_id = ?").param(record).update();
            jdbc.sql("delete from retained_fact_record where id = ?").param(record).update();
        }
    }

    Map<String, Object> lastSummary() {
        return jdbc.sql("select outcome, actor_name, details from audit_event where action = "
                + "'retention.destruction.replayed' order by id desc").query().listOfRows().get(0);
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /**
     * The rows a backup taken now would hold of one customer, put back the way a restore of that
     * backup puts them: the customer row as it was, its wrapped data key and its values.
     */
    record Backup(UUID customer, Map<String, Object> row, Map<String, Object> key, List<Map<String, Object>> values) {

        static Backup of(JdbcClient jdbc, UUID customer) {
            return new Backup(customer, jdbc.sql("select * from customer where id = ?").param(customer).query().singleRow(),
                    jdbc.sql("select * from data_key where owner_id = ?").param(customer).query().singleRow(),
                    jdbc.sql("select * from customer_value where customer_id = ?").param(customer).query().listOfRows());
        }

        void restore(JdbcClient jdbc) {
            jdbc.sql("update customer set destroyed_at = null, updated_at = ?, version = ?, last_contact_on = ?, "
                    + "last_transaction_on = ? where id = ?").params(row.get("updated_at"), row.get("version"),
                    row.get("last_contact_on"), row.get("last_transaction_on"), customer).update();
            jdbc.sql("delete from data_key where owner_id = ?").param(customer).update();
            insert(jdbc, "data_key", key);
            jdbc.sql("delete from customer_value where customer_id = ?").param(customer).update();
            values.forEach(value -> insert(jdbc, "customer_value", value));
        }

        private static void insert(JdbcClient jdbc, String table, Map<String, Object> row) {
            List<String> columns = new ArrayList<>(row.keySet());
            jdbc.sql("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")")
                    .params(columns.stream().map(row::get).toList()).update();
        }
    }
}
