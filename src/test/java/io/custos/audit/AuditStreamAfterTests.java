package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.audit.AuditStream.StreamEvent;
import io.custos.support.ScratchDatabase;

/**
 * {@link AuditStream#after} reads the next events of a chain as a seq range (issue 21.3 benchmark:
 * the open "first n after" query sorted the whole backlog on PostgreSQL) and still answers what the
 * open query would when the chain has gaps. A scratch table of its own, on the suite's engine, so the
 * gaps made here never reach the shared audit log.
 */
class AuditStreamAfterTests {

    private ScratchDatabase database;
    private JdbcClient jdbc;
    private AuditStream stream;

    @BeforeEach
    void table() {
        database = ScratchDatabase.create();
        jdbc = JdbcClient.create(database.dataSource());
        jdbc.sql("""
                create table audit_event (id bigint primary key, chain varchar(64) not null, seq bigint,
                at timestamp(6) with time zone not null, action varchar(80) not null, outcome varchar(16) not null,
                actor_type varchar(16) not null, actor_id uuid, target_type varchar(40), target_id varchar(64),
                client_address varchar(64), details varchar(4000) not null, constraint uk_chain_seq unique (chain, seq))""")
                .update();
        stream = new AuditStream(jdbc, database.dataSource());
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void readsTheNextEventsOfTheChainInSeqOrder() {
        insert("a", LongStream.rangeClosed(1, 12).toArray());
        insert("b", 1, 2, 3);
        // Recorded but not sealed yet: never streamed.
        unsealed("a");

        assertThat(seqs(stream.after("a", 0, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(stream.after("a", 5, 5))).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(seqs(stream.after("a", 10, 5))).containsExactly(11L, 12L);
        assertThat(stream.after("a", 12, 5)).isEmpty();
        assertThat(stream.after("a", 3, 5)).allMatch(e -> e.chain().equals("a"));
    }

    @Test
    void aGapBeyondTheRangeIsReadLikeTheOpenQuery() {
        // Events 4 to 11 gone from the table before they were read: the range 1..5 comes back short.
        insert("a", 1, 2, 3, 12, 13, 14, 15);

        assertThat(seqs(stream.after("a", 0, 5))).containsExactly(1L, 2L, 3L, 12L, 13L);
        assertThat(seqs(stream.after("a", 3, 5))).containsExactly(12L, 13L, 14L, 15L);
        assertThat(seqs(stream.after("a", 13, 5))).containsExactly(14L, 15L);
    }

    private long id;

    private void unsealed(String chain) {
        row(chain, null);
    }

    private void insert(String chain, long... seqs) {
        for (long seq : seqs) {
            row(chain, seq);
        }
    }

    private void row(String chain, @Nullable Long seq) {
        jdbc.sql("insert into audit_event (id, chain, seq, at, action, outcome, actor_type, details) "
                + "values (?, ?, ?, ?, 'customer.record.viewed', 'ALLOWED', 'SYSTEM', '{}')")
                .params(++id, chain, seq, OffsetDateTime.now(ZoneOffset.UTC)).update();
    }

    private static List<Long> seqs(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::seq).toList();
    }
}
