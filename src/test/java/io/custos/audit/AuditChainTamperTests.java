package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.custos.audit.AuditVerification.Kind;
import io.custos.audit.AuditVerification.Problem;
import io.custos.support.IntegrationTest;

/**
 * Each kind of tampering the issue names, done the way an attacker with database access would do
 * it (plain SQL on the table, an edited checkpoint file), is found and named with its place (R-AUD-2,
 * R-STO-2). Each test works on a chain of its own.
 */
@IntegrationTest
class AuditChainTamperTests {

    @Autowired
    ApplicationContext context;

    @TempDir
    Path directory;

    TestChain chain;

    @BeforeEach
    void sealedChainWithCheckpoints() {
        chain = new TestChain(context, directory, 10);
        chain.record(25);
        chain.seal();
        chain.checkpoint();
        assertThat(chain.problem()).isNull();
        assertThat(chain.summary().lastSeq()).isEqualTo(25);
        assertThat(chain.summary().checkpoints()).isEqualTo(3);
        assertThat(chain.summary().fileCheckpoints()).isEqualTo(3);
    }

    @AfterEach
    void removeTheTamperedChain() {
        chain.remove();
    }

    @Test
    void acceptsAnUntouchedChainAndKeepsGoingAfterMoreEvents() {
        chain.record(7);
        chain.seal();
        assertThat(chain.problem()).isNull();
        assertThat(chain.summary().events()).isEqualTo(32);
        assertThat(chain.summary().unsealed()).isZero();
    }

    @Test
    void detectsAChangedField() {
        sql("update audit_event set outcome = 'DENIED' where chain = ? and seq = 7");
        assertProblem(Kind.HASH_MISMATCH, 7L);
    }

    @Test
    void detectsAChangedFieldEvenWithItsHashRecomputed() {
        StoredEvent event = event(7);
        StoredEvent changed = new StoredEvent(event.eventId(), event.chain(), event.seq(), event.at(), event.category(),
                event.action(), "DENIED", event.actorType(), event.actorId(), event.actorName(), event.targetType(),
                event.targetId(), event.purpose(), event.clientAddress(), event.requestId(), event.details(),
                event.prevHash(), null);
        chain.jdbc.sql("update audit_event set outcome = 'DENIED', hash = ? where chain = ? and seq = 7")
                .params(EventHashing.hash(event.prevHash(), 7, changed), chain.name).update();
        assertProblem(Kind.HASH_MISMATCH, 8L);
    }

    @Test
    void detectsADeletedRow() {
        sql("delete from audit_event where chain = ? and seq = 12");
        assertProblem(Kind.GAP, 12L);
    }

    @Test
    void detectsASwappedPair() {
        sql("update audit_event set seq = -1 where chain = ? and seq = 4");
        sql("update audit_event set seq = 4 where chain = ? and seq = 5");
        sql("update audit_event set seq = 5 where chain = ? and seq = -1");
        assertProblem(Kind.HASH_MISMATCH, 4L);
    }

    @Test
    void detectsAnInsertedRow() {
        shiftFrom(16);
        insertCopyOf(3, 16, event(15).hash());
        assertProblem(Kind.HASH_MISMATCH, 17L);
    }

    @Test
    void detectsAnInsertedRowWhoseFollowersWereRelinked() {
        shiftFrom(16);
        insertCopyOf(3, 16, event(15).hash());
        relinkFrom(16);
        // The attacker can recompute SHA-256 but cannot sign: checkpoint 2 (seq 20) no longer matches.
        assertProblem(Kind.CHECKPOINT_MISMATCH, 20L);
    }

    @Test
    void detectsATruncatedTail() {
        sql("delete from audit_event where chain = ? and seq > 22");
        assertProblem(Kind.TRUNCATION, 23L);
    }

    @Test
    void detectsATruncatedCheckpointFile() throws IOException {
        List<String> lines = Files.readAllLines(chain.file);
        Files.write(chain.file, lines.subList(0, 2));
        Problem problem = chain.problem();
        assertThat(problem.kind()).isEqualTo(Kind.TRUNCATION);
        assertThat(problem.detail()).contains("checkpoint file ends at checkpoint 2");
    }

    @Test
    void detectsACheckpointFileCutOffMidLine() throws IOException {
        String content = Files.readString(chain.file);
        Files.writeString(chain.file, content.substring(0, content.length() - 20));
        assertThat(chain.problem().kind()).isEqualTo(Kind.CHECKPOINT_FILE_INVALID);
    }

    @Test
    void detectsAMissingCheckpointFile() throws IOException {
        Files.delete(chain.file);
        assertThat(chain.problem().kind()).isEqualTo(Kind.TRUNCATION);
    }

    @Test
    void detectsCheckpointsDeletedFromTheDatabaseTogetherWithTheTail() {
        sql("delete from audit_checkpoint where chain = ? and checkpoint_no = 3");
        sql("delete from audit_event where chain = ? and seq > 20");
        assertProblem(Kind.CHECKPOINT_MISSING, 25L);
    }

    @Test
    void detectsAForgedCheckpoint() {
        chain.jdbc.sql("update audit_checkpoint set event_hash = ? where chain = ? and checkpoint_no = 2")
                .params("0".repeat(64), chain.name).update();
        assertProblem(Kind.SIGNATURE_INVALID, 20L);
    }

    @Test
    void detectsARewrittenChainWithItsCheckpointsDeletedThroughTheFile() {
        sql("delete from audit_checkpoint where chain = ?");
        sql("update audit_event set action = 'customer.record.exported' where chain = ? and seq = 2");
        relinkFrom(2);
        Problem problem = chain.problem();
        assertThat(problem.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
    }

    private void assertProblem(Kind kind, Long seq) {
        Problem problem = chain.problem();
        assertThat(problem).as("verification must find the tampering").isNotNull();
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.seq()).isEqualTo(seq);
    }

    private void sql(String statement) {
        chain.jdbc.sql(statement).param(chain.name).update();
    }

    private StoredEvent event(long seq) {
        return chain.jdbc.sql("select " + AuditRepository.COLUMNS + " from audit_event where chain = ? and seq = ?")
                .params(chain.name, seq).query((rs, n) -> AuditRepository.map(rs)).single();
    }

    /** Moves events from {@code seq} on one place up, making room (two steps keep seq unique). */
    private void shiftFrom(long seq) {
        chain.jdbc.sql("update audit_event set seq = seq + 1000000 where chain = ? and seq >= ?")
                .params(chain.name, seq).update();
        chain.jdbc.sql("update audit_event set seq = seq - 999999 where chain = ? and seq >= 1000000")
                .param(chain.name).update();
    }

    private void insertCopyOf(long sourceSeq, long seq, String prevHash) {
        StoredEvent source = event(sourceSeq);
        StoredEvent copy = new StoredEvent(java.util.UUID.randomUUID(), chain.name, null, source.at(),
                source.category(), source.action(), source.outcome(), source.actorType(), source.actorId(),
                source.actorName(), source.targetType(), source.targetId(), source.purpose(), source.clientAddress(),
                source.requestId(), source.details(), null, null);
        String hash = EventHashing.hash(prevHash, seq, copy);
        // Without the tag key the attacker can only copy a tag, which covers another event.
        context.getBean(AuditRepository.class).insert(new AuditRepository.Tagged(copy.sealed(seq, prevHash, hash),
                "AZpP6m8bI7v3x0qcCVzTgq2d1Ew="));
    }

    /** What an attacker who knows the hash rule does after an edit: recompute every link after it. */
    private void relinkFrom(long seq) {
        String prev = event(seq - 1).hash();
        long last = chain.jdbc.sql("select max(seq) from audit_event where chain = ?").param(chain.name)
                .query(Long.class).single();
        for (long s = seq; s <= last; s++) {
            StoredEvent e = event(s);
            String hash = EventHashing.hash(prev, s, e);
            chain.jdbc.sql("update audit_event set prev_hash = ?, hash = ? where chain = ? and seq = ?")
                    .params(prev, hash, chain.name, s).update();
            prev = hash;
        }
    }
}
