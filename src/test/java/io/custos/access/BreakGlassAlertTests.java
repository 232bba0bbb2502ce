package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.MailOutbox;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;

/**
 * Where e-mail is configured, opening emergency access alerts every security administrator and
 * the head of the customer's department at once (R-USE-6), with ids and a link, never a value;
 * the alert leaves only once the opening has committed (issue 14.18).
 */
@IntegrationTest
@Import(RecordingMail.class)
class BreakGlassAlertTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired RecordingMail mail;
    @Autowired MailOutbox outbox;
    @Autowired AccessReviews reviews;
    @Autowired TransactionTemplate transactions;

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
                    .doesNotContain(company, "139 1111", "1111 2222", "13911112222", "customs today");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(outsider.username() + "@example.com"));
    }

    @Test
    void anOpeningThatRollsBackAlertsNobody() throws Exception {
        UUID department = accounts.department("R" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        UUID elsewhere = accounts.department("S" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account outsider = member(elsewhere, Role.EMPLOYEE);
        String headAddress = head.username() + "@example.com";
        jdbc.sql("update employee set email = ? where id = ?").params(headAddress, head.id()).update();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "回滚测试 " + UUID.randomUUID().toString().substring(0, 6));
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization",
                Api.token(mvc, owner, clock.instant())).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.full())))).andReturn();
        UUID customer = UUID.fromString((String) Api.body(created).get("id"));
        CustosUser requester = new CustosUser(outsider.id(), outsider.username(), "Outsider", elsewhere,
                Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE);

        transactions.executeWithoutResult(status -> {
            reviews.openBreakGlass(requester, new Subject(customer, owner.id(), department),
                    "The customer's shipment is stuck at customs today.");
            status.setRollbackOnly();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(headAddress));
        assertThat(jdbc.sql("select count(*) from break_glass where customer_id = ?").param(customer)
                .query(Long.class).single()).isZero();
    }

    private TestAccounts.Account member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }
}
