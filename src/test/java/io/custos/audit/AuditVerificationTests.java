package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.MockMvc;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** Verification by API and by the offline command (R-AUD-2). */
@IntegrationTest
class AuditVerificationTests {

    @Autowired ApplicationContext context;
    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired AuditSealer sealer;
    @Autowired AuditProperties properties;
    @Autowired Environment environment;

    @TempDir Path directory;

    @Test
    void auditorsAndSecurityAdministratorsVerifyTheLogOthersAreRefused() throws Exception {
        checkpointTheNodeChain();
        for (Role role : List.of(Role.AUDITOR, Role.SECURITY_ADMIN)) {
            String bearer = Api.token(mvc, accounts.create(clock.instant(), Set.of(role), TestAccounts.newSecret(), false),
                    clock.instant());
            mvc.perform(get("/api/v1/audit/verify").header("Authorization", bearer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.valid").value(true))
                    .andExpect(jsonPath("$.chains[?(@.chain == 'node-1')].checkpoints").isNotEmpty())
                    .andExpect(jsonPath("$.problems").isEmpty());
        }
        String employee = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
        mvc.perform(get("/api/v1/audit/verify").header("Authorization", employee)).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/public-key").header("Authorization", employee)).andExpect(status().isForbidden());
    }

    @Test
    void theOfflineCommandVerifiesWithThePinnedPublicKeyAndNamesTheFirstBrokenEvent() throws Exception {
        Path publicKey = exportPublicKey();
        checkpointTheNodeChain();
        Result valid = sealer.whileQuiet(() -> command("--public-key=" + publicKey,
                "--checkpoints=" + properties.chain() + "=" + properties.checkpointFile()));
        assertThat(valid.status()).as(valid.out()).isZero();
        assertThat(valid.out()).contains("VALID").doesNotContain("INVALID", "public key stored in the database");

        TestChain chain = new TestChain(context, directory, 5);
        try {
            chain.record(12);
            chain.seal();
            chain.jdbc.sql("update audit_event set action = 'customer.record.exported' where chain = ? and seq = 7")
                    .param(chain.name).update();
            Result broken = sealer.whileQuiet(() -> command("--public-key=" + publicKey,
                    "--checkpoints=" + chain.name + "=" + chain.file));
            assertThat(broken.status()).isEqualTo(1);
            assertThat(broken.out()).contains("BROKEN chain " + chain.name + " at seq 7: HASH_MISMATCH", "INVALID");
        } finally {
            chain.remove();
        }
    }

    @Test
    void theOfflineCommandRejectsCheckpointsSignedByAnotherKey() throws Exception {
        checkpointTheNodeChain();
        Path otherKey = directory.resolve("other.json");
        Files.writeString(otherKey, TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519).getPublicKeysetHandle()));
        Result result = sealer.whileQuiet(() -> command("--public-key=" + otherKey));
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("SIGNATURE_INVALID");
    }

    @Test
    void theOfflineCommandWarnsWhenItTrustsTheDatabaseForTheKeyAndRefusesUnknownOptions() {
        Result trusting = sealer.whileQuiet(() -> command());
        assertThat(trusting.out()).contains("public key stored in the database");
        Result wrong = command("--delete-everything");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("Unknown option", "Usage");
    }

    @Test
    void theSealerReportsACheckpointFileItCannotWriteAndCatchesUpOnceItCan() throws Exception {
        TestChain chain = new TestChain(context, directory, 5);
        try {
            Files.createDirectories(chain.file);
            chain.record(6);
            chain.seal();
            assertThat(chain.sealer.healthy()).isFalse();
            Files.delete(chain.file);
            chain.seal();
            assertThat(chain.sealer.healthy()).isTrue();
            assertThat(Files.readAllLines(chain.file)).hasSize(1);
            assertThat(chain.problem()).isNull();
        } finally {
            chain.remove();
        }
    }

    record Result(int status, String out, String err) {
    }

    private Result command(String... options) {
        List<String> args = new ArrayList<>(List.of(AuditVerifyCommand.NAME,
                "--db-url=" + environment.getProperty("spring.datasource.url"),
                "--db-user=" + environment.getProperty("spring.datasource.username"),
                "--db-password=" + environment.getProperty("spring.datasource.password", "")));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifyCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path exportPublicKey() throws Exception {
        String bearer = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false), clock.instant());
        String keyset = mvc.perform(get("/api/v1/audit/public-key").header("Authorization", bearer))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(keyset).contains("Ed25519").doesNotContain("privateKey");
        Path file = directory.resolve("audit-public-key.json");
        Files.writeString(file, keyset);
        return file;
    }

    /** Lets the checkpoint interval pass so the node's sealer signs a checkpoint now. */
    private void checkpointTheNodeChain() throws Exception {
        Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
        clock.advance(Duration.ofSeconds(61));
        sealer.sealNow();
    }
}
