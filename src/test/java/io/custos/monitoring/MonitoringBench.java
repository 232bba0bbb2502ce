package io.custos.monitoring;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.custos.CustosApplication;
import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Actor;

/**
 * Issue 21.3: does the monitoring evaluation keep up with 5,000 audit events per second? Starts Custos
 * with the demo data and the evaluation on its real schedule, then measures:
 * <ol>
 * <li><b>throughput</b>: N events (default 1,000,000) of a working day's mix by about 200 employees
 * are recorded through the audit log while the evaluation is held off (a lease row naming another
 * node, as a second node's would), sealed, and then evaluated by {@code catchUp()}: events per
 * second, peak heap, alerts raised, and where the evaluating thread spends its time (sampled
 * stacks);</li>
 * <li><b>delay at load</b>: writer threads record the same mix at a steady rate (default 5,000 events
 * per second for 60 s), plus every few seconds one person's burst of 60 customers that crosses
 * BULK_READING; the evaluation runs on its schedule. For every alert raised meanwhile: its
 * {@code raised_at} minus the time of the event that crossed the rule, and the time the bench first
 * saw it committed minus that event's time; and the backlog of the sealer and the evaluator;</li>
 * <li><b>restart</b>: the windows dropped, as after a restart or a takeover, the first evaluation
 * (which replays the longest window of the rules on) timed.</li>
 * </ol>
 * The company time zone is set so that the run falls in working hours, and today is entered as a
 * make-up working day when it is a weekend, so that OFF_HOURS counts what it would on a working day
 * rather than firing on every event. The usual customers of each person are taught to the evaluator
 * before (as months of history would have), so UNUSUAL_CUSTOMERS fires on the bursts and the few
 * reads outside a person's book, not on everyone's first minute.
 * <p>
 * Run by hand in its own JVM (bench/README.md): {@code MonitoringBench [events] [spring arguments...]},
 * on an H2 file database, or with {@code -Dcustos.test.pg-url=jdbc:postgresql://…/<database>} (and
 * {@code --spring.profiles.active=postgres,demo}) in a fresh schema of that database. System
 * properties: {@code bench.rate} (5000), {@code bench.seconds} (60), {@code bench.writers} (4),
 * {@code bench.actors} (200), {@code bench.burst-every} (5 s). Prints a Markdown table.
 */
public final class MonitoringBench {

    private static final String CHAIN = "bench-monitoring";
    private static final int TOP_UP_BATCH = 5000;
    private static final int CUSTOMERS = 100_000;
    private static final int BOOK = 40;
    private static final int BURST = 60;

    private MonitoringBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int events = !rest.isEmpty() && rest.get(0).matches("\\d+") ? Integer.parseInt(rest.remove(0)) : 1_000_000;
        // Working hours (07:00 to 21:00 by default) wherever the run happens: a zone where it is about noon.
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        int offset = Math.max(-12, Math.min(14, 12 - utcHour));
        // An Etc/GMT zone (its sign is the reverse of the offset): the scheduled jobs' cron zones accept no bare offset.
        String zone = offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--custos.audit.chain=" + CHAIN,
                "--custos.monitoring.enabled=true", "--custos.time.zone=" + zone,
                "--logging.level.root=WARN", "--logging.level.org.springframework.boot.SpringApplication=INFO"));
        if (rest.stream().noneMatch(a -> a.startsWith("--spring.profiles.active="))) {
            arguments.add("--spring.profiles.active=demo");
        }
        boolean postgres = !System.getProperty("custos.test.pg-url", "").isBlank();
        if (!postgres) {
            arguments.add("--custos.test.h2-file=true");
        }
        arguments.addAll(rest);
        System.out.println("MonitoringBench: " + events + " audit events, " + (postgres ? "PostgreSQL" : "H2 file")
                + "; arguments " + arguments);
        long starting = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustosApplication.class)
                .run(arguments.toArray(String[]::new));
        Path files = Path.of(context.getEnvironment().getRequiredProperty("custos.keys.directory")).getParent();
        try {
            Run run = new Run(context, postgres);
            run.row("started, demo data included (s)", String.format("%.1f", since(starting)));
            run.run(events);
        } finally {
            context.close();
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "custos-tests");
            if (files.startsWith(scratch) && !files.equals(scratch)) {
                removeQuietly(files);
            }
        }
    }

    static final class Run {

        private final ConfigurableApplicationContext context;
        private final boolean postgres;
        private final JdbcTemplate jdbc;
        private final AuditLog audit;
        private final TransactionTemplate transactions;
        private final MonitoringEvaluator evaluator;
        private final Clock clock;
        private final HeapSampler heap = new HeapSampler();
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final int rate = Integer.getInteger("bench.rate", 5000);
        private final int seconds = Integer.getInteger("bench.seconds", 60);
        private final int writers = Integer.getInteger("bench.writers", 4);
        private final int actorCount = Integer.getInteger("bench.actors", 200);
        private final int burstEvery = Integer.getInteger("bench.burst-every", 5);
        private final UUID[] customers = new UUID[CUSTOMERS];
        private final List<Person> people = new ArrayList<>();
        private final List<Person> bursters = new ArrayList<>();

        /** One of the bench's employees: the customers they usually work on and the network they sign in from. */
        private record Person(Actor actor, UUID[] book, String home) {
        }

        Run(ConfigurableApplicationContext context, boolean postgres) {
            this.context = context;
            this.postgres = postgres;
            this.jdbc = context.getBean(JdbcTemplate.class);
            this.audit = context.getBean(AuditLog.class);
            this.transactions = context.getBean(TransactionTemplate.class);
            this.evaluator = context.getBean(MonitoringEvaluator.class);
            this.clock = context.getBean(Clock.class);
        }

        void run(int events) throws Exception {
            heap.start();
            hold();
            prepare();
            // Evaluate the demo history first, so that the figures are the bench's events alone.
            release();
            evaluator.catchUp();
            hold();
            throughput(events);
            delayAtLoad();
            restart();
            print();
        }

        // ---------------------------------------------------------------------------------------------

        /** Keeps the scheduled evaluation out, as another node holding the lease would. */
        private void hold() {
            jdbc.update("update monitoring_state set holder = 'bench-paused', lease_until = ? where id = 1",
                    OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        }

        private void release() {
            jdbc.update("update monitoring_state set holder = null, lease_until = null where id = 1");
        }

        private void prepare() {
            long started = System.nanoTime();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < CUSTOMERS; i++) {
                customers[i] = UUID.randomUUID();
            }
            String hash = context.getBean(PasswordEncoder.class).encode("Bench#Pass2026");
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            // Their own department with a head, so that a HIGH alert also goes to the head, as in production.
            UUID department = UUID.randomUUID();
            UUID head = employee("bench.head", hash, now, null, Set.of(Role.MANAGEMENT));
            jdbc.update("insert into department (id, code, name_zh, name_en, created_at, head_id, handles_customer_data) "
                    + "values (?, 'BENCH', '基准', 'Bench', current_timestamp, ?, true)", department, head);
            jdbc.update("update employee set department_id = ?, email = 'bench.head@example.com' where id = ?", department,
                    head);
            List<Object[]> contacts = new ArrayList<>();
            for (int i = 0; i < actorCount + seconds / Math.max(1, burstEvery) + 2; i++) {
                String username = "bench." + i;
                UUID id = employee(username, hash, now, department, Set.of(Role.EMPLOYEE));
                UUID[] book = new UUID[BOOK];
                for (int b = 0; b < BOOK; b++) {
                    book[b] = customers[random.nextInt(CUSTOMERS)];
                }
                Person person = new Person(new Actor(Actor.ActorType.EMPLOYEE, id, username), book,
                        "10." + (i / 250) + "." + (i % 250) + ".");
                if (i < actorCount) {
                    people.add(person);
                    for (UUID customer : new HashSet<>(Arrays.asList(book))) {
                        contacts.add(new Object[] {id, customer, 0L});
                    }
                } else {
                    bursters.add(person);
                }
            }
            jdbc.batchUpdate("insert into monitoring_contact (actor_id, customer_id, first_event) values (?, ?, ?)", contacts);
            workingDayToday();
            row("not part of the figures: " + people.size() + " employees (+ " + bursters.size()
                    + " for the bursts) with " + BOOK + " usual customers each, taught to the evaluator (s)",
                    String.format("%.1f", since(started)));
        }

        private UUID employee(String username, String hash, OffsetDateTime now, UUID department, Set<Role> roles) {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    insert into employee (id, username, display_name, status, password_hash, password_changed_at,
                        must_change_password, totp_enabled, created_at, department_history_since, department_id)
                    values (?, ?, ?, 'ACTIVE', ?, ?, false, false, ?, ?, ?)""", id, username, "Bench " + username, hash,
                    now, now, now, department);
            for (Role role : roles) {
                jdbc.update("insert into employee_role (employee_id, role) values (?, ?)", id, role.name());
            }
            return id;
        }

        /** On a weekend or holiday the bench's day becomes a make-up working day (entered as the administration would). */
        private void workingDayToday() {
            WorkingCalendar calendar = context.getBean(WorkingCalendar.class);
            java.time.ZoneId zone = java.time.ZoneId.of(context.getEnvironment().getRequiredProperty("custos.time.zone"));
            LocalDate today = LocalDate.now(clock.withZone(zone));
            if (calendar.isWorkingDay(today)) {
                return;
            }
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            UUID officer = employee("bench.officer", "x", now, null, Set.of(Role.ADMIN_OFFICER));
            CustosUser by = new CustosUser(officer, "bench.officer", "Bench officer", null, Set.of(Role.ADMIN_OFFICER),
                    EmployeeStatus.ACTIVE);
            if (today.getDayOfWeek() == DayOfWeek.SATURDAY || today.getDayOfWeek() == DayOfWeek.SUNDAY) {
                calendar.set(today, true, "基准调休", "Bench make-up day", by);
            } else {
                calendar.remove(today, by);
            }
            notes.add("The run's day (" + today + ", zone " + zone + ") was entered as a make-up working day.");
        }

        // ---------------------------------------------------------------------------------------------

        /** The mix of a working day: almost all reads of one's own customers; sign-ins, refusals and exports now and then. */
        private final class Mix {
            final List<AuditEvent> plain = new ArrayList<>();
            final List<String[]> signIns = new ArrayList<>();
            private final ThreadLocalRandom random = ThreadLocalRandom.current();

            void add(int n) {
                for (int i = 0; i < n; i++) {
                    Person person = people.get(random.nextInt(people.size()));
                    double r = random.nextDouble();
                    UUID customer = random.nextInt(1000) == 0 ? customers[random.nextInt(CUSTOMERS)]
                            : person.book()[random.nextInt(BOOK)];
                    if (r < 0.55) {
                        plain.add(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                                .actor(person.actor()).target("customer", customer).detail("policyVersion", 1).build());
                    } else if (r < 0.9983) {
                        plain.add(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.ALLOWED)
                                .actor(person.actor()).target("customer", customer).purpose("AFTER_SALES")
                                .detail("field", r < 0.8 ? "phone" : "email").detail("policyVersion", 1)
                                .detail("rule", "owner").detail("reason", "revealed").build());
                    } else if (r < 0.9988) {
                        plain.add(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.DENIED)
                                .actor(person.actor()).target("customer", customer).purpose("SALES_FOLLOW_UP")
                                .detail("field", "phone").detail("policyVersion", 1).detail("reason", "no-consent")
                                .build());
                    } else if (r < 0.9998) {
                        // Mostly from home; one in thirty from a network never seen.
                        String address = random.nextInt(30) == 0
                                ? "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(250))
                                : person.home() + (1 + random.nextInt(250));
                        signIns.add(new String[] {person.actor().id().toString(), person.actor().name(), address});
                    } else {
                        plain.add(AuditEvent.of(AuditCategory.DATA, "customer.records.exported", AuditOutcome.ALLOWED)
                                .actor(person.actor()).detail("format", "XLSX").detail("rows", 1 + random.nextInt(120))
                                .build());
                    }
                }
            }

            int size() {
                return plain.size() + signIns.size();
            }

            /** Records them in the caller's transaction; sign-ins one by one, each under a request from its address. */
            void record() {
                audit.recordAll(plain);
                for (String[] signIn : signIns) {
                    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
                    request.setRemoteAddr(signIn[2]);
                    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
                    try {
                        UUID id = UUID.fromString(signIn[0]);
                        audit.record(AuditEvent.of(AuditCategory.SECURITY, "identity.sign-in", AuditOutcome.ALLOWED)
                                .actor(new Actor(Actor.ActorType.EMPLOYEE, id, signIn[1])).target("employee", id)
                                .detail("method", "PASSWORD").build());
                    } finally {
                        RequestContextHolder.resetRequestAttributes();
                    }
                }
                plain.clear();
                signIns.clear();
            }
        }

        // ---------------------------------------------------------------------------------------------

        private void throughput(int events) throws InterruptedException {
            Cpu cpu = new Cpu(this);
            long started = System.nanoTime();
            long before = count("select count(*) from audit_event");
            for (long done = 0; done < events; done += TOP_UP_BATCH) {
                int n = (int) Math.min(TOP_UP_BATCH, events - done);
                Mix mix = new Mix();
                mix.add(n);
                transactions.executeWithoutResult(status -> mix.record());
                if ((done / TOP_UP_BATCH) % 20 == 19) {
                    System.out.printf("  %,d events recorded in %.0f s, %,d not yet sealed%n", done + n, since(started),
                            unsealed());
                }
            }
            double recorded = since(started);
            long left;
            while ((left = unsealed()) > 0) {
                if (since(started) > 7200) {
                    throw new IllegalStateException(left + " events still unsealed after two hours");
                }
                Thread.sleep(200);
            }
            double sealed = since(started);
            cpu.end("recording and sealing " + String.format("%,d", events) + " events");
            long added = count("select count(*) from audit_event") - before;
            row("not part of the figures: " + String.format("%,d", added) + " events recorded through the audit log "
                    + "(batches of " + TOP_UP_BATCH + " per transaction) · all sealed (s) · sealed/s",
                    String.format("%.1f · %.1f · %,.0f", recorded, sealed, added / sealed));

            long alertsBefore = count("select count(*) from monitoring_alert");
            long repeatsBefore = count("select coalesce(sum(repeats), 0) from monitoring_alert");
            Map<String, Long> target = chains();
            Cpu evaluation = new Cpu(this);
            heap.reset();
            StackSampler stacks = new StackSampler();
            release();
            long evalStart = System.nanoTime();
            long read = 0;
            stacks.start();
            while (behind(target) > 0) {
                read += evaluator.catchUp();
                if (since(evalStart) > 7200) {
                    throw new IllegalStateException("The evaluation did not catch up in two hours");
                }
                if (behind(target) > 0) {
                    // The scheduled evaluation may have had the turn: it works through the same events.
                    Thread.sleep(20);
                }
            }
            double took = since(evalStart);
            stacks.stop();
            String memory = heap.summary();
            evaluation.end("evaluation of the " + String.format("%,d", added) + " events");
            // The evaluation stays on its schedule with the windows it has: the load below meets a running node.
            long alerts = count("select count(*) from monitoring_alert") - alertsBefore;
            long repeats = count("select coalesce(sum(repeats), 0) from monitoring_alert") - repeatsBefore;
            row("**throughput**: " + String.format("%,d", added) + " sealed events evaluated by catchUp(): s · "
                    + "**events/s** · heap peak used (MB) / time in GC (s)",
                    String.format("%.1f · **%,.0f** · %s", took, added / took, memory));
            row("throughput: alerts raised · repeats counted on alerts (suppressed) · of which read by catchUp() itself",
                    String.format("%,d · %,d · %,d events", alerts, repeats, read));
            row("throughput: alerts by rule", byRule("raised_at >= ?", Instant.now().minusSeconds((long) took + 1)));
            notes.add("Where the evaluating thread spent its time (" + stacks.samples() + " stack samples every "
                    + StackSampler.EVERY_MS + " ms): " + stacks.summary());
        }

        // ---------------------------------------------------------------------------------------------

        private void delayAtLoad() throws Exception {
            Map<UUID, Long> seen = new ConcurrentHashMap<>();
            AtomicBoolean going = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            AtomicLong transactionsDone = new AtomicLong();
            long[] maxBacklog = {0, 0};
            Instant from = Instant.now();
            Cpu cpu = new Cpu(this);
            heap.reset();
            // The evaluation from now on runs on its schedule (custos.monitoring.poll-interval).
            release();
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                double perThread = (double) rate / writers;
                Thread writer = new Thread(() -> {
                    long mine = 0;
                    Mix mix = new Mix();
                    while (going.get()) {
                        long due = (long) (perThread * (System.nanoTime() - started) / 1e9) - mine;
                        if (due <= 0) {
                            sleep(2);
                            continue;
                        }
                        // As requests would: a few events per transaction (a view, a reveal of three fields).
                        int n = (int) Math.min(due, 10);
                        mix.add(n);
                        int size = mix.size();
                        transactions.executeWithoutResult(status -> mix.record());
                        mine += size;
                        written.addAndGet(size);
                        transactionsDone.incrementAndGet();
                    }
                }, "bench-writer-" + w);
                threads.add(writer);
                writer.start();
            }
            Thread bursts = new Thread(() -> {
                int next = 0;
                while (going.get() && next < bursters.size()) {
                    sleep(burstEvery * 1000L);
                    if (!going.get()) {
                        break;
                    }
                    Person person = bursters.get(next++);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    List<AuditEvent> burst = new ArrayList<>();
                    for (int i = 0; i < BURST; i++) {
                        burst.add(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                                .actor(person.actor()).target("customer", customers[random.nextInt(CUSTOMERS)])
                                .detail("policyVersion", 1).build());
                    }
                    // Six pages of ten, one transaction each, as someone paging through records would.
                    for (int page = 0; page < BURST; page += 10) {
                        List<AuditEvent> part = burst.subList(page, page + 10);
                        transactions.executeWithoutResult(status -> audit.recordAll(part));
                    }
                    written.addAndGet(BURST);
                }
            }, "bench-bursts");
            bursts.start();
            Thread watcher = new Thread(() -> {
                while (true) {
                    boolean stopped = !going.get();
                    List<UUID> ids = jdbc.queryForList("select id from monitoring_alert where raised_at >= ?", UUID.class,
                            from.atOffset(ZoneOffset.UTC));
                    long now = System.currentTimeMillis();
                    ids.forEach(id -> seen.putIfAbsent(id, now));
                    long unsealed = unsealed();
                    long behind = behind(chains());
                    maxBacklog[0] = Math.max(maxBacklog[0], unsealed);
                    maxBacklog[1] = Math.max(maxBacklog[1], behind);
                    if (stopped && unsealed + behind == 0) {
                        return;
                    }
                    sleep(100);
                }
            }, "bench-watcher");
            watcher.start();
            Thread.sleep(seconds * 1000L);
            going.set(false);
            for (Thread writer : threads) {
                writer.join();
            }
            bursts.join();
            double wrote = since(started);
            long unsealedAtEnd = unsealed();
            long behindAtEnd = behind(chains());
            long drainStart = System.nanoTime();
            watcher.join(600_000);
            double drained = since(drainStart);
            String memory = heap.summary();
            cpu.end("delay at load, " + seconds + " s at " + rate + " events/s requested, and the drain after");

            long total = written.get();
            row("**delay at load**: events recorded in " + seconds + " s (" + writers + " writers, "
                    + String.format("%.1f", (double) (total - (long) BURST * (seconds / Math.max(1, burstEvery)))
                            / Math.max(1, transactionsDone.get()))
                    + " events per transaction): requested/s · **achieved/s**",
                    String.format("%,d · **%,.0f**", rate, total / wrote));
            row("delay at load: backlog at the end of the load, unsealed · sealed but behind the cursor; "
                    + "the largest seen (every 0.1 s), unsealed · behind the cursor (unsealed included); drained after (s)",
                    String.format("%,d · %,d; %,d · %,d; %.1f", unsealedAtEnd, behindAtEnd - unsealedAtEnd, maxBacklog[0],
                            maxBacklog[1], drained));
            List<Map<String, Object>> alerts = jdbc.queryForList("""
                    select a.id, a.rule_kind, a.raised_at, e.at from monitoring_alert a
                    join audit_event e on e.id = a.trigger_event where a.raised_at >= ?""", from.atOffset(ZoneOffset.UTC));
            List<Long> raisedDelay = new ArrayList<>();
            List<Long> seenDelay = new ArrayList<>();
            List<Long> burstDelay = new ArrayList<>();
            for (Map<String, Object> alert : alerts) {
                Instant at = instant(alert.get("at"));
                long raised = instant(alert.get("raised_at")).toEpochMilli() - at.toEpochMilli();
                raisedDelay.add(raised);
                if ("BULK_READING".equals(alert.get("rule_kind"))) {
                    burstDelay.add(raised);
                }
                Long first = seen.get((UUID) alert.get("id"));
                if (first != null) {
                    seenDelay.add(first - at.toEpochMilli());
                }
            }
            row("delay at load: alerts raised · by rule", alerts.size() + " · " + byRule("raised_at >= ?", from));
            row("delay at load: **raised_at − time of the crossing event** (ms), all alerts: p50 · p95 · max",
                    percentiles(raisedDelay));
            row("delay at load: the same for the BULK_READING bursts only (ms): p50 · p95 · max · bursts",
                    percentiles(burstDelay) + " · " + burstDelay.size());
            row("delay at load: first seen committed by a reader polling every 0.1 s − time of the crossing event (ms): "
                    + "p50 · p95 · max", percentiles(seenDelay));
            row("delay at load: heap peak used (MB) / time in GC (s)", memory);
        }

        /**
         * A restart or a takeover: the next evaluation first rebuilds the windows by replaying the longest
         * window of the rules on before the cursor. Timed from the lease's release to the end of that
         * evaluation, whichever thread of this node ran it.
         */
        private void restart() throws InterruptedException {
            hold();
            // The scheduled evaluation sees another node's lease and drops its windows.
            Thread.sleep(2500);
            long before = count("select evaluated from monitoring_state where id = 1");
            Instant newest = jdbc.queryForObject("select max(last_at) from monitoring_cursor", OffsetDateTime.class)
                    .toInstant();
            // As RuleEngine.longestWindow: the longest window of the rules on.
            java.time.Duration longest = java.time.Duration.ofMinutes(context.getBean(MonitoringRules.class).inForce()
                    .rules().stream().filter(RuleSettings::enabled).mapToInt(RuleSettings::windowMinutes).max().orElse(1));
            long replayed = jdbc.queryForObject("select count(*) from audit_event where seq is not null and at >= ?",
                    Long.class, newest.minus(longest).atOffset(ZoneOffset.UTC));
            Cpu cpu = new Cpu(this);
            heap.reset();
            long started = System.nanoTime();
            release();
            evaluator.catchUp();
            while (count("select evaluated from monitoring_state where id = 1") <= before) {
                if (since(started) > 3600) {
                    throw new IllegalStateException("No evaluation within an hour of the restart");
                }
                Thread.sleep(20);
            }
            double took = since(started);
            cpu.end("restart: windows rebuilt");
            row("restart (windows dropped, as after a restart or takeover): the first evaluation, which replays the "
                    + "longest window of the rules on (" + longest.toMinutes() + " min): events "
                    + "replayed · s · events/s · heap peak used (MB) / time in GC (s)", String.format("%,d · %.1f · %,.0f · %s",
                            replayed, took, replayed / took, heap.summary()));
        }

        // ---------------------------------------------------------------------------------------------

        private long unsealed() {
            return count("select count(*) from audit_event where chain = '" + CHAIN + "' and seq is null");
        }

        private Map<String, Long> chains() {
            Map<String, Long> chains = new HashMap<>();
            jdbc.query("select chain, last_seq from audit_chain", rs -> {
                chains.put(rs.getString(1), rs.getLong(2));
            });
            return chains;
        }

        /** Events sealed up to {@code target} (per chain) that the evaluation has not read yet, plus the unsealed. */
        private long behind(Map<String, Long> target) {
            Map<String, Long> cursors = new HashMap<>();
            jdbc.query("select chain, last_seq from monitoring_cursor", rs -> {
                cursors.put(rs.getString(1), rs.getLong(2));
            });
            long behind = 0;
            for (Map.Entry<String, Long> chain : target.entrySet()) {
                behind += Math.max(0, chain.getValue() - cursors.getOrDefault(chain.getKey(), 0L));
            }
            return behind + unsealed();
        }

        private String byRule(String where, Instant from) {
            List<String> parts = new ArrayList<>();
            jdbc.query("select rule_kind, count(*), sum(repeats) from monitoring_alert where " + where
                    + " group by rule_kind order by rule_kind", rs -> {
                        parts.add(rs.getString(1) + " " + rs.getLong(2) + " (+" + rs.getLong(3) + " repeats)");
                    }, from.atOffset(ZoneOffset.UTC));
            return parts.isEmpty() ? "none" : String.join(", ", parts);
        }

        private long count(String sql) {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? 0 : n;
        }

        private static Instant instant(Object value) {
            if (value instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            if (value instanceof java.sql.Timestamp timestamp) {
                return timestamp.toInstant();
            }
            if (value instanceof Instant instant) {
                return instant;
            }
            throw new IllegalStateException("A time of type " + value.getClass());
        }

        private static String percentiles(List<Long> values) {
            if (values.isEmpty()) {
                return "none";
            }
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("%,d · %,d · %,d", sorted[(sorted.length - 1) / 2],
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)],
                    sorted[sorted.length - 1]);
        }

        void row(String figure, String value) {
            rows.add(new String[] {figure, value});
            System.out.println("  " + figure + ": " + value);
        }

        private void print() {
            System.out.println();
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            for (String[] row : rows) {
                System.out.println("| " + row[0] + " | " + row[1] + " |");
            }
            System.out.println();
            for (String note : notes) {
                System.out.println("- " + note);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Samples the stacks of the threads inside an evaluation ({@code MonitoringEvaluator.evaluate}) and
     * counts, per sample, the innermost Custos method and what it waits on (the database driver, the
     * network, JSON, the rest).
     */
    private static final class StackSampler {
        static final int EVERY_MS = 10;
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final AtomicLong taken = new AtomicLong();
        private volatile boolean going = true;
        private Thread thread = new Thread(() -> { });

        void start() {
            thread = new Thread(() -> {
                var threads = ManagementFactory.getThreadMXBean();
                while (going) {
                    for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                        StackTraceElement[] stack = info.getStackTrace();
                        if (Arrays.stream(stack).noneMatch(f -> f.getClassName().endsWith("MonitoringEvaluator")
                                && f.getMethodName().equals("evaluate"))) {
                            continue;
                        }
                        taken.incrementAndGet();
                        counts.merge(place(stack), 1, Integer::sum);
                    }
                    sleep(EVERY_MS);
                }
            }, "bench-stacks");
            thread.setDaemon(true);
            thread.start();
        }

        private static String place(StackTraceElement[] stack) {
            String custos = "?";
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("io.custos")) {
                    String name = frame.getClassName();
                    custos = name.substring(name.lastIndexOf('.') + 1) + "." + frame.getMethodName();
                    break;
                }
            }
            String top = stack.length == 0 ? "" : stack[0].getClassName();
            String in = top.startsWith("org.h2") ? "H2" : top.startsWith("org.postgresql") || top.startsWith("sun.nio")
                    || top.startsWith("java.net") || top.startsWith("sun.net") ? "driver/socket"
                    : top.startsWith("tools.jackson") ? "JSON" : "code";
            return custos + " (" + in + ")";
        }

        void stop() throws InterruptedException {
            going = false;
            thread.join();
        }

        long samples() {
            return taken.get();
        }

        String summary() {
            long all = Math.max(1, taken.get());
            return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / all))
                    .reduce((a, b) -> a + "; " + b).orElse("no samples");
        }
    }

    /** The largest heap use sampled every 20 ms since the last reset (garbage included: an upper bound). */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private long gcAtReset;

        void start() {
            Thread sampler = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    sleep(20);
                }
            }, "bench-heap");
            sampler.setDaemon(true);
            sampler.start();
        }

        void reset() {
            peak.set(0);
            gcAtReset = gcMillis();
        }

        String summary() {
            return String.format(Locale.ROOT, "%,d / %.1f", peak.get() / 1_000_000, (gcMillis() - gcAtReset) / 1000.0);
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        }
    }

    /**
     * The CPU used during a step, from /proc: by this JVM, by the PostgreSQL backends of this database,
     * and by everything else on the machine (the other workers sharing it), with the load average.
     */
    private static final class Cpu {
        private static final long HZ = 100;
        private final Run run;
        private final long started = System.nanoTime();
        private final long[] machine = machine();
        private final long self = selfTicks();
        private final Map<Long, Long> database;

        Cpu(Run run) {
            this.run = run;
            this.database = backends(run);
        }

        void end(String step) {
            double wall = since(started);
            double ticks = wall * HZ;
            long[] now = machine();
            double busy = (now[0] - machine[0]) / ticks;
            double cores = (now[1] - machine[1]) / ticks;
            double mine = (selfTicks() - self) / ticks;
            double db = 0;
            for (Map.Entry<Long, Long> backend : backends(run).entrySet()) {
                db += (backend.getValue() - database.getOrDefault(backend.getKey(), 0L)) / ticks;
            }
            String load;
            try {
                load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
            } catch (Exception e) {
                load = "?";
            }
            String line = String.format(Locale.ROOT, "%s (%.0f s): machine busy %.0f %% of %.0f cores; this JVM %.0f %%%s; "
                    + "everything else %.0f %% of a core; load average (1 min) at the end %s", step, wall, busy * 100, cores,
                    mine * 100, run.postgres ? String.format(Locale.ROOT, ", its PostgreSQL backends %.0f %%", db * 100) : "",
                    (busy - mine - db) * 100, load);
            run.notes.add("CPU, " + line);
            System.out.println("  cpu: " + line);
        }

        private static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                long all = 0;
                for (int i = 1; i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    all += v;
                    if (i != 4 && i != 5) {
                        busy += v;
                    }
                }
                return new long[] {busy, all};
            } catch (Exception e) {
                return new long[] {0, 0};
            }
        }

        private static long selfTicks() {
            return ticks(ProcessHandle.current().pid());
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception gone) {
                return 0;
            }
        }

        private static Map<Long, Long> backends(Run run) {
            Map<Long, Long> pids = new HashMap<>();
            if (run.postgres) {
                run.jdbc.query("select pid from pg_stat_activity where datname = current_database()", rs -> {
                    pids.put(rs.getLong(1), ticks(rs.getLong(1)));
                });
            }
            return pids;
        }
    }

    /** The H2 file database, keys and checkpoint file of this run. */
    private static void removeQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("Could not remove " + folder + ": " + e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
