package io.custos.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditStream.StreamEvent;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.sharing.GrantSummary;
import io.custos.sharing.Grants;

/**
 * {@link Facts} from the database, one batch of events at a time: before a batch is fed to the
 * engine, {@link #prefetch} reads in one query per person the first contacts and networks the
 * batch could touch; the new ones the batch makes wait in memory until {@link #flush} writes them
 * in the evaluation's transaction, with its cursor. A fact store for a rule's test never writes.
 * People and grants are remembered for a short while ({@value #REMEMBER_SECONDS} s), so a status or
 * department change reaches the rules within that.
 */
class StoredFacts implements Facts {

    static final long REMEMBER_SECONDS = 30;
    private static final int IN_LIST = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Employees employees;
    private final Grants grants;
    private final WorkingCalendar calendar;
    private final java.time.ZoneId zone;
    private final boolean learning;

    private final Map<UUID, Map<UUID, Long>> contacts = new HashMap<>();
    private final Map<UUID, Map<String, Long>> networks = new HashMap<>();
    private final List<Object[]> newContacts = new ArrayList<>();
    private final List<Object[]> newNetworks = new ArrayList<>();
    private final Map<UUID, Remembered<@Nullable Person>> people = new HashMap<>();
    private final Map<UUID, Remembered<@Nullable Instant>> grantEnds = new HashMap<>();
    private final Map<java.time.LocalDate, Boolean> workingDays = new HashMap<>();
    private final java.time.Clock clock;

    private record Remembered<T>(T value, Instant until) {
    }

    StoredFacts(JdbcTemplate batch, Employees employees, Grants grants, WorkingCalendar calendar,
            java.time.ZoneId zone, java.time.Clock clock, boolean learning) {
        this.batch = batch;
        this.jdbc = JdbcClient.create(batch);
        this.employees = employees;
        this.grants = grants;
        this.calendar = calendar;
        this.zone = zone;
        this.clock = clock;
        this.learning = learning;
    }

    /** Reads what the batch's contacts and sign-ins need; forgets the previous batch's. */
    void prefetch(List<StreamEvent> batch) {
        contacts.clear();
        networks.clear();
        Map<UUID, Set<UUID>> customersByActor = new HashMap<>();
        Set<UUID> signingIn = new HashSet<>();
        for (StreamEvent event : batch) {
            if (event.actorId() == null || event.outcome() != AuditOutcome.ALLOWED) {
                continue;
            }
            if (RuleEngine.READS.contains(event.action()) && "customer".equals(event.targetType())) {
                UUID customer = event.targetUuid();
                if (customer != null) {
                    customersByActor.computeIfAbsent(event.actorId(), a -> new HashSet<>()).add(customer);
                }
            } else if (RuleEngine.SIGN_IN.equals(event.action())) {
                signingIn.add(event.actorId());
            }
        }
        customersByActor.forEach((actor, customers) -> {
            Map<UUID, Long> known = contacts.computeIfAbsent(actor, a -> new HashMap<>());
            List<UUID> all = List.copyOf(customers);
            for (int from = 0; from < all.size(); from += IN_LIST) {
                List<UUID> part = all.subList(from, Math.min(all.size(), from + IN_LIST));
                List<Object> params = new ArrayList<>(part.size() + 1);
                params.add(actor);
                params.addAll(part);
                jdbc.sql("select customer_id, first_event from monitoring_contact where actor_id = ? and customer_id in ("
                        + String.join(", ", Collections.nCopies(part.size(), "?")) + ")").params(params)
                        .query((rs, n) -> known.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
            }
        });
        for (UUID actor : signingIn) {
            Map<String, Long> known = networks.computeIfAbsent(actor, a -> new HashMap<>());
            jdbc.sql("select network, first_event from monitoring_network where actor_id = ?").param(actor)
                    .query((rs, n) -> known.put(rs.getString(1), rs.getLong(2))).list();
        }
    }

    /** Writes the first contacts and networks the batch made (in the caller's transaction), in JDBC batches. */
    void flush() {
        if (learning) {
            batch.batchUpdate("""
                    insert into monitoring_contact (actor_id, customer_id, first_event) select ?, ?, ?
                    where not exists (select 1 from monitoring_contact where actor_id = ? and customer_id = ?)""",
                    newContacts.stream().map(c -> new Object[] {c[0], c[1], c[2], c[0], c[1]}).toList());
            batch.batchUpdate("""
                    insert into monitoring_network (actor_id, network, first_event) select ?, ?, ?
                    where not exists (select 1 from monitoring_network where actor_id = ? and network = ?)""",
                    newNetworks.stream().map(n -> new Object[] {n[0], n[1], n[2], n[0], n[1]}).toList());
        }
        newContacts.clear();
        newNetworks.clear();
    }

    /** Forgets what was not written (the evaluation's transaction rolled back). */
    void discard() {
        newContacts.clear();
        newNetworks.clear();
        contacts.clear();
        networks.clear();
    }

    @Override
    public @Nullable Person person(UUID actorId) {
        Instant now = clock.instant();
        Remembered<@Nullable Person> known = people.get(actorId);
        if (known != null && known.until().isAfter(now)) {
            return known.value();
        }
        EmployeeView view = employees.byId(actorId).orElse(null);
        Person person = view == null ? null : new Person(view.departmentId(), view.status() == EmployeeStatus.ON_NOTICE);
        people.put(actorId, new Remembered<>(person, now.plusSeconds(REMEMBER_SECONDS)));
        return person;
    }

    @Override
    public boolean workingTime(Instant at, LocalTime start, LocalTime end) {
        ZonedDateTime local = at.atZone(zone);
        boolean workingDay = workingDays.computeIfAbsent(local.toLocalDate(), calendar::isWorkingDay);
        if (workingDays.size() > 400) {
            workingDays.clear();
        }
        LocalTime time = local.toLocalTime();
        return workingDay && !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public boolean firstContact(UUID actorId, UUID customerId, long row) {
        Map<UUID, Long> known = contacts.computeIfAbsent(actorId, a -> new HashMap<>());
        Long first = known.get(customerId);
        if (first != null) {
            return first == row;
        }
        known.put(customerId, row);
        newContacts.add(new Object[] {actorId, customerId, row});
        return true;
    }

    @Override
    public boolean newNetwork(UUID actorId, String network, long row) {
        Map<String, Long> known = networks.computeIfAbsent(actorId, a -> new HashMap<>());
        Long first = known.get(network);
        if (first != null) {
            // Replayed: new when it was first seen here while another network was known already.
            return first == row && known.values().stream().anyMatch(other -> other < row);
        }
        boolean isNew = !known.isEmpty();
        known.put(network, row);
        newNetworks.add(new Object[] {actorId, network, row});
        return isNew;
    }

    @Override
    public @Nullable Instant grantEnds(UUID grantId) {
        Instant now = clock.instant();
        Remembered<@Nullable Instant> known = grantEnds.get(grantId);
        if (known != null && known.until().isAfter(now)) {
            return known.value();
        }
        Instant ends = grants.find(grantId).map(GrantSummary::endsAt).orElse(null);
        grantEnds.put(grantId, new Remembered<>(ends, now.plus(Duration.ofSeconds(REMEMBER_SECONDS))));
        if (grantEnds.size() > 10_000) {
            grantEnds.clear();
        }
        return ends;
    }
}
