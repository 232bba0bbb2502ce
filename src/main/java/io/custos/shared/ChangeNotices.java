package io.custos.shared;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Tells the other nodes on the same PostgreSQL database, within a second, that data they hold a
 * copy of has changed (issue 23, R-X-3): {@link #publish} sends {@code pg_notify('custos_changes',
 * '<node>/<topic>')} in the caller's transaction, so PostgreSQL delivers it on commit and never for
 * a change that rolls back; every node listens on a connection of its own (not one of the pool's)
 * and hands each notice from another node to the receivers of its topic. A topic names a cache
 * ({@code field-catalog}) or a kind of data and the ids concerned ({@code data-key:<owner>,...});
 * never a value.
 * <p>
 * A notice is a hint, not a record: one missed while the listening connection was down is made up
 * for by telling every receiver it may have {@link Receiver#missed missed} some, on reconnecting;
 * and the copies' own expiry (5 s, {@link ShortLivedCopy#REFRESH}) and the data-key destruction
 * poll remain the bound should the listener stay away. On H2 (one embedded node) nothing is sent
 * and no thread is started.
 */
@Component
public class ChangeNotices implements SmartLifecycle {

    public static final String CHANNEL = "custos_changes";
    /** PostgreSQL refuses longer payloads; topics listing ids are split below it. */
    public static final int MAX_PAYLOAD = 7_900;
    /** How the listening connection shows in {@code pg_stat_activity}, followed by the node's id. */
    public static final String APPLICATION_NAME = "custos-change-notices";
    /** How long one wait for notices lasts; also how soon a stop is noticed. */
    private static final int WAIT_MILLIS = 250;
    /** A connection this quiet is asked whether it still lives: a lost peer sends no FIN. */
    private static final long QUIET_CHECK_MILLIS = 10_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChangeNotices.class);

    /** Told of the notices other nodes publish on a topic. Called on the listening thread: be quick. */
    public interface Receiver {

        /** Another node committed a change under {@code topic} (the subscribed one, or one under it). */
        void received(String topic);

        /** Notices may have been missed (the listening connection was lost): drop every copy. */
        void missed();
    }

    /** Where the listening connection goes. */
    private record Target(String url, @Nullable String user, @Nullable String password) {
        @Override
        public String toString() {
            return "Target[the URL may hold credentials: not shown]";
        }
    }

    private record Subscription(String topic, Receiver receiver) {
        boolean covers(String noticed) {
            return noticed.equals(topic) || noticed.startsWith(topic + ":");
        }
    }

    /** Random per process: a restarted node is a new sender. */
    private final String node = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final @Nullable JdbcClient jdbc;
    /** Null where nothing is sent or listened for. */
    private final @Nullable Target target;
    private final Duration maxBackoff;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Counter sent;
    private final Counter received;
    private final Counter reconnects;
    private final AtomicLong connections = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable Connection listening;

    @Autowired
    ChangeNotices(DataSource dataSource, ObjectProvider<JdbcConnectionDetails> connection,
            ChangeNoticeProperties properties, ObjectProvider<MeterRegistry> meters) {
        this(dataSource, targetOf(connection.getIfAvailable(), properties), properties.reconnectMax(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * A node outside Spring (a second node in a test, a tool): listens with {@code url}, {@code user}
     * and {@code password} when {@code url} is a PostgreSQL one, publishes through {@code dataSource}.
     */
    public ChangeNotices(DataSource dataSource, String url, @Nullable String user, @Nullable String password,
            Duration maxBackoff, MeterRegistry meters) {
        this(dataSource, new Target(url, user, password), maxBackoff, meters);
    }

    private ChangeNotices(@Nullable DataSource dataSource, @Nullable Target target, Duration maxBackoff,
            MeterRegistry meters) {
        boolean postgres = dataSource != null && target != null && target.url().startsWith("jdbc:postgresql:");
        this.jdbc = postgres ? JdbcClient.create(dataSource) : null;
        this.target = postgres ? target : null;
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        this.sent = Counter.builder("custos.cluster.notices").tag("direction", "sent")
                .description("Change notices published to the other nodes").register(meters);
        this.received = Counter.builder("custos.cluster.notices").tag("direction", "received")
                .description("Change notices received from other nodes").register(meters);
        this.reconnects = Counter.builder("custos.cluster.notices.reconnects")
                .description("Times the connection listening for change notices was opened again").register(meters);
    }

    /** Notices that go nowhere: one node alone (tools, tests without a shared database). */
    public static ChangeNotices none() {
        return new ChangeNotices(null, null, Duration.ofSeconds(1), new SimpleMeterRegistry());
    }

    private static @Nullable Target targetOf(@Nullable JdbcConnectionDetails details,
            ChangeNoticeProperties properties) {
        if (details == null || !properties.enabled()) {
            return null;
        }
        return new Target(details.getJdbcUrl(), details.getUsername(), details.getPassword());
    }

    /** Whether notices are sent and listened for: on PostgreSQL, unless switched off. */
    public boolean active() {
        return jdbc != null;
    }

    /** This process's id in the notices it sends; its own are not handed back to it. */
    public String node() {
        return node;
    }

    /**
     * Tells the other nodes of a change under {@code topic}: in the caller's transaction when there
     * is one (delivered on its commit, never after a rollback), at once otherwise.
     */
    public void publish(String topic) {
        if (jdbc == null) {
            return;
        }
        String payload = payload(topic);
        jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, payload).query(rs -> {
        });
        sent.increment();
    }

    /**
     * Tells the other nodes of changes to these items of {@code kind} ({@code data-key}), in as few
     * notices as fit: {@code kind:<id>,<id>,...}.
     */
    public void publish(String kind, java.util.Collection<?> ids) {
        if (jdbc == null || ids.isEmpty()) {
            return;
        }
        int room = MAX_PAYLOAD - node.length() - kind.length() - 2;
        StringBuilder items = new StringBuilder();
        for (Object id : ids) {
            String item = id.toString();
            if (items.length() > 0 && items.length() + 1 + item.length() > room) {
                publish(kind + ":" + items);
                items.setLength(0);
            }
            items.append(items.length() == 0 ? "" : ",").append(item);
        }
        publish(kind + ":" + items);
    }

    private String payload(String topic) {
        if (topic.isBlank() || topic.length() + node.length() + 1 > MAX_PAYLOAD) {
            throw new IllegalArgumentException("A change topic must be non-blank and shorter than " + MAX_PAYLOAD);
        }
        return node + "/" + topic;
    }

    /**
     * Hands {@code receiver} every notice from another node whose topic is {@code topic} or starts
     * with {@code topic:}, and every loss of the listening connection. Nothing is ever handed on H2.
     */
    public void subscribe(String topic, Receiver receiver) {
        subscriptions.add(new Subscription(Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(receiver, "receiver")));
    }

    /** The listening connection's {@code application_name}: which node's it is. */
    public String applicationName() {
        return APPLICATION_NAME + " " + node;
    }

    /**
     * How many times this node began to listen (and, after the first, dropped its copies); for tests
     * and diagnostics.
     */
    public long connections() {
        return connections.get();
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running || target == null) {
                return;
            }
            running = true;
            Thread listener = new Thread(this::listen, "change-notices");
            listener.setDaemon(true);
            thread = listener;
            listener.start();
        }
    }

    @Override
    public void stop() {
        Thread listener;
        synchronized (lifecycle) {
            running = false;
            listener = thread;
            thread = null;
        }
        if (listener == null) {
            return;
        }
        listener.interrupt();
        try {
            listener.join(WAIT_MILLIS * 8L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(listening);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        boolean first = true;
        while (running) {
            try (Connection connection = open()) {
                listening = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (first) {
                    log.info("Listening for other nodes' changes on channel {} as node {}", CHANNEL, node);
                } else {
                    // Whatever was committed while nobody listened was never heard: drop it all.
                    reconnects.increment();
                    log.info("Listening for change notices again; every short-lived copy is dropped");
                    missed();
                }
                // Counted once the copies are dropped: whoever sees the count sees them gone.
                connections.incrementAndGet();
                first = false;
                backoff = FIRST_BACKOFF;
                receive(connection.unwrap(PGConnection.class), connection);
            } catch (SQLException | RuntimeException e) {
                first = false;
                if (!running) {
                    return;
                }
                // The message of a connection failure names host and database, never the password.
                log.warn("Listening for change notices failed ({}: {}); trying again in {} ms; meanwhile other "
                        + "nodes' changes apply here within {} s", e.getClass().getSimpleName(), e.getMessage(),
                        backoff.toMillis(), ShortLivedCopy.REFRESH.toSeconds());
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            } finally {
                listening = null;
            }
        }
    }

    private Connection open() throws SQLException {
        Target to = Objects.requireNonNull(target);
        Properties properties = new Properties();
        if (to.user() != null) {
            properties.setProperty("user", to.user());
        }
        if (to.password() != null) {
            properties.setProperty("password", to.password());
        }
        properties.setProperty("ApplicationName", applicationName());
        Connection connection = DriverManager.getConnection(to.url(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private void receive(PGConnection notifications, Connection connection) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] batch = notifications.getNotifications(WAIT_MILLIS);
            if (batch != null && batch.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification notice : batch) {
                    dispatch(notice.getParameter());
                }
            } else if ((System.nanoTime() - quietSince) / 1_000_000 > QUIET_CHECK_MILLIS) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the listening connection no longer answers");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** One notice's payload, {@code <node>/<topic>}; this node's own and malformed ones are passed over. */
    void dispatch(String payload) {
        int slash = payload.indexOf('/');
        if (slash <= 0 || payload.substring(0, slash).equals(node)) {
            return;
        }
        String topic = payload.substring(slash + 1);
        received.increment();
        for (Subscription subscription : subscriptions) {
            if (subscription.covers(topic)) {
                try {
                    subscription.receiver().received(topic);
                } catch (RuntimeException e) {
                    log.warn("A receiver of change notices on {} failed; the copy's expiry remains the bound",
                            subscription.topic(), e);
                }
            }
        }
    }

    private void missed() {
        for (Subscription subscription : subscriptions) {
            try {
                subscription.receiver().missed();
            } catch (RuntimeException e) {
                log.warn("A receiver of change notices on {} could not drop its copies", subscription.topic(), e);
            }
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a connection that is already gone.
            }
        }
    }
}
