package io.custos.backup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.custos.CustosApplication;
import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.bench.SeededCustomers;
import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.keys.MasterKeyProvider;
import io.custos.shared.Actor;

/**
 * Issue 17: "a backup does not stop users". Seeds N customers of liu.yang (default 100,000; each with
 * a consent, so they can be revealed), tops the audit log up to M events (default 1,000,000; events
 * recorded through the audit log, tagged, and sealed into the chain by the sealer, which is waited
 * for), then measures, in the running application:
 * <ol>
 * <li>a backup with nobody working (duration, rows, bytes, MB/s, time per table, peak heap);</li>
 * <li>for 2 and 8 concurrent clients: the reveal throughput and latency (liu.yang, bearer token,
 * {@code POST /api/v1/customers/{id}/reveal} of the phone of a random seeded customer for
 * {@code AFTER_SALES}) for a fixed time without a backup, then for the whole duration of a backup
 * started on another thread;</li>
 * <li>the verification of the first backup, and its restore into a scratch database (H2: a new
 * file database in a temporary folder; PostgreSQL: a scratch schema of the same database, dropped
 * after), with the peak heap of each.</li>
 * </ol>
 * Each step notes the CPU other processes of the machine used meanwhile.
 * <p>
 * Run by hand in its own JVM (bench/README.md): {@code BackupBench [customers] [events] [spring
 * arguments...]}. The application starts with the {@code demo} profile on a fresh H2 file database,
 * or, with {@code -Dcustos.test.pg-url=jdbc:postgresql://…/<database>} (and
 * {@code --spring.profiles.active=postgres,demo} after the counts, for the production pool settings),
 * in a fresh schema of that PostgreSQL database. System properties {@code bench.seconds} (20),
 * {@code bench.warmup} (15) and {@code bench.clients} (2,8) set the load. Prints Markdown tables.
 */
public final class BackupBench {

    private static final String OWNER = "liu.yang";
    private static final String PURPOSE = "AFTER_SALES";
    private static final int TOP_UP_BATCH = 5000;

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int customers = !rest.isEmpty() && rest.get(0).matches("\\d+") ? Integer.parseInt(rest.remove(0)) : 100_000;
        int events = !rest.isEmpty() && rest.get(0).matches("\\d+") ? Integer.parseInt(rest.remove(0)) : 1_000_000;
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--custos.audit.chain=bench-backup",
                "--logging.level.root=WARN", "--logging.level.org.springframework.boot.SpringApplication=INFO"));
        if (rest.stream().noneMatch(a -> a.startsWith("--spring.profiles.active="))) {
            arguments.add("--spring.profiles.active=demo");
        }
        boolean postgres = !System.getProperty("custos.test.pg-url", "").isBlank();
        if (!postgres) {
            // A file database, as installed, rather than the test suite's in-memory one.
            arguments.add("--custos.test.h2-file=true");
        }
        arguments.addAll(rest);
        System.out.println("BackupBench: " + customers + " customers, " + events + " audit events, "
                + (postgres ? "PostgreSQL" : "H2 file") + "; arguments " + arguments);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustosApplication.class)
                .run(arguments.toArray(String[]::new));
        Path files = Path.of(context.getEnvironment().getRequiredProperty("custos.keys.directory")).getParent();
        try {
            new BackupBench.Run(context, postgres).run(customers, events);
        } finally {
            context.close();
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "custos-tests");
            if (files.startsWith(scratch) && !files.equals(scratch)) {
                // The H2 file database, keys, checkpoint file and journal of this run: hundreds of MB.
                BackupWriter.removeQuietly(files);
            }
        }
    }

    private static final class Run {

        private final ConfigurableApplicationContext context;
        private final boolean postgres;
        private final DataSource dataSource;
        private final JdbcTemplate jdbc;
        private final MasterKeyProvider master;
        private final Clock clock;
        private final HeapSampler heap = new HeapSampler();
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final int seconds = Integer.getInteger("bench.seconds", 20);
        private final int warmup = Integer.getInteger("bench.warmup", 15);
        private final int[] clients = Arrays.stream(System.getProperty("bench.clients", "2,8").split(","))
                .mapToInt(Integer::parseInt).toArray();

        Run(ConfigurableApplicationContext context, boolean postgres) {
            this.context = context;
            this.postgres = postgres;
            this.dataSource = context.getBean(DataSource.class);
            this.jdbc = context.getBean(JdbcTemplate.class);
            this.master = context.getBean(MasterKeyProvider.class);
            this.clock = context.getBean(Clock.class);
        }

        void run(int customers, int events) throws Exception {
            heap.start();
            EmployeeView owner = context.getBean(Employees.class).byUsername(OWNER).orElseThrow();
            LocalDate today = LocalDate.now(clock);

            Cpu cpu = Cpu.begin(this);
            long started = System.nanoTime();
            // Recent activity, so that no retention rule finds them due while the benchmark runs.
            List<UUID> ids = SeededCustomers.seed(context, owner, customers, new SeededCustomers.Options(
                    i -> today.minusDays(5 + i % 300), i -> i % 2 == 0 ? today.minusDays(20 + i % 300) : null,
                    new ConsentGrant(1, Set.of("SALES_FOLLOW_UP", "DELIVERY", "AFTER_SALES"), false, false,
                            Channel.PAPER_FORM)));
            double seeded = since(started);
            row("customers of " + OWNER + " seeded, each with a consent (not part of the figures; s)",
                    String.format("%,d in %.1f", customers, seeded));
            cpu.end("seeding");
            topUp(events);

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Reveals reveals = new Reveals(http, port, token(http, port, OWNER), ids);
            // A customer of the seed can be revealed for the purpose: one request first, to fail early.
            reveals.check();
            if (warmup > 0) {
                long until = System.nanoTime() + warmup * 1_000_000_000L;
                reveals.run(8, () -> System.nanoTime() < until);
            }

            Path parent = Files.createTempDirectory("custos-backup-bench");
            try {
                row("database size before the backups (MB)", String.format("%,.0f", databaseBytes() / 1e6));
                Timed idle = backupAlone(parent);
                for (int c : clients) {
                    Cpu without = Cpu.begin(this);
                    heap.reset();
                    long until = System.nanoTime() + seconds * 1_000_000_000L;
                    Load base = reveals.run(c, () -> System.nanoTime() < until);
                    String baseHeap = heap.summary();
                    without.end("reveals, " + c + " clients, no backup");

                    Cpu during = Cpu.begin(this);
                    heap.reset();
                    TimingSink sink = new TimingSink();
                    ExecutorService backupThread = Executors.newSingleThreadExecutor();
                    long backupStart = System.nanoTime();
                    CompletableFuture<BackupWriter.Written> backup = CompletableFuture.supplyAsync(
                            () -> new BackupWriter(dataSource, master, clock, sink).write(parent), backupThread);
                    Load under = reveals.run(c, () -> !backup.isDone());
                    BackupWriter.Written written = backup.join();
                    double took = since(backupStart);
                    backupThread.shutdown();
                    String duringHeap = heap.summary();
                    during.end("reveals, " + c + " clients, during a backup");

                    row("reveals, " + c + " clients, no backup (" + seconds + " s): req/s · p50 · p99 · max (ms) · errors",
                            base.summary());
                    row("reveals, " + c + " clients, during a backup: req/s · p50 · p99 · max (ms) · errors",
                            under.summary());
                    row("reveals, " + c + " clients: req/s during ÷ without · p99 during ÷ without",
                            String.format("%.2f · %.2f", under.rps() / base.rps(),
                                    (double) under.p(99) / Math.max(1, base.p(99))));
                    row("backup under " + c + " clients: s · MB/s · rows/s", String.format("%.1f · %.1f · %,.0f", took,
                            bytesOnDisk(written.folder()) / 1e6 / took, written.manifest().rows() / took));
                    row("heap, reveals " + c + " clients, without · during the backup: peak used (MB) / time in GC (s)",
                            baseHeap + " · " + duringHeap);
                    notes.add("Backup under " + c + " clients, slowest tables: " + sink.slowest(written.manifest(), 4));
                    BackupWriter.removeQuietly(written.folder());
                }
                verify(idle.written());
                restore(idle.written());
                perTable(idle);
            } finally {
                BackupWriter.removeQuietly(parent);
            }
            print();
        }

        /** Adds events through the audit log (tagged, as every event is) and waits until the sealer has chained them all. */
        private void topUp(int events) throws InterruptedException {
            AuditLog audit = context.getBean(AuditLog.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
            long have = count("select count(*) from audit_event");
            long missing = events - have;
            if (missing <= 0) {
                row("audit events (already there)", String.format("%,d", have));
                return;
            }
            Cpu cpu = Cpu.begin(this);
            long started = System.nanoTime();
            Actor bench = Actor.system("bench");
            for (long done = 0; done < missing; done += TOP_UP_BATCH) {
                int n = (int) Math.min(TOP_UP_BATCH, missing - done);
                List<AuditEvent> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    batch.add(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.ALLOWED)
                            .actor(bench).target("customer", UUID.randomUUID()).purpose(PURPOSE)
                            .detail("field", "phone").detail("policyVersion", 1).detail("rule", "owner")
                            .detail("reason", "revealed").build());
                }
                transactions.executeWithoutResult(status -> audit.recordAll(batch));
                if ((done / TOP_UP_BATCH) % 20 == 19) {
                    System.out.printf("  %,d events inserted in %.0f s, %,d not yet sealed%n", done + n, since(started),
                            count("select count(*) from audit_event where seq is null"));
                }
            }
            double inserted = since(started);
            long unsealed;
            while ((unsealed = count("select count(*) from audit_event where seq is null")) > 0) {
                if (since(started) > 3600) {
                    throw new IllegalStateException(unsealed + " events still unsealed after an hour");
                }
                Thread.sleep(500);
            }
            double sealed = since(started);
            cpu.end("audit top-up and sealing");
            long rejected = count("select count(*) from audit_rejected_event");
            if (rejected > 0) {
                throw new IllegalStateException(rejected + " events were rejected by the sealer");
            }
            row("audit events topped up to " + String.format("%,d", count("select count(*) from audit_event"))
                    + ": inserted (s) · all sealed (s) · events/s sealed", String.format("%,d: %.1f · %.1f · %,.0f",
                            missing, inserted, sealed, missing / sealed));
        }

        private record Timed(BackupWriter.Written written, double seconds, TimingSink sink) {
        }

        private Timed backupAlone(Path parent) {
            Cpu cpu = Cpu.begin(this);
            heap.reset();
            TimingSink sink = new TimingSink();
            long started = System.nanoTime();
            BackupWriter.Written written = new BackupWriter(dataSource, master, clock, sink).write(parent);
            double took = since(started);
            String memory = heap.summary();
            cpu.end("backup, nobody working");
            Manifest manifest = written.manifest();
            long bytes = bytesOnDisk(written.folder());
            row("backup, nobody working: tables · rows · MB on disk", String.format("%d · %,d · %,.1f",
                    manifest.tables().size(), manifest.rows(), bytes / 1e6));
            row("backup, nobody working: s · MB/s · rows/s · heap peak used (MB) / time in GC (s)", String.format(
                    "%.1f · %.1f · %,.0f · %s", took, bytes / 1e6 / took, manifest.rows() / took, memory));
            return new Timed(written, took, sink);
        }

        private void verify(BackupWriter.Written written) {
            Cpu cpu = Cpu.begin(this);
            heap.reset();
            long started = System.nanoTime();
            BackupVerifier.Verification verification = BackupVerifier.verify(written.folder(), master);
            double took = since(started);
            String memory = heap.summary();
            cpu.end("verification");
            if (!verification.valid()) {
                throw new IllegalStateException("The backup does not verify: " + verification.problems());
            }
            row("verification of the first backup: s · rows/s · MB/s · heap peak used (MB) / time in GC (s)",
                    String.format("%.1f · %,.0f · %.1f · %s", took, verification.rowsChecked() / took,
                            bytesOnDisk(written.folder()) / 1e6 / took, memory));
        }

        private void restore(BackupWriter.Written written) throws Exception {
            // What part of the restore is building the schema: Flyway alone into another empty database.
            double schema;
            try (Scratch empty = postgres ? Scratch.postgres() : Scratch.h2()) {
                long started = System.nanoTime();
                DatabaseSchema.flyway(empty.dataSource, postgres ? "postgresql" : "h2", null).migrate();
                schema = since(started);
            }
            Scratch target = postgres ? Scratch.postgres() : Scratch.h2();
            try {
                Cpu cpu = Cpu.begin(this);
                heap.reset();
                long started = System.nanoTime();
                BackupRestorer.Restored restored = BackupRestorer.restore(written.folder(), master, target.dataSource,
                        BackupRestorer.Options.intoEmpty());
                double took = since(started);
                String memory = heap.summary();
                cpu.end("restore");
                long customers = count(target.dataSource, "select count(*) from customer");
                long events = count(target.dataSource, "select count(*) from audit_event");
                Map<String, Long> expected = new HashMap<>();
                written.manifest().tables().forEach(t -> expected.put(t.name(), t.rows()));
                if (customers != expected.get("customer") || events != expected.get("audit_event")) {
                    throw new IllegalStateException("The restore holds " + customers + " customers and " + events
                            + " events, the backup " + expected.get("customer") + " and " + expected.get("audit_event"));
                }
                row("restore into " + (postgres ? "a scratch schema" : "a new H2 file database")
                        + " (schema built, rows loaded, foreign keys checked): s · of which building the schema alone (s) "
                        + "· rows/s · heap peak used (MB) / time in GC (s)", String.format("%.1f · %.1f · %,.0f · %s",
                                took, schema, restored.rows() / took, memory));
            } finally {
                target.close();
            }
        }

        private void perTable(Timed idle) {
            notes.add(0, "Backup, nobody working, time per table (the biggest): " + idle.sink().slowest(
                    idle.written().manifest(), 6));
        }

        private long databaseBytes() throws SQLException {
            if (postgres) {
                return count("select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c join pg_namespace n "
                        + "on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'");
            }
            try (Connection c = dataSource.getConnection()) {
                String url = c.getMetaData().getURL();
                String file = url.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db";
                return Files.size(Path.of(file));
            } catch (IOException e) {
                return -1;
            }
        }

        private long count(String sql) {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? 0 : n;
        }

        private static long count(DataSource dataSource, String sql) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private void row(String figure, String value) {
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

    /** Reveals of the phone of a random seeded customer, by N clients, each waiting for its answer. */
    private static final class Reveals {
        private final HttpClient http;
        private final List<UUID> ids;
        private final String token;
        private final String base;

        Reveals(HttpClient http, int port, String token, List<UUID> ids) {
            this.http = http;
            this.ids = ids;
            this.token = token;
            this.base = "http://127.0.0.1:" + port + "/api/v1/customers/";
        }

        private HttpRequest request(UUID id) {
            return HttpRequest.newBuilder(URI.create(base + id + "/reveal")).header("Authorization", token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fields\":[\"phone\"],\"purpose\":\"" + PURPOSE + "\"}"))
                    .build();
        }

        void check() throws Exception {
            HttpResponse<String> response = http.send(request(ids.get(0)), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("+86 139")) {
                throw new IllegalStateException("A reveal answered " + response.statusCode() + ": " + response.body());
            }
        }

        Load run(int clients, BooleanSupplier keepGoing) throws InterruptedException {
            long[][] latencies = new long[clients][];
            int[] counts = new int[clients];
            long[] errors = new long[clients];
            Thread[] threads = new Thread[clients];
            long started = System.nanoTime();
            for (int t = 0; t < clients; t++) {
                int me = t;
                threads[t] = new Thread(() -> {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (keepGoing.getAsBoolean()) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> response = http.send(request(ids.get(random.nextInt(ids.size()))),
                                    HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200) {
                                errors[me]++;
                            }
                        } catch (IOException e) {
                            errors[me]++;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - start;
                    }
                    latencies[me] = mine;
                    counts[me] = n;
                }, "bench-reveal-" + t);
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double took = since(started);
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int t = 0; t < clients; t++) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(all);
            return new Load(clients, all, Arrays.stream(errors).sum(), took);
        }
    }

    /** @param sorted latencies in nanoseconds, ascending */
    private record Load(int clients, long[] sorted, long errors, double seconds) {
        double rps() {
            return sorted.length / seconds;
        }

        /** In microseconds. */
        long p(int percent) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * percent / 100))]
                    / 1000;
        }

        String summary() {
            long max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000;
            return String.format("%,.0f · %.1f · %.1f · %.0f · %d", rps(), p(50) / 1000.0, p(99) / 1000.0, max / 1000.0,
                    errors);
        }
    }

    /**
     * Notes when each file of a backup is opened and closed. A table's time runs from the close of the
     * file before it to the close of its own: its query (which the writer runs before it opens the
     * file; on H2 that is where a result is produced) and the writing of its rows.
     */
    private static final class TimingSink implements BackupWriter.Sink {
        private final Map<String, Long> opened = new HashMap<>();
        private final Map<String, Long> closed = new HashMap<>();

        @Override
        public synchronized java.io.OutputStream open(Path file) throws IOException {
            String name = file.getFileName().toString();
            opened.put(name, System.nanoTime());
            return new java.io.FilterOutputStream(Files.newOutputStream(file)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    super.close();
                    synchronized (TimingSink.this) {
                        closed.put(name, System.nanoTime());
                    }
                }
            };
        }

        /** The {@code n} tables that took longest: name, seconds (of which the query before the first row), rows, MB. */
        synchronized String slowest(Manifest manifest, int n) {
            Map<String, double[]> seconds = new HashMap<>();
            // Before the first table: the schema version, the tables and their foreign keys from the catalog.
            long first = manifest.tables().stream().map(t -> opened.get(fileName(t))).filter(java.util.Objects::nonNull)
                    .mapToLong(Long::longValue).min().orElse(0);
            double catalog = (first - closed.values().stream().filter(t -> t < first).mapToLong(Long::longValue).max()
                    .orElse(first)) / 1e9;
            for (Manifest.Table table : manifest.tables()) {
                String file = fileName(table);
                Long open = opened.get(file);
                Long close = closed.get(file);
                if (open == null || close == null) {
                    continue;
                }
                long before = open == first ? open : closed.values().stream().filter(t -> t < open)
                        .mapToLong(Long::longValue).max().orElse(open);
                seconds.put(file, new double[] {(close - before) / 1e9, (open - before) / 1e9});
            }
            double total = seconds.values().stream().mapToDouble(s -> s[0]).sum();
            return manifest.tables().stream()
                    .filter(t -> seconds.containsKey(fileName(t)))
                    .sorted((a, b) -> Double.compare(seconds.get(fileName(b))[0], seconds.get(fileName(a))[0]))
                    .limit(n)
                    .map(t -> String.format(Locale.ROOT, "%s %.1f s, query %.1f s (%,d rows, %.1f MB)", t.name(),
                            seconds.get(fileName(t))[0], seconds.get(fileName(t))[1], t.rows(), t.bytes() / 1e6))
                    .reduce((a, b) -> a + "; " + b).orElse("") + String.format(Locale.ROOT, "; all tables %.1f s; "
                            + "reading the catalog (tables, foreign keys) before the first %.1f s", total, catalog);
        }

        private static String fileName(Manifest.Table table) {
            return Path.of(table.file()).getFileName().toString();
        }
    }

    /** The largest heap use sampled every 20 ms since the last reset (garbage included: an upper bound). */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();

        void start() {
            Thread sampler = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap");
            sampler.setDaemon(true);
            sampler.start();
        }

        private long gcAtReset;

        void reset() {
            peak.set(0);
            gcAtReset = gcMillis();
        }

        /** Peak heap used (MB) / time in GC (s) since the reset. */
        String summary() {
            return String.format(Locale.ROOT, "%,d / %.1f", peak.get() / 1_000_000, (gcMillis() - gcAtReset) / 1000.0);
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        }
    }

    /**
     * The CPU used during a step, from /proc: by this JVM (the application, its H2 database, the
     * clients), by the PostgreSQL backends connected to this database, and by everything else on the
     * machine; processes of others that used more than 5 % of a core are named.
     */
    private static final class Cpu {
        private static final long HZ = 100;
        private final Run run;
        private final long started;
        private final long[] machine;
        private final Map<Long, Proc> processes;
        private final Set<Long> database;

        private record Proc(String comm, long ticks, boolean kernel) {
        }

        private Cpu(Run run) {
            this.run = run;
            this.started = System.nanoTime();
            this.machine = machine();
            this.processes = processes();
            this.database = backends(run);
        }

        static Cpu begin(Run run) {
            return new Cpu(run);
        }

        void end(String step) {
            double wall = since(started);
            long[] machineNow = machine();
            Map<Long, Proc> now = processes();
            Set<Long> ours = new HashSet<>(database);
            ours.addAll(backends(run));
            long self = ProcessHandle.current().pid();
            double coreTicks = wall * HZ;
            double busy = (machineNow[0] - machine[0]) / coreTicks;
            double total = (machineNow[1] - machine[1]) / coreTicks;
            double mine = 0;
            double database = 0;
            Map<String, Double> others = new HashMap<>();
            for (Map.Entry<Long, Proc> entry : now.entrySet()) {
                Proc before = processes.get(entry.getKey());
                long used = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
                double share = used / coreTicks;
                if (entry.getKey() == self) {
                    mine += share;
                } else if (ours.contains(entry.getKey())) {
                    database += share;
                } else if (!entry.getValue().kernel()) {
                    others.merge(entry.getValue().comm(), share, Double::sum);
                }
            }
            StringBuilder named = new StringBuilder();
            others.entrySet().stream().filter(e -> e.getValue() > 0.05)
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> named.append(String.format(Locale.ROOT, " %s %.0f %%,", e.getKey(),
                            e.getValue() * 100)));
            double rest = busy - mine - database;
            String line = String.format(Locale.ROOT, "%s (%.0f s): machine busy %.0f %% of %.0f cores; this JVM %.0f %%"
                    + "%s; everything else %.0f %% of a core%s", step, wall, busy * 100, total, mine * 100,
                    run.postgres ? String.format(Locale.ROOT, ", its PostgreSQL backends %.0f %%", database * 100) : "",
                    rest * 100, named.length() == 0 ? "" : " (" + named.substring(1, named.length() - 1) + ")");
            run.notes.add("CPU, " + line);
            System.out.println("  cpu: " + line);
        }

        /** Busy and all ticks of all cores together (all ticks ÷ a core's ticks over the step = the cores). */
        private static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long steal = Long.parseLong(f[8]);
                long busy = user + nice + system + irq + softirq + steal;
                return new long[] {busy, busy + idle + iowait};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }

        private static Map<Long, Proc> processes() {
            Map<Long, Proc> all = new HashMap<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                dirs.filter(d -> d.getFileName().toString().matches("\\d+")).forEach(d -> {
                    try {
                        String stat = Files.readString(d.resolve("stat"));
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        String comm = stat.substring(open + 1, close);
                        String[] f = stat.substring(close + 2).split(" ");
                        long ppid = Long.parseLong(f[1]);
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        long pid = Long.parseLong(d.getFileName().toString());
                        all.put(pid, new Proc(comm, ticks, pid == 2 || ppid == 2));
                    } catch (IOException | RuntimeException gone) {
                        // The process ended meanwhile.
                    }
                });
            } catch (IOException e) {
                // No /proc: nothing to say.
            }
            return all;
        }

        /** The server processes working for this database (its connections, autovacuum in it). */
        private static Set<Long> backends(Run run) {
            Set<Long> pids = new HashSet<>();
            if (run.postgres) {
                run.jdbc.query("select pid from pg_stat_activity where datname = current_database()",
                        rs -> {
                            pids.add(rs.getLong(1));
                        });
            }
            return pids;
        }
    }

    /** An empty database for the restore: a new H2 file database, or a new schema of the PostgreSQL database. */
    private static final class Scratch implements AutoCloseable {
        final HikariDataSource dataSource;
        private final @Nullable Path folder;
        private final @Nullable String schema;

        private Scratch(HikariDataSource dataSource, @Nullable Path folder, @Nullable String schema) {
            this.dataSource = dataSource;
            this.folder = folder;
            this.schema = schema;
        }

        static Scratch h2() throws IOException {
            Path folder = Files.createTempDirectory("custos-restore-bench");
            // A pool, as the application has: H2 misbehaves with a new connection per use (see ScratchDatabase).
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl("jdbc:h2:file:" + folder.resolve("custos") + ";WRITE_DELAY=0");
            pool.setUsername("custos");
            pool.setPassword("");
            pool.setMaximumPoolSize(3);
            return new Scratch(pool, folder, null);
        }

        static Scratch postgres() throws SQLException {
            String url = url();
            String schema = "bench_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
                s.execute("create schema " + schema);
            }
            HikariDataSource pool = new HikariDataSource();
            // As the production profile's pool (application-postgres.yml): batches as multi-row inserts.
            pool.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema
                    + "&reWriteBatchedInserts=true");
            pool.setUsername(user());
            pool.setPassword(password());
            pool.setMaximumPoolSize(3);
            return new Scratch(pool, null, schema);
        }

        /** The database the application runs on, as TestDatabaseInitializer takes it. */
        private static String url() {
            String fromEnvironment = System.getenv("CUSTOS_TEST_PG_URL");
            return fromEnvironment == null || fromEnvironment.isBlank() ? System.getProperty("custos.test.pg-url")
                    : fromEnvironment;
        }

        private static String user() {
            return System.getenv().getOrDefault("CUSTOS_TEST_PG_USER", "postgres");
        }

        private static String password() {
            return System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", "");
        }

        @Override
        public void close() throws SQLException {
            if (schema != null) {
                dataSource.close();
                try (Connection c = DriverManager.getConnection(url(), user(), password());
                        Statement s = c.createStatement()) {
                    s.execute("drop schema if exists " + schema + " cascade");
                }
            } else {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("shutdown");
                } catch (SQLException ignored) {
                    // Closed already.
                }
                dataSource.close();
                if (folder != null) {
                    BackupWriter.removeQuietly(folder);
                }
            }
        }
    }

    private static String token(HttpClient http, int port, String username) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/auth/token")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                        .ofString("{\"username\":\"" + username + "\",\"password\":\"Demo#2026\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int at = body.indexOf("\"token\":\"") + 9;
        return "Bearer " + body.substring(at, body.indexOf('"', at));
    }

    /** Every file of a backup folder, its header and manifests included. */
    private static long bytesOnDisk(Path folder) {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double since(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
