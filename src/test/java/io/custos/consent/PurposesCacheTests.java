package io.custos.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;

/**
 * The purposes are read from a short-lived copy (every reveal asks for them): a change made here
 * applies at once, one made by another node within {@link io.custos.shared.ShortLivedCopy.REFRESH} (R-COL-2).
 */
@IntegrationTest
class PurposesCacheTests {

    @Autowired Purposes purposes;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;
    @Autowired TransactionTemplate transactions;

    @Test
    void aChangeOnThisNodeAppliesAtOnceAndOneFromAnotherNodeWithinTheRefresh() {
        Set<String> before = purposes.require(Set.of("AFTER_SALES")).get("AFTER_SALES").fields();
        Set<String> changed = new TreeSet<>(before);
        changed.add("wechatId");
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("security", "n/a", "ROLE_SECURITY_ADMIN"));
        try {
            transactions.executeWithoutResult(status -> purposes.setFields("AFTER_SALES", changed));
            assertThat(purposes.require(Set.of("AFTER_SALES")).get("AFTER_SALES").fields()).contains("wechatId");

            // Another node takes it back: this one answers from its copy until the refresh is due.
            jdbc.sql("delete from purpose_field where purpose = 'AFTER_SALES' and field_key = 'wechatId'").update();
            assertThat(purposes.all().stream().filter(p -> p.code().equals("AFTER_SALES")).findFirst().orElseThrow()
                    .fields()).contains("wechatId");
            clock.advance(io.custos.shared.ShortLivedCopy.REFRESH.plus(Duration.ofMillis(1)));
            assertThat(purposes.require(Set.of("AFTER_SALES")).get("AFTER_SALES").fields())
                    .doesNotContain("wechatId").isEqualTo(before);
        } finally {
            transactions.executeWithoutResult(status -> purposes.setFields("AFTER_SALES", before));
            SecurityContextHolder.clearContext();
        }
    }
}
