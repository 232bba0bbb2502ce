package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** Master key rotation through the API: security administrators only (R-STO-2). */
@IntegrationTest
class KeyRotationApiTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired MasterKeyRotation rotation;
    @Autowired DataKeys dataKeys;
    @Autowired KeysProperties properties;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aSecurityAdministratorRotatesTheMasterKeyAndFollowsTheReWrap() throws Exception {
        UUID customer = UUID.randomUUID();
        dataKeys.create(customer);
        String phone = dataKeys.encrypt(customer, "phone", "13812345678");
        String admin = token(Role.SECURITY_ADMIN);
        Map<String, Object> before = Api.body(mvc.perform(get("/api/v1/keys/rotation").header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.keys[0].dataKeys").isNumber())
                .andReturn());

        Map<String, Object> after = Api.body(mvc.perform(post("/api/v1/keys/rotation").header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rewrapPending").value(true))
                .andExpect(jsonPath("$.rotatedAt").isNotEmpty())
                .andReturn());
        assertThat(after.get("primaryKeyId")).isNotEqualTo(before.get("primaryKeyId"));
        assertThat(dataKeys.decrypt(customer, "phone", phone)).isEqualTo("13812345678");

        MasterKeyRotation job = AopTestUtils.getUltimateTargetObject(rotation);
        while (job.rewrapBatch() > 0) {
            // what the background job does every few seconds
        }
        mvc.perform(get("/api/v1/keys/rotation").header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.primaryKeyId").value(after.get("primaryKeyId")))
                .andExpect(jsonPath("$.rewrapPending").value(false))
                .andExpect(jsonPath("$.rewrapFinishedAt").isNotEmpty())
                .andExpect(jsonPath("$.keys.length()").value(1))
                .andExpect(jsonPath("$.keys[0].primary").value(true));
        assertThat(dataKeys.decrypt(customer, "phone", phone)).isEqualTo("13812345678");
        String key = "k" + after.get("primaryKeyId");
        assertThat(jdbc.sql("select action from audit_event where target_type = 'master-key' and target_id = ? "
                + "order by id").param(key).query(String.class).list())
                .containsExactly("keys.master-key.rotated", "keys.master-key.rewrap-finished");
    }

    @Test
    void theBackgroundJobFinishesTheReWrapByItself() throws Exception {
        UUID customer = UUID.randomUUID();
        dataKeys.create(customer);
        String phone = dataKeys.encrypt(customer, "phone", "13812345678");
        MasterKeyRotation target = AopTestUtils.getUltimateTargetObject(rotation);

        long primary = target.rotate().primaryKeyId();

        // The @Scheduled job runs every custos.keys.rewrap-interval (5 s); nothing here drives it.
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !target.status().rewrapPending());
        assertThat(target.status().keys()).singleElement()
                .satisfies(k -> assertThat(k.masterKeyId()).isEqualTo(primary));
        assertThat(dataKeys.decrypt(customer, "phone", phone)).isEqualTo("13812345678");
    }

    @Test
    void aMasterKeysetThatCannotBeRewrittenIsReportedAsAProblemAndLeftAlone() throws Exception {
        String admin = token(Role.SECURITY_ADMIN);
        Path file = properties.directory().resolve("master.json");
        String keyset = Files.readString(file);
        try {
            Files.writeString(file, "damaged");
            mvc.perform(post("/api/v1/keys/rotation").header("Authorization", admin))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.code").value("master-key-rotation-failed"))
                    .andExpect(jsonPath("$.detail").isNotEmpty());
        } finally {
            Files.writeString(file, keyset);
        }
    }

    @Test
    void everyoneElseIsRefused() throws Exception {
        for (Role role : List.of(Role.EMPLOYEE, Role.SYSTEM_ADMIN, Role.AUDITOR)) {
            String bearer = token(role);
            mvc.perform(get("/api/v1/keys/rotation").header("Authorization", bearer))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("forbidden"));
            mvc.perform(post("/api/v1/keys/rotation").header("Authorization", bearer))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(post("/api/v1/keys/rotation")).andExpect(status().isUnauthorized());
    }

    private String token(Role role) throws Exception {
        boolean privileged = role != Role.EMPLOYEE;
        return Api.token(mvc, accounts.create(clock.instant(), Set.of(role),
                privileged ? TestAccounts.newSecret() : null, false), clock.instant());
    }
}
