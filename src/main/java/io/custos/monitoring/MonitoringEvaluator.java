package io.custos.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditProperties;
import io.custos.audit.AuditStream;
import io.custos.audit.AuditStream.StreamEvent;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.Employees;
import io.custos.sharing.Grants;
import io.custos.shared.web.Times;

/**
 * Reads the sealed audit stream and applies the rules in force (issue 21.3), every
 * {@code custos.monitoring.poll-interval} on its own thread.
 * <p>
 * <b>Across nodes:</b> one node of the cluster evaluates: each evaluation locks the one row of
 * {@code monitoring_state}, and a node that finds another's lease still running leaves it. The
 * holder renews its lease with every evaluation; when it stops, another node takes over once the
 * lease ({@code custos.monitoring.lease}) has run out.
 * <p>
 * <b>In order, once:</b> the cursor per chain (the last sealed seq read), the first contacts and
 * networks learnt, and the alerts raised are written in the same transaction; if it rolls back, the
 * events are read again and nothing of them stays. An alert's crossing is unique per rule, subject
 * and the event that crossed, so even a second evaluator could not raise it twice.
 * <p>
 * <b>Across restarts:</b> the windows live in memory. When this node starts evaluating, takes over,
 * finds that anyone else evaluated since its own last evaluation, or sees a new rule set, it
 * rebuilds them by replaying, quietly, the events before the cursor that the rules' windows
 * still hold: all of them for the last hour or so (the longest window but the lockout rule's),
 * only lockouts and sign-ins for the lockout rule's day.
 */
@Component
class MonitoringEvaluator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitoringEvaluator.class);

    private final AuditStream stream;
    private final MonitoringRules rules;
    private final Alerts alerts;
    private final MonitoringProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Employees employees;
    private final Grants grants;
    private final WorkingCalendar calendar;
    private final Times times;
    private final Clock clock;
    private final String node;
    /** One evaluation at a time on this node (the schedule and a nudge after sealing may meet). */
    private final ReentrantLock running = new ReentrantLock();

    private volatile @Nullable ScheduledExecutorService poller;
    private @Nullable RuleEngine engine;
    private @Nullable StoredFacts facts;
    /** {@code monitoring_state.evaluated} after this node's last evaluation: anything else means someone else evaluated. */
    private long lastEvaluated = -1;

    MonitoringEvaluator(AuditStream stream, MonitoringRules rules, Alerts alerts, MonitoringProperties properties,
            TransactionTemplate transactions, JdbcTemplate template, Employees employees, Grants grants,
            WorkingCalendar calendar, Times times, Clock clock, AuditProperties audit) {
        this.stream = stream;
        this.rules = rules;
        this.alerts = alerts;
        this.properties = properties;
        this.transactions = transactions;
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.employees = employees;
        this.grants = grants;
        this.calendar = calendar;
        this.times = times;
        this.clock = clock;
        this.node = audit.chain();
    }

    /**
     * The evaluation runs on a thread of its own, not on the shared scheduler's: the audit sealer
     * and every sweep share that one thread, and an alert must not wait behind a long sweep
     * (bench/results/2026-12-05-monitoring.md). Stopped first at shutdown, before the database.
     */
    @Override
    public void start() {
        if (!properties.enabled() || poller != null) {
            return;
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitoring");
            t.setDaemon(true);
            return t;
        });
        long every = properties.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::catchUp, every, every, TimeUnit.MILLISECONDS);
        poller = thread;
    }

    @Override
    public void stop() {
        ScheduledExecutorService thread = poller;
        poller = null;
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** Evaluates until the stream is read to its end (or another node holds the evaluation); the events read. */
    long catchUp() {
        if (!running.tryLock()) {
            return 0;
        }
        try {
            long total = 0;
            while (true) {
                Evaluation done = evaluateOnce();
                total += done.events();
                if (!done.more()) {
                    return total;
                }
            }
        } catch (RuntimeException e) {
            log.error("Monitoring evaluation failed; it starts again from its cursor at the next poll", e);
            forget();
            return 0;
        } finally {
            running.unlock();
        }
    }

    record Evaluation(int events, boolean more) {
    }

    private Evaluation evaluateOnce() {
        try {
            Evaluation done = transactions.execute(status -> evaluate());
            return done == null ? new Evaluation(0, false) : done;
        } catch (RuntimeException e) {
            forget();
            throw e;
        }
    }

    private Evaluation evaluate() {
        State state = jdbc.sql("select holder, lease_until, alerts_from, evaluated from monitoring_state where id = 1 "
                + "for update").query((rs, n) -> new State(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getLong(4))).single();
        Instant now = clock.instant();
        if (state.holder() != null && !state.holder().equals(node) && state.leaseUntil() != null
                && state.leaseUntil().isAfter(now)) {
            forget();
            return new Evaluation(0, false);
        }
        Instant alertsFrom = state.alertsFrom() == null ? now.minus(properties.lookback()) : state.alertsFrom();
        MonitoringRules.RuleSet set = rules.inForce();
        Map<String, Cursor> cursors = cursors();
        if (engine == null || facts == null || engine.version() != set.version() || state.evaluated() != lastEvaluated) {
            rebuild(set, cursors);
        }
        RuleEngine current = engine;
        StoredFacts known = facts;
        List<StreamEvent> batch = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, Long> chain : stream.chains().entrySet()) {
            Cursor cursor = cursors.get(chain.getKey());
            long after = cursor == null ? 0 : cursor.seq();
            if (chain.getValue() <= after) {
                continue;
            }
            List<StreamEvent> read = stream.after(chain.getKey(), after, properties.batchSize());
            more |= read.size() >= properties.batchSize();
            batch.addAll(read);
        }
        batch.sort(Comparator.comparing(StreamEvent::at).thenComparing(StreamEvent::row));
        known.prefetch(batch);
        List<Crossing> crossings = new ArrayList<>();
        for (StreamEvent event : batch) {
            crossings.addAll(current.accept(event));
            cursors.merge(event.chain(), new Cursor(event.seq(), event.at()),
                    (a, b) -> b.seq() > a.seq() ? b : a);
        }
        Map<RuleKind, Integer> suppress = new EnumMap<>(RuleKind.class);
        set.rules().forEach(r -> suppress.put(r.kind(), r.suppressMinutes()));
        alerts.raise(crossings, suppress, alertsFrom);
        known.flush();
        for (Map.Entry<String, Cursor> cursor : cursors.entrySet()) {
            int updated = jdbc.sql("update monitoring_cursor set last_seq = ?, last_at = ? where chain = ?")
                    .params(cursor.getValue().seq(), utc(cursor.getValue().at()), cursor.getKey()).update();
            if (updated == 0) {
                jdbc.sql("insert into monitoring_cursor (chain, last_seq, last_at) values (?, ?, ?)")
                        .params(cursor.getKey(), cursor.getValue().seq(), utc(cursor.getValue().at())).update();
            }
        }
        long evaluated = state.evaluated() + 1;
        jdbc.sql("update monitoring_state set holder = ?, lease_until = ?, alerts_from = ?, evaluated = ? where id = 1")
                .params(node, utc(now.plus(properties.lease())), utc(alertsFrom), evaluated).update();
        lastEvaluated = evaluated;
        return new Evaluation(batch.size(), more);
    }

    /** Replays, quietly, the events of the longest window before the cursors into a new engine. */
    private void rebuild(MonitoringRules.RuleSet set, Map<String, Cursor> cursors) {
        StoredFacts fresh = new StoredFacts(template, employees, grants, calendar, times.companyZone(), clock, true);
        RuleEngine rebuilt = new RuleEngine(set.version(), set.rules(), fresh);
        if (!cursors.isEmpty()) {
            Instant newest = cursors.values().stream().map(Cursor::at).max(Comparator.naturalOrder()).orElseThrow();
            Map<String, Long> through = new HashMap<>();
            cursors.forEach((chain, cursor) -> through.put(chain, cursor.seq()));
            List<StreamEvent> chunk = new ArrayList<>();
            long[] replayed = {0};
            java.util.function.Consumer<StreamEvent> feed = event -> {
                chunk.add(event);
                if (chunk.size() >= properties.batchSize()) {
                    replayed[0] += replay(rebuilt, fresh, chunk);
                }
            };
            Instant recent = newest.minus(rebuilt.recentWindow());
            Instant longest = newest.minus(rebuilt.longestWindow());
            if (longest.isBefore(recent)) {
                stream.window(through, longest, recent, RuleEngine.LONG_WINDOW_ACTIONS, feed);
            }
            stream.window(through, recent, feed);
            replayed[0] += replay(rebuilt, fresh, chunk);
            log.info("Monitoring rules version {}: windows rebuilt from {} events", set.version(), replayed[0]);
        }
        engine = rebuilt;
        facts = fresh;
    }

    private static int replay(RuleEngine engine, StoredFacts facts, List<StreamEvent> chunk) {
        int n = chunk.size();
        facts.prefetch(chunk);
        chunk.forEach(engine::accept);
        // Everything replayed was learnt before (it is behind the cursor): nothing to write.
        facts.discard();
        chunk.clear();
        return n;
    }

    /** Drops the windows: the next evaluation rebuilds them from the database. */
    void forget() {
        engine = null;
        facts = null;
        lastEvaluated = -1;
    }

    private Map<String, Cursor> cursors() {
        Map<String, Cursor> cursors = new HashMap<>();
        jdbc.sql("select chain, last_seq, last_at from monitoring_cursor").query((rs, n) -> cursors.put(rs.getString(1),
                new Cursor(rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()))).list();
        return cursors;
    }

    private record State(@Nullable String holder, @Nullable Instant leaseUntil, @Nullable Instant alertsFrom,
            long evaluated) {
    }

    private record Cursor(long seq, Instant at) {
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
