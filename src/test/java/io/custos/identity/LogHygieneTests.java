package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-X-5: passwords, tokens and TOTP secrets never reach the logs, whatever happens. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired CredentialLinks links;
    @Autowired MyAccount myAccount;

    @Test
    void noCredentialEverReachesTheLog(CapturedOutput output) throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        String adminBearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));

        String wrongPassword = "Wr0ng#Secret-" + System.nanoTime();
        tokenRequest(mvc, someone.username(), wrongPassword, null);
        String token = (String) body(tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null)).get("token");
        String newPassword = "N3w#Secret-" + System.nanoTime();
        mvc.perform(post("/api/v1/account/password").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("currentPassword", TestAccounts.PASSWORD, "newPassword", newPassword))));
        String link = (String) body(mvc.perform(post("/api/v1/employees/" + someone.id() + "/password-reset")
                .header("Authorization", adminBearer).contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("reason", "Forgotten")))).andReturn()).get("link");
        String linkToken = io.custos.support.OneTimePasswords.token(link);
        String oneTime = io.custos.support.OneTimePasswords.open(links, link);
        MyAccount.Enrolment enrolment = myAccount.startSecondFactorEnrolment(new CustosUser(someone.id(),
                someone.username(), "x", null, Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE));

        List<String> secrets = List.of(TestAccounts.PASSWORD, wrongPassword, token, token.substring(4), newPassword,
                oneTime, linkToken, enrolment.secret(), admin.totpSecret(), adminBearer.substring(7));
        String logFile = Files.readString(Path.of(System.getProperty("logging.file.name", "target/test-logs/custos.log")));
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(logFile).doesNotContain(secret);
        }
        assertThat(output.getAll()).contains("Sign-in refused for account " + someone.id());
    }
}
