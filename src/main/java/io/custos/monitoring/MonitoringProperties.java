package io.custos.monitoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.monitoring.*} (issue 21).
 *
 * @param enabled whether this node evaluates at all (a node can be left out; one of the cluster must)
 * @param pollInterval how often the evaluator looks for newly sealed events
 * @param batchSize how many events of one chain one evaluation reads at most
 * @param lease how long a node holds the evaluation after its last evaluation; another node takes
 *        over only after it ran out
 * @param lookback at the very first evaluation, how far back events may still raise alerts; older
 *        ones only teach the rules (first contacts, networks)
 * @param testDays how far back a rule's test replays
 * @param testLimit how many events a rule's test reads at most
 * @param maxLag how far the evaluation may fall behind the sealed log before this node reports DOWN
 *        and the security administrators get a home task
 * @param mailFrom the sender of alert mail; {@code baseUrl} the address people open Custos at
 */
@ConfigurationProperties("custos.monitoring")
public record MonitoringProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5000") int batchSize, @DefaultValue("15s") Duration lease, @DefaultValue("30d") Duration lookback,
        @DefaultValue("30") int testDays, @DefaultValue("2000000") long testLimit, @DefaultValue("2m") Duration maxLag,
        @DefaultValue("custos@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String baseUrl) {

    public MonitoringProperties {
        if (batchSize < 1 || testDays < 1 || testDays > 366 || testLimit < 1 || lease.isNegative() || lease.isZero()
                || maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("custos.monitoring: batch-size, test-days, test-limit, lease and max-lag must be positive");
        }
    }
}
