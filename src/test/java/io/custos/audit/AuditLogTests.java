package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** The log's write path: atomic with the change, fail closed, gap-free under concurrency (R-AUD-1, R-AUD-3). */
@IntegrationTest
class AuditLogTests {

    @Autowired ApplicationContext context;
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transaction;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    @TempDir Path directory;

    @Test
    void aFailingBusinessTransactionLeavesNoEvent() {
        String action = "test.rolled-back." + suffix();
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            audit.record(AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).build());
            throw new IllegalStateException("the business step fails after the event was written");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(count(action)).isZero();
    }

    @Test
    void anEventThatCannotBeStoredRollsTheChangeBackAndAnswers503() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(),
                false);
        String bearer = Api.token(mvc, admin, clock.instant());
        String code = "X" + suffix();
        blockNewEvents();
        try {
            mvc.perform(post("/api/v1/departments").header("Authorization", bearer)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("code", code, "nameZh", "审计失败部", "nameEn", "Unaudited"))))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.code").value("audit-unavailable"));
        } finally {
            unblock();
        }
        assertThat(jdbc.sql("select count(*) from department where code = ?").param(code).query(Long.class).single())
                .isZero();
    }

    @Test
    void aReadWhoseEventCannotBeStoredReturnsNothing() throws Exception {
        TestAccounts.Account auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false);
        String bearer = Api.token(mvc, auditor, clock.instant());
        blockNewEvents();
        try {
            String body = mvc.perform(get("/api/v1/audit/verify").header("Authorization", bearer))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.code").value("audit-unavailable"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(body).doesNotContain("chains", "valid\":");
        } finally {
            unblock();
        }
        mvc.perform(get("/api/v1/audit/verify").header("Authorization", bearer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true));
    }

    @Test
    void aBatchIsStoredWholeOrRefusedWhole() {
        String first = suffix();
        String second = suffix();
        List<AuditEvent> batch = List.of(
                AuditEvent.of(AuditCategory.DATA, "test.batch", AuditOutcome.ALLOWED).target("test", first).build(),
                AuditEvent.of(AuditCategory.DATA, "test.batch", AuditOutcome.ALLOWED).target("test", second).build());
        assertThatThrownBy(() -> audit.recordAll(batch)).isInstanceOf(IllegalTransactionStateException.class);
        blockNewEvents();
        try {
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> audit.recordAll(batch)))
                    .isInstanceOf(AuditUnavailableException.class);
        } finally {
            unblock();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where target_id in (?, ?)").params(first, second)
                .query(Long.class).single()).isZero();
        transaction.executeWithoutResult(status -> audit.recordAll(batch));
        assertThat(jdbc.sql("select target_id from audit_event where target_id in (?, ?) order by id")
                .params(first, second).query(String.class).list()).containsExactly(first, second);
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> audit.record(AuditEvent.of(AuditCategory.DATA, "test.no.transaction",
                AuditOutcome.ALLOWED).build())).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void manyConcurrentWritersGiveOneGapFreeValidChain() throws Exception {
        TestChain chain = new TestChain(context, directory, 1000);
        int writers = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> sealer = pool.submit(() -> {
                while (writing.get()) {
                    chain.seal();
                }
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> chain.record(each)));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            sealer.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        chain.seal();
        List<Long> seqs = jdbc.sql("select seq from audit_event where chain = ? order by seq").param(chain.name)
                .query(Long.class).list();
        assertThat(seqs).hasSize(writers * each);
        assertThat(seqs.get(0)).isEqualTo(1L);
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo((long) writers * each);
        assertThat(chain.problem()).isNull();
        assertThat(chain.summary().checkpoints()).isEqualTo(2);
        chain.remove();
    }

    @Test
    void theRunningSealerLinksNewEventsByItself() throws Exception {
        String action = "test.sealed-by-the-scheduler." + suffix();
        transaction.executeWithoutResult(status -> audit.record(AuditEvent.of(AuditCategory.DATA, action,
                AuditOutcome.ALLOWED).build()));
        org.awaitility.Awaitility.await("sealed by the scheduled sealer").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> jdbc.sql("select seq from audit_event where action = ?").param(action).query(Long.class)
                        .optional(), java.util.Optional::isPresent);
    }

    static Stream<Object> valuesThatAreNotIdsOrCodes() {
        return Stream.of("13812345678", "+86 138 1234 5678", "zhang.wei@example.com", "张伟", "has space",
                "Test#Pass2026", 13812345678L, List.of("phone", "13812345678"), 1.5d,
                new StringBuilder("phone"));
    }

    @ParameterizedTest
    @MethodSource("valuesThatAreNotIdsOrCodes")
    void refusesDetailValuesThatAreNotIdsCodesOrCounts(Object value) {
        assertThatThrownBy(() -> AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                .detail("value", value).build()).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(String.valueOf(value));
    }

    @Test
    void refusesFreeTextAsTargetOrPurpose() {
        assertThatThrownBy(() -> AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                .target("customer", "13812345678")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                .purpose("call about 张伟's order").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.of(AuditCategory.DATA, "Customer Viewed", AuditOutcome.ALLOWED).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsIdsCodesFieldNamesCountsAndFlags() {
        AuditEvent event = AuditEvent.of(AuditCategory.DATA, "customer.fields.revealed", AuditOutcome.ALLOWED)
                .target("customer", UUID.randomUUID()).purpose("SALES_FOLLOW_UP")
                .detail("fields", List.of("phone", "email")).detail("count", 2).detail("flagged", true)
                .detail("role", Role.EMPLOYEE).build();
        assertThat(event.details()).containsKeys("fields", "count", "flagged", "role");
    }

    private long count(String action) {
        return jdbc.sql("select count(*) from audit_event where action = ?").param(action).query(Long.class).single();
    }

    /** Makes the database refuse every new event, the way a full disk or a lost connection would. */
    private void blockNewEvents() {
        long last = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        jdbc.sql("alter table audit_event add constraint test_block check (id <= " + last + ")").update();
    }

    private void unblock() {
        jdbc.sql("alter table audit_event drop constraint test_block").update();
    }

    private static String suffix() {
        return "x" + UUID.randomUUID().toString().substring(0, 8);
    }
}
