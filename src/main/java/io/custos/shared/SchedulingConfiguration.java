package io.custos.shared;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.support.Utils;

/**
 * Background jobs ({@code @Scheduled}) of every module: the audit sealer first among them.
 * <p>
 * Several nodes may share one database (issue 23, R-X-3). A job that acts on shared data carries
 * {@code @SchedulerLock}: the node that takes its row in {@code shedlock} runs it, the others skip
 * that run. The rows are timed by the database's clock, so nodes whose clocks differ still agree on
 * when a lock runs out. Jobs that keep to a node's own state run everywhere; {@code ScheduledJobsTests}
 * holds the list and why.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
class SchedulingConfiguration {

    /**
     * The one lock client of this node, for the annotated jobs and for those that lock by hand
     * (backups, destruction batches). {@code locked_by} names the host and this node's audit chain,
     * which is unique per node, so an operator reading {@code shedlock} sees which node holds what,
     * even with two nodes on one host.
     */
    @Bean
    JdbcTemplateLockProvider lockProvider(DataSource dataSource,
            @Value("${custos.audit.chain:node-1}") String node) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .withLockedByValue(Utils.getHostname() + "/" + node)
                .build());
    }
}
