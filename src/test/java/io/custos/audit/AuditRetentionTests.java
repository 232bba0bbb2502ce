package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-AUD-2: events stay at least their retention; afterwards they go to a signed archive, never silently. */
@IntegrationTest
class AuditRetentionTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired AuditSealer sealer;
    @Autowired AuditProperties properties;
    @Autowired JdbcClient jdbc;

    @Test
    void archivesOnlyEventsPastTheirRetentionToASignedFileAndTheChainStaysVerifiable() throws Exception {
        Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
        clock.advance(Duration.ofSeconds(61));
        sealer.sealNow();
        long attested = jdbc.sql("select max(event_seq) from audit_checkpoint where chain = ?")
                .param(properties.chain()).query(Long.class).single();

        String auditor = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false), clock.instant());
        mvc.perform(post("/api/v1/audit/archives").header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$").isEmpty());

        // Past the retention of every event in the shared database, whatever time earlier test classes recorded them at.
        java.time.Instant latest = jdbc.sql("select max(at) from audit_event").query(java.time.OffsetDateTime.class)
                .single().toInstant();
        clock.set((latest.isAfter(clock.instant()) ? latest : clock.instant()).plus(Duration.ofDays(3 * 366)));
        String later = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false), clock.instant());
        sealer.sealNow();
        List<?> archives = Api.JSON.readValue(mvc.perform(post("/api/v1/audit/archives")
                .header("Authorization", later)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(), List.class);
        assertThat(archives).hasSize(1);
        Map<?, ?> archived = (Map<?, ?>) archives.get(0);
        assertThat(archived.get("chain")).isEqualTo(properties.chain());
        long to = ((Number) archived.get("toSeq")).longValue();
        assertThat(to).isGreaterThanOrEqualTo(attested);
        assertThat(jdbc.sql("select count(*) from audit_event where chain = ? and seq <= ?")
                .params(properties.chain(), to).query(Long.class).single()).isZero();
        Path file = properties.archiveDirectory().resolve((String) archived.get("file"));
        assertThat(Files.readString(file)).contains("custos-audit-archive/v1", "identity.sign-in");

        Map<String, Object> verified = Api.body(mvc.perform(get("/api/v1/audit/verify").header("Authorization", later))
                .andExpect(status().isOk()).andReturn());
        assertThat(verified.get("valid")).as(verified.toString()).isEqualTo(true);
        assertThat((List<?>) verified.get("chains")).anySatisfy(chain -> {
            assertThat(((Map<?, ?>) chain).get("chain")).isEqualTo(properties.chain());
            assertThat(((Number) ((Map<?, ?>) chain).get("archivedThrough")).longValue()).isEqualTo(to);
        });

        byte[] original = Files.readAllBytes(file);
        byte[] changed = original.clone();
        int at = new String(original).indexOf("DENIED") >= 0 ? new String(original).indexOf("DENIED")
                : new String(original).indexOf("ALLOWED");
        changed[at] = 'X';
        Files.write(file, changed);
        try {
            mvc.perform(get("/api/v1/audit/verify").header("Authorization", later))
                    .andExpect(jsonPath("$.valid").value(false))
                    .andExpect(jsonPath("$.problems[0].kind").value("ARCHIVE_INVALID"));
        } finally {
            Files.write(file, original);
        }
        assertThat(jdbc.sql("select details from audit_event where action = 'audit.log.archived' and target_id = ?")
                .param(properties.chain()).query(String.class).single()).contains("\"toSeq\":" + to);
    }

    @Test
    void onlyAuditorsArchive() throws Exception {
        String security = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false), clock.instant());
        mvc.perform(post("/api/v1/audit/archives").header("Authorization", security)).andExpect(status().isForbidden());
    }

    @Test
    void aRetentionShorterThanSixMonthsIsRefused() {
        assertThatThrownBy(() -> new AuditProperties("node-1", Duration.ofMillis(500), 1000, Duration.ofSeconds(60),
                Path.of("x"), Period.ofMonths(5), Path.of("y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("six months");
        assertThat(new AuditProperties("node-1", Duration.ofMillis(500), 1000, Duration.ofSeconds(60), Path.of("x"),
                Period.ofMonths(6), Path.of("y")).retention()).isEqualTo(Period.ofMonths(6));
    }
}
