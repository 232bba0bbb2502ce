package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.custos.support.IntegrationTest;

/**
 * Issue 21.6 in the demo company: alerts already raised from the demo's history — huang.li's use of
 * her customers while on notice, liu.yang's refusals, zhang.wei's emergency access (triaged by
 * zhao.lei) — seeded once however often the demo starts.
 */
@IntegrationTest
@ActiveProfiles("demo")
class DemoMonitoringTests {

    @Autowired JdbcClient jdbc;
    @Autowired DemoMonitoring demo;

    @Test
    void theDemoHistoryHasRaisedAlertsOnce() throws Exception {
        Map<String, String> raised = alerts();
        assertThat(raised).containsEntry("ON_NOTICE_ACCESS/huang.li", "OPEN")
                .containsEntry("REPEATED_REFUSALS/liu.yang", "OPEN")
                .containsEntry("BREAK_GLASS/zhang.wei", "FALSE_POSITIVE");
        ApplicationArguments none = new DefaultApplicationArguments();
        demo.run(none);
        assertThat(alerts()).isEqualTo(raised);
    }

    private Map<String, String> alerts() {
        List<String[]> rows = jdbc.sql("""
                select a.rule_kind, e.username, a.status from monitoring_alert a join employee e on e.id = a.subject_id
                """).query((rs, n) -> new String[] {rs.getString(1) + "/" + rs.getString(2), rs.getString(3)}).list();
        Map<String, String> byKey = new java.util.TreeMap<>();
        rows.forEach(r -> byKey.merge(r[0], r[1], (a, b) -> a + "," + b));
        return byKey;
    }
}
