package io.custos.monitoring;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditStream.StreamEvent;
import io.custos.shared.Actor;

/**
 * The rules of one set applied to a stream of audit events (issue 21.1): per rule and subject a
 * sliding window over event time; a rule fires when what its window counts exceeds the threshold, and
 * the window then starts again empty, so one burst is one crossing. Deterministic for a given order of
 * events and answers of {@link Facts}, which is what lets a restarted evaluator rebuild its windows by
 * replaying the events before its cursor, and a rule's test replay 30 days.
 * <p>
 * Not thread-safe: one evaluator owns one engine.
 */
class RuleEngine {

    /** A customer's record looked at, a value shown in full, a record found by one of its values. */
    static final Set<String> READS = Set.of("customer.record.viewed", "customer.field.revealed",
            "customer.record.found-by-value");
    /**
     * Every use of customer data a person can make: the reads, a page of the customer list (it shows
     * what the policy lets this person see, for many customers at once, and names none of them), and
     * files of customers taken away.
     */
    static final Set<String> USES = Set.of("customer.record.viewed", "customer.field.revealed",
            "customer.record.found-by-value", "customer.records.searched", "customer.records.exported",
            "sharing.export.downloaded", "casework.file.downloaded");
    static final String EXPORTED = "customer.records.exported";
    static final String BREAK_GLASS = "access.break-glass.opened";
    static final String SIGN_IN = "identity.sign-in";
    static final String LOCKED = "identity.account.locked";
    static final Set<String> CHAIN_TROUBLE = Set.of("audit.alarm.raised", "audit.event.rejected");
    static final String VERIFIED = "audit.log.verified";
    /** How many events pass between two sweeps of windows nobody has added to for a while. */
    private static final int SWEEP_EVERY = 20_000;

    private final int version;
    private final Map<RuleKind, RuleSettings> rules = new EnumMap<>(RuleKind.class);
    private final Facts facts;
    private final Map<RuleKind, Map<String, Window>> windows = new EnumMap<>(RuleKind.class);
    /** When each locked-out account was locked, for {@link RuleKind#SIGN_IN_AFTER_LOCKOUT}. */
    private final Map<UUID, Instant> lockedAt = new HashMap<>();
    private @Nullable Instant latest;
    private long seen;

    RuleEngine(int version, List<RuleSettings> settings, Facts facts) {
        this.version = version;
        this.facts = facts;
        for (RuleSettings rule : settings) {
            if (rule.enabled()) {
                rules.put(rule.kind(), rule);
                windows.put(rule.kind(), new HashMap<>());
            }
        }
    }

    int version() {
        return version;
    }

    /** The longest window of the rules on. */
    Duration longestWindow() {
        return Duration.ofMinutes(rules.values().stream().mapToInt(RuleSettings::windowMinutes).max().orElse(1));
    }

    /**
     * How far back a rebuild replays every event: the longest window of the rules on, except the
     * lockout rule's, which needs only lockouts and sign-ins from further back (a day by default,
     * where every other rule looks back an hour at most).
     */
    Duration recentWindow() {
        return Duration.ofMinutes(rules.values().stream().filter(r -> r.kind() != RuleKind.SIGN_IN_AFTER_LOCKOUT)
                .mapToInt(RuleSettings::windowMinutes).max().orElse(1));
    }

    /** The actions a rebuild replays from {@link #longestWindow} back to {@link #recentWindow}. */
    static final Set<String> LONG_WINDOW_ACTIONS = Set.of(LOCKED, SIGN_IN);

    /** Feeds one event; the crossings it completes, if any. */
    List<Crossing> accept(StreamEvent event) {
        if (latest == null || event.at().isAfter(latest)) {
            latest = event.at();
        }
        if (++seen % SWEEP_EVERY == 0) {
            sweep();
        }
        List<Crossing> crossings = new ArrayList<>(0);
        if (!CHAIN_TROUBLE.contains(event.action()) && !VERIFIED.equals(event.action())) {
            people(event, crossings);
        } else if (CHAIN_TROUBLE.contains(event.action())
                || Boolean.FALSE.equals(event.details().get("valid"))) {
            count(RuleKind.AUDIT_CHAIN_FAILURE, "chain:" + event.chain(), null, null, event, event.row(), 1, crossings);
        }
        return crossings;
    }

    private void people(StreamEvent event, List<Crossing> crossings) {
        if (LOCKED.equals(event.action()) && event.outcome() == AuditOutcome.ALLOWED) {
            UUID account = event.targetUuid();
            if (account != null) {
                lockedAt.put(account, event.at());
            }
            return;
        }
        UUID actor = event.actorId();
        if (actor == null || event.actorType() != Actor.ActorType.EMPLOYEE
                && event.actorType() != Actor.ActorType.PARTNER) {
            return;
        }
        String action = event.action();
        boolean allowed = event.outcome() == AuditOutcome.ALLOWED;
        if (!allowed) {
            if (event.outcome() == AuditOutcome.DENIED && on(RuleKind.REPEATED_REFUSALS)) {
                personal(RuleKind.REPEATED_REFUSALS, actor, event, event.row(), 1, crossings);
            }
            return;
        }
        if (SIGN_IN.equals(action)) {
            signIn(actor, event, crossings);
            return;
        }
        if (BREAK_GLASS.equals(action)) {
            personal(RuleKind.BREAK_GLASS, actor, event, event.row(), 1, crossings);
            return;
        }
        if (!USES.contains(action)) {
            return;
        }
        // Reveals into an approved export package were approved by two people; the package's
        // download is what the export rule counts.
        boolean intoPackage = event.details().containsKey("exportPackage");
        UUID customer = "customer".equals(event.targetType()) ? event.targetUuid() : null;
        if (READS.contains(action) && customer != null && !intoPackage) {
            if (on(RuleKind.BULK_READING)) {
                personal(RuleKind.BULK_READING, actor, event, customer, 1, crossings);
            }
            if (on(RuleKind.UNUSUAL_CUSTOMERS) && facts.firstContact(actor, customer, event.row())) {
                personal(RuleKind.UNUSUAL_CUSTOMERS, actor, event, customer, 1, crossings);
            }
            UUID grant = grantOf(event);
            RuleSettings ending = rules.get(RuleKind.GRANT_ENDING_ACCESS);
            if (ending != null && grant != null) {
                Instant ends = facts.grantEnds(grant);
                if (ends != null && !event.at().isAfter(ends)
                        && event.at().isAfter(ends.minus(Duration.ofDays(ending.daysBeforeEnd())))) {
                    personal(RuleKind.GRANT_ENDING_ACCESS, actor, event, event.row(), 1, crossings);
                }
            }
        }
        if (EXPORTED.equals(action) && event.details().get("rows") instanceof Number rows && rows.longValue() > 0) {
            personal(RuleKind.LARGE_EXPORT, actor, event, event.row(), rows.longValue(), crossings);
        }
        RuleSettings offHours = rules.get(RuleKind.OFF_HOURS);
        if (offHours != null && !(intoPackage && !EXPORTED.equals(action))
                && !facts.workingTime(event.at(), offHours.workdayStart(), offHours.workdayEnd())) {
            personal(RuleKind.OFF_HOURS, actor, event, event.row(), 1, crossings);
        }
        if (on(RuleKind.ON_NOTICE_ACCESS) && (Boolean.TRUE.equals(event.details().get("onNotice")) || onNotice(actor))) {
            personal(RuleKind.ON_NOTICE_ACCESS, actor, event, event.row(), 1, crossings);
        }
    }

    private void signIn(UUID actor, StreamEvent event, List<Crossing> crossings) {
        String network = network(event.clientAddress());
        if (network != null && on(RuleKind.NEW_NETWORK_SIGN_IN) && facts.newNetwork(actor, network, event.row())) {
            personal(RuleKind.NEW_NETWORK_SIGN_IN, actor, event, event.row(), 1, crossings);
        }
        RuleSettings afterLockout = rules.get(RuleKind.SIGN_IN_AFTER_LOCKOUT);
        Instant locked = lockedAt.get(actor);
        if (afterLockout != null && locked != null) {
            if (!event.at().isAfter(locked.plus(Duration.ofMinutes(afterLockout.windowMinutes())))) {
                personal(RuleKind.SIGN_IN_AFTER_LOCKOUT, actor, event, event.row(), 1, crossings);
            }
            lockedAt.remove(actor);
        }
    }

    private boolean on(RuleKind kind) {
        return rules.containsKey(kind);
    }

    private boolean onNotice(UUID actor) {
        Facts.Person person = facts.person(actor);
        return person != null && person.onNotice();
    }

    private void personal(RuleKind kind, UUID actor, StreamEvent event, Object key, long weight,
            List<Crossing> crossings) {
        RuleSettings rule = rules.get(kind);
        if (rule == null) {
            return;
        }
        Facts.Person person = facts.person(actor);
        UUID department = person == null ? null : person.departmentId();
        if (!rule.watches(department)) {
            return;
        }
        count(kind, "person:" + actor, actor, department, event, key, weight, crossings);
    }

    private void count(RuleKind kind, String subject, @Nullable UUID subjectId, @Nullable UUID department,
            StreamEvent event, Object key, long weight, List<Crossing> crossings) {
        RuleSettings rule = rules.get(kind);
        if (rule == null) {
            return;
        }
        Window window = windows.get(kind).computeIfAbsent(subject, s -> new Window());
        window.prune(event.at().minus(Duration.ofMinutes(rule.windowMinutes())));
        window.add(key, event.at(), event.row(), weight);
        long figure = kind.figure() == RuleKind.Figure.CUSTOMERS ? window.distinct() : window.sum();
        if (figure > rule.threshold()) {
            crossings.add(new Crossing(kind, version, rule.severity(), subject, subjectId, department, figure,
                    rule.threshold(), rule.windowMinutes(), window.firstAt(), event.at(), event.row(), window.rows()));
            window.clear();
        }
    }

    /** Drops the windows whose every entry is older than their rule's window. */
    private void sweep() {
        if (latest == null) {
            return;
        }
        for (Map.Entry<RuleKind, Map<String, Window>> byKind : windows.entrySet()) {
            Instant from = latest.minus(Duration.ofMinutes(rules.get(byKind.getKey()).windowMinutes()));
            byKind.getValue().values().removeIf(w -> {
                w.prune(from);
                return w.empty();
            });
        }
        RuleSettings afterLockout = rules.get(RuleKind.SIGN_IN_AFTER_LOCKOUT);
        Duration keep = afterLockout == null ? Duration.ZERO : Duration.ofMinutes(afterLockout.windowMinutes());
        Instant now = latest;
        lockedAt.values().removeIf(at -> at.plus(keep).isBefore(now));
    }

    /** How many windows are held, for the benchmark's memory figure and the tests. */
    int windowsHeld() {
        return windows.values().stream().mapToInt(Map::size).sum();
    }

    private static @Nullable UUID grantOf(StreamEvent event) {
        Object grant = event.details().get("grant");
        if (grant == null && event.details().get("grants") instanceof List<?> pairs && !pairs.isEmpty()) {
            // A view names each field's grant as "field:grant"; the fields of one view share it.
            String pair = String.valueOf(pairs.get(0));
            grant = pair.substring(pair.indexOf(':') + 1);
        }
        if (grant instanceof String text && text.length() == 36) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
        }
        return null;
    }

    /**
     * The network a client address belongs to: its /24 for IPv4, its /48 for IPv6 (a person's
     * addresses move within these as DHCP and privacy addresses change). Null for no address.
     * <p>
     * IPv6 is compared in its full form: the same network is written in many ways (zeros left out,
     * upper or lower case, an IPv4 address behind {@code ::ffff:}), and comparing the text would
     * take each spelling for a new network, or every IPv4-mapped address for one and the same.
     */
    static @Nullable String network(@Nullable String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        if (address.indexOf(':') >= 0) {
            String literal = address.strip();
            int zone = literal.indexOf('%');
            if (zone >= 0) {
                literal = literal.substring(0, zone);
            }
            InetAddress parsed;
            try {
                // A text with a colon is only ever read as an IPv6 literal: no name is looked up.
                parsed = InetAddress.getByName(literal);
            } catch (UnknownHostException | SecurityException notAnAddress) {
                return literal;
            }
            byte[] bytes = parsed.getAddress();
            if (parsed instanceof Inet4Address) {
                return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
            }
            StringBuilder prefix = new StringBuilder();
            for (int group = 0; group < 3; group++) {
                prefix.append(Integer.toHexString((bytes[2 * group] & 0xff) << 8 | bytes[2 * group + 1] & 0xff))
                        .append(':');
            }
            return prefix + ":/48";
        }
        int last = address.lastIndexOf('.');
        return last < 0 ? address : address.substring(0, last) + ".0/24";
    }

    /**
     * What one rule counts for one subject within its window: each key once (a customer, or an event's
     * row), with the time it was last seen and its weight, and the last rows for the alert's evidence.
     */
    static final class Window {

        private final LinkedHashMap<Object, long[]> entries = new LinkedHashMap<>();
        private final ArrayDeque<Long> rows = new ArrayDeque<>();
        private long sum;

        void add(Object key, Instant at, long row, long weight) {
            long[] previous = entries.remove(key);
            if (previous != null) {
                sum -= previous[1];
            }
            entries.put(key, new long[] {at.toEpochMilli(), weight});
            sum += weight;
            rows.addLast(row);
            if (rows.size() > Crossing.MAX_ROWS) {
                rows.removeFirst();
            }
        }

        void prune(Instant from) {
            long limit = from.toEpochMilli();
            Iterator<long[]> oldest = entries.values().iterator();
            while (oldest.hasNext()) {
                long[] entry = oldest.next();
                if (entry[0] > limit) {
                    break;
                }
                sum -= entry[1];
                oldest.remove();
            }
        }

        long distinct() {
            return entries.size();
        }

        long sum() {
            return sum;
        }

        boolean empty() {
            return entries.isEmpty();
        }

        Instant firstAt() {
            return entries.isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(entries.values().iterator().next()[0]);
        }

        List<Long> rows() {
            return List.copyOf(rows);
        }

        void clear() {
            entries.clear();
            rows.clear();
            sum = 0;
        }
    }
}
