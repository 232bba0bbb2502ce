package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OneTimePasswords;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;

/** Issue 24.4: with an address on file, the link goes there and the administrator learns only where. */
@IntegrationTest
@Import(RecordingMail.class)
class CredentialLinkMailTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired RecordingMail mail;
    @Autowired CredentialLinks links;

    @Test
    void theLinkIsMailedAndTheAdministratorSeesOnlyTheMaskedAddress() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(),
                false);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String address = someone.username() + "@example.com";
        jdbc.sql("update employee set email = ? where id = ?").params(address, someone.id()).update();

        Map<String, Object> answer = body(mvc.perform(post("/api/v1/employees/" + someone.id() + "/password-reset")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("reason", "Forgot it")))).andReturn());
        assertThat(answer.get("link")).isNull();
        assertThat(answer.get("mailedTo")).isEqualTo(someone.username().charAt(0) + "***@example.com");

        SimpleMailMessage letter = mail.await(address, "一次性密码");
        assertThat(letter.getSubject()).contains("one-time password");
        Matcher link = Pattern.compile("http://\\S+/one-time-password\\?token=\\S+").matcher(letter.getText());
        assertThat(link.find()).isTrue();
        assertThat(letter.getText()).doesNotContain("Forgot it");
        String oneTime = OneTimePasswords.open(links, link.group());
        assertThat(letter.getText()).doesNotContain(oneTime);
        assertThat(tokenRequest(mvc, someone.username(), oneTime, null).getResponse().getStatus()).isEqualTo(201);
    }
}
