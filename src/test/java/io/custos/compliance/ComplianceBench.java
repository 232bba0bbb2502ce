package io.custos.compliance;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.CustosApplication;
import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.bench.SeededCustomers;
import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.identity.SeedingAs;
import io.custos.shared.Actor;

/**
 * Issue 22 ("volume is part of the feature"): what the compliance map, computed live on every request,
 * costs at a company's volume. Starts Custos with the demo data, seeds N customers of liu.yang
 * (default 100,000, nine in ten with a consent; {@link SeededCustomers}), about 500 employees in ten
 * departments of their own, and tops the audit log up to M events (default 1,000,000) recorded through
 * the audit log with their times spread back over twelve months (the recording thread's clock is set
 * back batch by batch, so the rows are chained and sealed like any other and the monthly series have
 * work), then measures after warm-up, over several runs (median, p95, max):
 * <ul>
 * <li>the map for the company (management) and for the seeded customers' department (its head);</li>
 * <li>each indicator's evidence query alone, for the company and for that department;</li>
 * <li>the record of processing activities (as JSON, XLSX and PDF) and the legal thresholds;</li>
 * <li>the dashboards' data for management, two heads and the auditor (the map and the 12-month series
 * over the audit log), the series alone, and the board report PDF;</li>
 * </ul>
 * with the largest heap used during each step. Prints a Markdown table.
 * <p>
 * Run by hand in its own JVM (bench/README.md): {@code ComplianceBench [customers] [events] [spring
 * arguments...]}, on an H2 file database, or with {@code -Dcustos.test.pg-url=jdbc:postgresql://…/<database>}
 * (and {@code --spring.profiles.active=postgres,demo}) in a fresh schema of that database, dropped at
 * the end. System properties: {@code bench.runs} (10), {@code bench.warmup} (3), {@code bench.employees}
 * (500), {@code bench.threads} (2,4: the company's map asked by that many threads at once for
 * {@code bench.seconds}, 15).
 */
public final class ComplianceBench {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceBench.class);

    private static final String OWNER = "liu.yang";
    private static final int TOP_UP_BATCH = 5000;
    private static final int DEPARTMENTS = 10;

    private ComplianceBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int customers = !rest.isEmpty() && rest.get(0).matches("\\d+") ? Integer.parseInt(rest.remove(0)) : 100_000;
        int events = !rest.isEmpty() && rest.get(0).matches("\\d+") ? Integer.parseInt(rest.remove(0)) : 1_000_000;
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--custos.audit.chain=bench-compliance",
                "--logging.level.root=WARN", "--logging.level.org.springframework.boot.SpringApplication=INFO"));
        if (rest.stream().noneMatch(a -> a.startsWith("--spring.profiles.active="))) {
            arguments.add("--spring.profiles.active=demo");
        }
        boolean postgres = !System.getProperty("custos.test.pg-url", "").isBlank();
        if (!postgres) {
            arguments.add("--custos.test.h2-file=true");
        }
        arguments.addAll(rest);
        LOG.info("ComplianceBench: " + customers + " customers, " + events + " audit events, "
                + (postgres ? "PostgreSQL" : "H2 file") + "; arguments " + arguments);
        BenchClock clock = new BenchClock();
        long starting = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustosApplication.class)
                // The application's clock, whose time only the bench's recording thread sees moved back.
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .run(arguments.toArray(String[]::new));
        Path files = Path.of(context.getEnvironment().getRequiredProperty("custos.keys.directory")).getParent();
        try {
            if (context.getBean(Clock.class) != clock) {
                throw new IllegalStateException("The bench's clock was not taken");
            }
            Run run = new Run(context, postgres, clock);
            run.row("started, demo data included (s)", String.format(Locale.ROOT, "%.1f", since(starting)));
            run.run(customers, events);
        } finally {
            context.close();
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "custos-tests");
            if (files.startsWith(scratch) && !files.equals(scratch)) {
                removeQuietly(files);
            }
        }
    }

    /** The system clock, set back by a given time on the thread that asks for it (the bench's top-up) only. */
    static final class BenchClock extends Clock {
        private final ThreadLocal<Duration> back = ThreadLocal.withInitial(() -> Duration.ZERO);

        void setBack(Duration by) {
            back.set(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().minus(back.get());
        }
    }

    static final class Run {

        private final ConfigurableApplicationContext context;
        private final boolean postgres;
        private final BenchClock clock;
        private final JdbcTemplate jdbc;
        private final HeapSampler heap = new HeapSampler();
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final int runs = Integer.getInteger("bench.runs", 10);
        private final int warmup = Integer.getInteger("bench.warmup", 3);
        private final int seconds = Integer.getInteger("bench.seconds", 15);
        private final int employeeCount = Integer.getInteger("bench.employees", 500);
        private final List<Actor> actors = new ArrayList<>();

        Run(ConfigurableApplicationContext context, boolean postgres, BenchClock clock) {
            this.context = context;
            this.postgres = postgres;
            this.clock = clock;
            this.jdbc = context.getBean(JdbcTemplate.class);
        }

        void run(int customers, int events) throws Exception {
            heap.start();
            Employees employees = context.getBean(Employees.class);
            EmployeeView owner = employees.byUsername(OWNER).orElseThrow();
            seedEmployees();
            seedCustomers(owner, customers);
            topUp(events);
            if (postgres) {
                // As autovacuum would have by the time anyone looks: fresh statistics for the planner.
                long started = System.nanoTime();
                jdbc.execute("vacuum analyze");
                row("not part of the figures: vacuum analyze (s)", String.format(Locale.ROOT, "%.1f", since(started)));
            }
            row("volume: customers · customer values · consents · employees · departments · audit events",
                    String.format(Locale.ROOT, "%,d · %,d · %,d · %,d · %,d · %,d", count("select count(*) from customer"),
                            count("select count(*) from customer_value"), count("select count(*) from consent_record"),
                            count("select count(*) from employee"), count("select count(*) from department"),
                            count("select count(*) from audit_event")));

            CustosUser management = user(employees, "chen.jie");
            CustosUser head = user(employees, "zhang.wei");
            CustosUser auditor = user(employees, "zhou.min");
            UUID department = owner.departmentId();
            ComplianceMaps maps = context.getBean(ComplianceMaps.class);
            measure("**map, company** (management)", () -> maps.current(management, null));
            measure("**map, one department** (its head; the " + String.format("%,d", customers)
                    + " seeded customers' department)", () -> maps.current(head, department));
            concurrent(() -> maps.current(management, null));
            indicators(department);
            processing(management);
            dashboards(management, head, auditor, department);
            if (postgres) {
                explain();
            }
            print(customers, events);
        }

        // ---------------------------------------------------------------------------------------------

        private static CustosUser user(Employees employees, String username) {
            return SeedingAs.user(employees.byUsername(username).orElseThrow());
        }

        /** Employees in departments of their own, each department with a head: the people the training and agreements count. */
        private void seedEmployees() {
            long started = System.nanoTime();
            String hash = context.getBean(PasswordEncoder.class).encode("Bench#Pass2026");
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            int perDepartment = Math.max(1, employeeCount / DEPARTMENTS);
            List<Object[]> people = new ArrayList<>();
            List<Object[]> roles = new ArrayList<>();
            List<Object[]> departments = new ArrayList<>();
            for (int d = 0; d < DEPARTMENTS; d++) {
                UUID departmentId = UUID.randomUUID();
                UUID headId = null;
                for (int i = 0; i < perDepartment; i++) {
                    UUID id = UUID.randomUUID();
                    String username = "bench." + d + "." + i;
                    people.add(new Object[] {id, username, "Bench " + username, hash, now, now, now, departmentId});
                    roles.add(new Object[] {id, Role.EMPLOYEE.name()});
                    if (i == 0) {
                        headId = id;
                        roles.add(new Object[] {id, Role.DEPT_HEAD.name()});
                    }
                    actors.add(new Actor(Actor.ActorType.EMPLOYEE, id, username));
                }
                departments.add(new Object[] {departmentId, "BENCH" + d, "基准" + d, "Bench " + d, headId});
            }
            // Departments first without heads (the head is an employee of it), then the people, then the heads.
            jdbc.batchUpdate("insert into department (id, code, name_zh, name_en, created_at, handles_customer_data) "
                    + "values (?, ?, ?, ?, current_timestamp, true)",
                    departments.stream().map(r -> new Object[] {r[0], r[1], r[2], r[3]}).toList());
            jdbc.batchUpdate("""
                    insert into employee (id, username, display_name, status, password_hash, password_changed_at,
                        must_change_password, totp_enabled, created_at, department_history_since, department_id)
                    values (?, ?, ?, 'ACTIVE', ?, ?, false, false, ?, ?, ?)""", people);
            jdbc.batchUpdate("insert into employee_role (employee_id, role) values (?, ?)", roles);
            jdbc.batchUpdate("update department set head_id = ? where id = ?",
                    departments.stream().map(r -> new Object[] {r[4], r[0]}).toList());
            row("not part of the figures: " + people.size() + " employees in " + DEPARTMENTS
                    + " departments of their own, no training or signatures yet (s)",
                    String.format(Locale.ROOT, "%.1f", since(started)));
        }

        private void seedCustomers(EmployeeView owner, int customers) {
            long started = System.nanoTime();
            LocalDate today = LocalDate.now(clock);
            ConsentGrant consent = new ConsentGrant(1, Set.of("SALES_FOLLOW_UP", "DELIVERY", "AFTER_SALES"), false,
                    false, Channel.PAPER_FORM);
            int withConsent = customers - customers / 10;
            // Recent activity, so that no retention rule finds them due; one in ten without a consent.
            SeededCustomers.seed(context, owner, withConsent, new SeededCustomers.Options(i -> today.minusDays(5 + i % 300),
                    i -> i % 2 == 0 ? today.minusDays(20 + i % 300) : null, consent));
            SeededCustomers.seed(context, owner, customers - withConsent, new SeededCustomers.Options(
                    i -> today.minusDays(5 + i % 300), i -> null, null));
            row("not part of the figures: customers of " + OWNER + " seeded, " + String.format("%,d", withConsent)
                    + " with a consent (s)", String.format(Locale.ROOT, "%,d in %.1f", customers, since(started)));
        }

        /**
         * Audit events of a working year's mix (mostly reveals by the bench's employees, some refused, views,
         * exports) recorded through the audit log, batch by batch with the recording thread's clock set back
         * from a year ago to now, and sealed before anything is measured.
         */
        private void topUp(int events) throws InterruptedException {
            AuditLog audit = context.getBean(AuditLog.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
            long have = count("select count(*) from audit_event");
            long missing = events - have;
            if (missing <= 0) {
                row("audit events (already there)", String.format("%,d", have));
                return;
            }
            long started = System.nanoTime();
            long batches = (missing + TOP_UP_BATCH - 1) / TOP_UP_BATCH;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long yearSeconds = Duration.ofDays(365).toSeconds();
            try {
                for (long b = 0; b < batches; b++) {
                    int n = (int) Math.min(TOP_UP_BATCH, missing - b * TOP_UP_BATCH);
                    clock.setBack(Duration.ofSeconds(yearSeconds * (batches - 1 - b) / batches + 60));
                    List<AuditEvent> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        Actor actor = actors.get(random.nextInt(actors.size()));
                        double r = random.nextDouble();
                        if (r < 0.30) {
                            batch.add(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                                    .actor(actor).target("customer", UUID.randomUUID()).detail("policyVersion", 1)
                                    .build());
                        } else if (r < 0.99) {
                            batch.add(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.ALLOWED)
                                    .actor(actor).target("customer", UUID.randomUUID()).purpose("AFTER_SALES")
                                    .detail("field", "phone").detail("policyVersion", 1).detail("rule", "owner")
                                    .detail("reason", "revealed").build());
                        } else if (r < 0.998) {
                            batch.add(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.DENIED)
                                    .actor(actor).target("customer", UUID.randomUUID()).purpose("SALES_FOLLOW_UP")
                                    .detail("field", "phone").detail("policyVersion", 1).detail("reason", "no-consent")
                                    .build());
                        } else {
                            batch.add(AuditEvent.of(AuditCategory.DATA, "customer.records.exported", AuditOutcome.ALLOWED)
                                    .actor(actor).detail("format", "XLSX").detail("rows", 1 + random.nextInt(120))
                                    .build());
                        }
                    }
                    transactions.executeWithoutResult(status -> audit.recordAll(batch));
                    if (b % 20 == 19) {
                        LOG.info(String.format(Locale.ROOT, "%,d events recorded in %.0f s, %,d not yet sealed",
                                Math.min(missing, (b + 1) * TOP_UP_BATCH), since(started), unsealed()));
                    }
                }
            } finally {
                clock.setBack(Duration.ZERO);
            }
            double recorded = since(started);
            long left;
            while ((left = unsealed()) > 0) {
                if (since(started) > 7200) {
                    throw new IllegalStateException(left + " events still unsealed after two hours");
                }
                Thread.sleep(500);
            }
            double sealed = since(started);
            long rejected = count("select count(*) from audit_rejected_event");
            if (rejected > 0) {
                throw new IllegalStateException(rejected + " events were rejected by the sealer");
            }
            row("not part of the figures: audit log topped up to " + String.format("%,d", count(
                    "select count(*) from audit_event")) + ", times spread over 12 months: recorded (s) · all sealed (s)",
                    String.format(Locale.ROOT, "%,d: %.1f · %.1f", missing, recorded, sealed));
        }

        private long unsealed() {
            return count("select count(*) from audit_event where seq is null");
        }

        // ---------------------------------------------------------------------------------------------

        /**
         * Several people opening the company's map at once (a page that computes it on each request), each
         * thread asking again as soon as it has its map: maps per second and the time of each.
         */
        private void concurrent(Supplier<Object> action) throws InterruptedException {
            for (int threads : Arrays.stream(System.getProperty("bench.threads", "2,4").split(","))
                    .mapToInt(Integer::parseInt).toArray()) {
                LOG.info("map, company, {} at once", threads);
                heap.reset();
                long gc = HeapSampler.gcMillis();
                List<Double> times = java.util.Collections.synchronizedList(new ArrayList<>());
                long until = System.nanoTime() + seconds * 1_000_000_000L;
                List<Thread> workers = new ArrayList<>();
                long started = System.nanoTime();
                for (int i = 0; i < threads; i++) {
                    Thread worker = new Thread(() -> {
                        while (System.nanoTime() < until) {
                            long at = System.nanoTime();
                            action.get();
                            times.add((System.nanoTime() - at) / 1e6);
                        }
                    }, "bench-map-" + i);
                    workers.add(worker);
                    worker.start();
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                double took = since(started);
                double[] millis = times.stream().mapToDouble(Double::doubleValue).toArray();
                rows.add(new String[] {"map, company, " + threads + " threads asking again at once for " + seconds
                        + " s: maps/s", String.format(Locale.ROOT, "%.1f", millis.length / took), ms(median(millis)),
                        ms(p95(millis)), ms(max(millis)), "", "", String.format(Locale.ROOT, "%,d / %d / %s", heap.peakMb(),
                                HeapSampler.gcMillis() - gc, load())});
            }
        }

        /** Each indicator's evidence query alone, judged as the map judges it, for the company and the department. */
        private void indicators(UUID department) {
            Evidence evidence = context.getBean(Evidence.class);
            ThresholdSettings settings = context.getBean(ComplianceThresholds.class).settings();
            if (!postgres) {
                // H2 hands back a statement's last result while no data changed, so a query repeated in a
                // tight loop reads as free; the map, spread over seconds, meets the sealer's writes. Off here.
                jdbc.execute("set optimize_reuse_results 0");
            }
            Map<Indicator, double[]> company = new EnumMap<>(Indicator.class);
            Map<Indicator, double[]> departmental = new EnumMap<>(Indicator.class);
            Map<Indicator, String> values = new EnumMap<>(Indicator.class);
            for (Indicator indicator : Indicator.values()) {
                Reading[] last = new Reading[1];
                company.put(indicator, times(() -> last[0] = evidence.read(indicator, null, settings, evidence.now())));
                values.put(indicator, last[0].value() + " " + last[0].status());
                if (indicator.departmental()) {
                    departmental.put(indicator,
                            times(() -> evidence.read(indicator, department, settings, evidence.now())));
                }
            }
            if (!postgres) {
                jdbc.execute("set optimize_reuse_results 1");
            }
            double sum = 0;
            for (Indicator indicator : Indicator.values()) {
                double[] c = company.get(indicator);
                double[] d = departmental.get(indicator);
                sum += median(c);
                rows.add(new String[] {"indicator " + indicator.name() + " (value, status)", values.get(indicator),
                        ms(median(c)), ms(p95(c)), ms(max(c)), d == null ? "company-wide" : ms(median(d)),
                        d == null ? "" : ms(p95(d)), ""});
            }
            notes.add(String.format(Locale.ROOT, "The indicators' company medians add up to %.1f ms.", sum));
        }

        private void processing(CustosUser viewer) {
            ProcessingRecords records = context.getBean(ProcessingRecords.class);
            tools.jackson.databind.ObjectMapper json = context.getBean(tools.jackson.databind.ObjectMapper.class);
            measure("record of processing activities, as JSON (computed and written)",
                    () -> json.writeValueAsBytes(records.current(viewer)));
            measure("record of processing activities, XLSX (en)",
                    () -> records.export(viewer, ProcessingFiles.Format.XLSX, Locale.ENGLISH));
            measure("record of processing activities, PDF (en)",
                    () -> records.export(viewer, ProcessingFiles.Format.PDF, Locale.ENGLISH));
            measure("record of processing activities, PDF (zh)",
                    () -> records.export(viewer, ProcessingFiles.Format.PDF, Locale.SIMPLIFIED_CHINESE));
            LegalThresholds legal = context.getBean(LegalThresholds.class);
            measure("legal thresholds", () -> legal.current(viewer));
        }

        /** The dashboards and the board report, once they are in this branch (issue 22.3, 22.4). */
        private void dashboards(CustosUser management, CustosUser head, CustosUser auditor, UUID department) {
            Dashboards dashboards = context.getBean(Dashboards.class);
            Trends trends = context.getBean(Trends.class);
            var year = trends.yearEnding(trends.thisMonth());
            measure("**dashboard data, management** (company: map, 12-month trends)",
                    () -> dashboards.overview(management, null));
            measure("dashboard data, head of the seeded customers' department", () -> dashboards.overview(head, department));
            CustosUser benchHead = SeedingAs.user(context.getBean(Employees.class).byUsername("bench.0.0").orElseThrow());
            UUID benchDepartment = dashboards.departmentFor(benchHead, null);
            measure("dashboard data, head of a bench department (" + (employeeCount / DEPARTMENTS)
                    + " staff, about a tenth of the log's reveals)", () -> dashboards.overview(benchHead, benchDepartment));
            measure("of which the company's 12-month activity trends alone", () -> trends.activity(null, year));
            measure("**dashboard data, auditor** (chains, last verification, 12-month log volume)",
                    () -> dashboards.audit(auditor));
            measure("of which the 12-month audit trends alone", () -> trends.audit(year));
            BoardReport report = context.getBean(BoardReport.class);
            String quarter = report.quarters().get(0).code();
            measure("**board report PDF**, this quarter (" + quarter + "), zh", () -> report.render(management, quarter,
                    "zh-CN"));
            measure("board report PDF, this quarter, en", () -> report.render(management, quarter, "en"));
            String closed = report.quarters().get(1).code();
            measure("board report PDF, last quarter (" + closed + ", closed), en", () -> report.render(management, closed,
                    "en"));
        }

        /**
         * The plans of the scans behind the slowest indicators, as the customer module's figures write
         * them (copied here: the bench reads, it does not reach into the module).
         */
        private void explain() {
            String confidential = "v.field_key in (select f.field_key from field_definition f where f.sensitivity >= 3)";
            explain("CustomerFigures.confidentialValues (PLAINTEXT_CONFIDENTIAL_VALUES, ENCRYPTED_SHARE)",
                    "select count(*), coalesce(sum(case when (v.plain_value is not null or v.ciphertext is null) "
                            + "then 1 else 0 end), 0) from customer_value v where " + confidential);
            explain("CustomerFigures.customersWithoutConsent, company (CUSTOMERS_WITHOUT_CONSENT)",
                    "select count(*) from customer c where c.destroyed_at is null and exists (select 1 from customer_value v "
                            + "where v.customer_id = c.id and " + confidential + ") and not exists (select 1 from "
                            + "consent_state s where s.customer_id = c.id and s.purposes <> '')");

            // The dashboards' 12-month series (AuditSeries.perMonth and volume).
            Trends trends = context.getBean(Trends.class);
            io.custos.shared.Months year = trends.yearEnding(trends.thisMonth());
            List<Object> params = new ArrayList<>(year.countParams());
            params.add("customer.field.revealed");
            params.addAll(year.spanParams());
            params.add("ALLOWED");
            explain("AuditSeries.perMonth, the company's reveals over 12 months (dashboards of management)",
                    "select " + year.countColumns("at") + " from audit_event where action = ? and at >= ? and at < ?"
                            + " and outcome = ?", params.toArray());
            params = new ArrayList<>(year.countParams());
            params.addAll(year.spanParams());
            explain("AuditSeries.volume, the log's events over 12 months (dashboard of the auditor)",
                    "select " + year.countColumns("at") + " from audit_event where at >= ? and at < ?", params.toArray());
        }

        private void explain(String what, String sql, Object... params) {
            List<String> plan = jdbc.queryForList("explain (analyze, buffers) " + sql, String.class,
                    Arrays.stream(params).map(p -> p instanceof Instant i ? java.sql.Timestamp.from(i) : p).toArray());
            StringBuilder note = new StringBuilder("Plan of " + what + ":\n\n");
            plan.forEach(line -> note.append("      ").append(line).append('\n'));
            notes.add(note.toString());
        }

        // ---------------------------------------------------------------------------------------------

        /** Warm-up runs, then the timed runs; a row with the median, p95 and max (ms) and the peak heap meanwhile. */
        private void measure(String what, Supplier<Object> action) {
            LOG.info("{}", what);
            warm(action::get);
            heap.reset();
            long[] gc = {HeapSampler.gcMillis()};
            double[] millis = timed(action::get);
            rows.add(new String[] {what, "", ms(median(millis)), ms(p95(millis)), ms(max(millis)), "", "",
                    String.format(Locale.ROOT, "%,d / %d / %s", heap.peakMb(), HeapSampler.gcMillis() - gc[0], load())});
        }

        private double[] times(Runnable action) {
            warm(action);
            return timed(action);
        }

        private void warm(Runnable action) {
            for (int i = 0; i < warmup; i++) {
                action.run();
            }
        }

        private double[] timed(Runnable action) {
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                action.run();
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
            return millis;
        }

        void row(String what, String value) {
            LOG.info("{}: {}", what, value);
            rows.add(new String[] {what, value, "", "", "", "", "", ""});
        }

        private long count(String sql) {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? 0 : n;
        }

        private void print(int customers, int events) throws Exception {
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%n## ComplianceBench, %s, %,d customers, %,d audit events%n%n",
                    postgres ? "PostgreSQL " + jdbc.queryForObject("show server_version", String.class) : "H2 file",
                    customers, events));
            out.append(String.format(Locale.ROOT, "Java %s, %d processors, max heap %,d MB; %d warm-up runs, then %d timed "
                    + "runs (p95 of %d runs is the nearest rank); load average at the end: %s%n%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / 1_000_000, warmup, runs, runs, load));
            out.append("| what | value | median ms | p95 ms | max ms | department: median ms | department: p95 ms "
                    + "| heap peak MB / GC ms / load |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (String[] row : rows) {
                out.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            out.append('\n');
            for (String note : notes) {
                out.append("- ").append(note).append('\n');
            }
            System.out.println(out);
        }
    }

    // -------------------------------------------------------------------------------------------------

    /** The largest heap use sampled every 10 ms since the last reset (garbage included: an upper bound). */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();

        void start() {
            Thread sampler = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    sleep(10);
                }
            }, "bench-heap");
            sampler.setDaemon(true);
            sampler.start();
        }

        void reset() {
            peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        long peakMb() {
            return peak.get() / 1_000_000;
        }

        static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        }
    }

    /** The machine's load average over the last minute (a 2-core machine shared with other builds). */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static double median(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double p95(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(0.95 * s.length) - 1)];
    }

    private static double max(double[] millis) {
        return Arrays.stream(millis).max().orElse(0);
    }

    private static String ms(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "**%,.0f**", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static void removeQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Could not remove {}: {}", folder, e.toString());
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
