package io.custos.retention;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custos.CustosApplication;
import io.custos.bench.SeededCustomers;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * Issue 16: destroying N customers (default 100,000) in one batch, on the database and with the
 * settings the application runs with, while another user keeps reading: how long the proposal, and
 * the execution from its start to DONE, take, and what a colleague's customer list costs meanwhile.
 * The customers are seeded directly ({@link SeededCustomers}: company name and city in plain, a phone
 * encrypted under each customer's own data key; last contact three years ago, every other one with a
 * transaction four years ago so the accounting minimum keeps its public facts); the proposal, both approvals and the
 * execution go through the services as a user's clicks would.
 * <p>
 * Run by hand in its own JVM (bench/README.md): the application starts with the {@code demo}
 * profile on a fresh H2 file database in the working directory, or, given
 * {@code --spring.profiles.active=postgres,demo} after the count, on the database the
 * {@code CUSTOS_DB_*} variables name. Prints a Markdown table.
 */
public final class DestructionBench {

    private DestructionBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--custos.audit.chain=bench-destruction",
                "--logging.level.root=WARN", "--logging.level.org.springframework.boot.SpringApplication=INFO"));
        List<String> extra = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        if (extra.stream().noneMatch(a -> a.startsWith("--spring.profiles.active="))) {
            arguments.add("--spring.profiles.active=demo");
        }
        arguments.addAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustosApplication.class)
                .run(arguments.toArray(String[]::new));
        try {
            run(context, count);
        } finally {
            context.close();
        }
    }

    private static void run(ConfigurableApplicationContext context, int count) throws Exception {
        Employees employees = context.getBean(Employees.class);
        EmployeeView owner = employees.byUsername("liu.yang").orElseThrow();
        CustosUser liu = user(owner);
        CustosUser head = user(employees.byUsername("zhang.wei").orElseThrow());
        CustosUser officer = user(employees.byUsername("wang.fang").orElseThrow());
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Clock clock = context.getBean(Clock.class);

        long seedStart = System.nanoTime();
        LocalDate threeYearsAgo = LocalDate.now(clock).minusYears(3);
        // Every other one traded four years ago: the accounting minimum keeps its public facts.
        List<UUID> ids = SeededCustomers.seed(context, owner, count, new SeededCustomers.Options(i -> threeYearsAgo,
                i -> i % 2 == 0 ? threeYearsAgo.minusYears(1) : null, null));
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        DestructionBatches batches = context.getBean(DestructionBatches.class);
        long proposeStart = System.nanoTime();
        DestructionBatch batch = as(liu, () -> batches.propose(ids, "Benchmark: past the retention period.", liu));
        double proposeSeconds = (System.nanoTime() - proposeStart) / 1e9;
        as(head, () -> batches.decide(batch.id(), DestructionBatches.Decision.APPROVE, null, head));
        as(officer, () -> batches.decide(batch.id(), DestructionBatches.Decision.APPROVE, null, officer));

        // A colleague of another department keeps listing her customers while the batch runs.
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        String token = token(http, port, "huang.li");
        List<Long> latencies = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/customers?size=20"))
                            .header("Authorization", token).build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    return;
                }
                synchronized (latencies) {
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        });
        reader.start();

        long executeStart = System.nanoTime();
        as(officer, () -> batches.execute(batch.id(), officer));
        DestructionBatch done;
        do {
            Thread.sleep(200);
            done = as(officer, () -> batches.get(batch.id(), officer));
        } while (done.status() == BatchStatus.EXECUTING);
        double executeSeconds = (System.nanoTime() - executeStart) / 1e9;
        running.set(false);
        reader.join();

        List<Long> sorted;
        synchronized (latencies) {
            sorted = latencies.stream().sorted().toList();
        }
        System.out.println("| figure | value |");
        System.out.println("|---|---|");
        System.out.printf("| customers seeded (not part of the figure; s) | %d in %.1f |%n", count, seedSeconds);
        System.out.printf("| proposal of all %,d in one batch (s) | %.1f |%n", count, proposeSeconds);
        System.out.printf("| execution from its start to DONE (s) | %.1f |%n", executeSeconds);
        System.out.printf("| customers destroyed per second | %,.0f |%n", done.destroyedCount() / executeSeconds);
        System.out.printf("| batch status, destroyed, facts kept | %s, %,d, %,d |%n", done.status(), done.destroyedCount(),
                done.factsKeptCount());
        System.out.printf("| another user's customer list during the execution: requests, median, p99, max (ms) | "
                + "%d, %d, %d, %d |%n", sorted.size(), pct(sorted, 50), pct(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        System.out.printf("| values left of the destroyed customers | %d |%n", jdbc.queryForObject(
                "select count(*) from customer_value v join destruction_item i on i.customer_id = v.customer_id "
                        + "where i.batch_id = ?", Long.class, batch.id()));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
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

    private static CustosUser user(EmployeeView e) {
        return new CustosUser(e.id(), e.username(), e.displayName(), e.departmentId(), e.roles(), e.status());
    }

    private static <T> T as(CustosUser user, java.util.function.Supplier<T> action) {
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                .authenticated(user, null, user.roles().stream().map(r -> new org.springframework.security.core.authority
                        .SimpleGrantedAuthority(r.authority())).toList()));
        try {
            return action.get();
        } finally {
            context.setAuthentication(previous);
        }
    }

}
