package io.custos.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.cluster.notices.*}: whether this node tells the others of its changes and listens
 * for theirs ({@link ChangeNotices}; PostgreSQL only), and the longest wait between two attempts to
 * listen again after the connection was lost.
 *
 * @param enabled false only behind a connection pooler that cannot hold {@code LISTEN} (PgBouncer in
 *        transaction mode): other nodes' changes then apply within the copies' 5 s
 * @param reconnectMax the longest back-off between attempts to listen again
 */
@ConfigurationProperties("custos.cluster.notices")
public record ChangeNoticeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration reconnectMax) {

    public ChangeNoticeProperties {
        if (reconnectMax.isNegative() || reconnectMax.isZero()) {
            throw new IllegalArgumentException("custos.cluster.notices.reconnect-max must be positive");
        }
    }
}
