package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;

/**
 * Where e-mail is configured, opening emergency access alerts every security administrator and
 * the head of the customer's department at once (R-USE-6), with ids and a link, never a value.
 */
@IntegrationTest
@Import(RecordingMail.class)
class BreakGlassAlertTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired RecordingMail mail;

    @Test
    void theSecurityAdministratorsAndTheDepartmentHeadAreMailedAtOnceAndTheRequesterIsNot() throws Exception {
        UUID department = accounts.department("M" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account security = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        TestAccounts.Account outsider = member(accounts.department("N" + UUID.randomUUID().toString().substring(0, 6)),
                Role.EMPLOYEE);
        for (TestAccounts.Account account : List.of(head, security, outsider)) {
            jdbc.sql("update employee set email = ? where id = ?").params(account.username() + "@example.com",
                    account.id()).update();
        }
        String company = "告警测试 " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("phone", "+86 139 1111 2222");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization",
                Api.token(mvc, owner, clock.instant())).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.full())))).andReturn();
        String customer = (String) Api.body(created).get("id");

        MvcResult opened = mvc.perform(post("/api/v1/customers/" + customer + "/break-glass")
                .header("Authorization", Api.token(mvc, outsider, clock.instant()))
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("justification", "The customer's shipment is stuck at customs today."))))
                .andReturn();
        assertThat(opened.getResponse().getStatus()).isEqualTo(201);

        for (TestAccounts.Account reviewer : List.of(security, head)) {
            SimpleMailMessage alert = mail.await(reviewer.username() + "@example.com", "Break-glass");
            assertThat(alert.getText()).contains(outsider.username(), "/access/reviews")
                    .doesNotContain(company, "1111", "customs today");
        }
        Thread.sleep(300);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(outsider.username() + "@example.com"));
    }

    private TestAccounts.Account member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }
}
