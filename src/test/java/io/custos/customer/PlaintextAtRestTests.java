package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.support.TestDatabaseInitializer;

/**
 * What someone with the disk, a database dump or the logs would find: the L1-L2 values, and none of
 * the L3-L4 ones (R-STO-1, R-X-5). On H2 the database file itself is searched; with
 * {@code -Ppostgres}, the output of {@code pg_dump}.
 */
@SpringBootTest(properties = TestDatabaseInitializer.H2_FILE + "=true")
@AutoConfigureMockMvc
@Import({MutableClock.Config.class, TestAccounts.class})
@ExtendWith(OutputCaptureExtension.class)
class PlaintextAtRestTests {

    static final Map<String, String> SECRET_VALUES = Map.of(
            "phone", "13987654321",
            "email", "quartz.heron@example.org",
            "idNumber", "37020219800101123X",
            "bankAccount", "6217000011112222333",
            "address", "青岛市崂山区秘密路 77 号",
            "transactionNotes", "Q3 secret shipment 4711 tons",
            "pricingStrategy", "底价折扣 17% 不对外");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;

    @Test
    void noConfidentialValueIsReadableInTheDatabaseFileTheDumpOrTheLog(CapturedOutput output) throws Exception {
        String token = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
        Map<String, String> fields = new LinkedHashMap<>(SECRET_VALUES);
        fields.put("companyName", "Plainmarker Trading 8812");
        String id = (String) Api.body(mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent",
                        io.custos.support.Consents.full()))))
                .andExpect(status().isCreated()).andReturn()).get("id");
        mvc.perform(Api.search("phone", SECRET_VALUES.get("phone")).header("Authorization", token))
                .andExpect(status().isOk());
        mvc.perform(Api.search("email", SECRET_VALUES.get("email")).header("Authorization", token))
                .andExpect(status().isOk());
        // A refused value and a refused update must not leak into logs or error bodies either.
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("email", "not-an-email 13987654321")))))
                .andExpect(status().isUnprocessableContent());

        String stored = storedBytes();
        // Sanity: the search does see L1 values. (ASCII: H2 stores other characters in its own encoding.)
        assertThat(stored).as("sanity: the search sees L1 values").contains("Plainmarker Trading 8812");
        String log = Files.readString(Path.of(System.getProperty("logging.file.name", "target/test-logs/custos.log")));
        for (String value : secretForms()) {
            assertThat(stored).as("at rest").doesNotContain(value);
            assertThat(log).as("log file").doesNotContain(value);
            assertThat(output.getAll()).as("console").doesNotContain(value);
        }
    }

    /** Each value and the forms it is normalized to, as they would appear in UTF-8. */
    private static List<String> secretForms() {
        List<String> forms = new ArrayList<>(SECRET_VALUES.values());
        // Fragments long and distinctive enough not to occur by chance in ids and timestamps.
        forms.addAll(List.of("quartz.heron", "3987654321", "219800101123", "0000111122223333", "秘密路", "底价折扣"));
        return forms;
    }

    private String storedBytes() throws IOException, InterruptedException {
        if (TestDatabaseInitializer.onPostgres()) {
            return pgDump(environment.getProperty("spring.flyway.default-schema"));
        }
        jdbc.sql("checkpoint sync").update();
        StringBuilder all = new StringBuilder();
        String url = environment.getProperty("spring.datasource.url");
        Path directory = Path.of(url.substring("jdbc:h2:file:".length(), url.indexOf(';'))).getParent();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static String pgDump(String schema) throws IOException, InterruptedException {
        String url = System.getenv().getOrDefault("CUSTOS_TEST_PG_URL", System.getProperty("custos.test.pg-url"));
        String database = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
        String hostPort = url.substring("jdbc:postgresql://".length(), url.lastIndexOf('/'));
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
        ProcessBuilder builder = new ProcessBuilder("pg_dump", "-h", host, "-p", port, "-U",
                System.getenv().getOrDefault("CUSTOS_TEST_PG_USER", "postgres"), "-n", schema, "--data-only", database)
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", System.getenv().getOrDefault("CUSTOS_TEST_PG_PASSWORD", ""));
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
