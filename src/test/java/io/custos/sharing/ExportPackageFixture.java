package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * A department of the test's own: its head, a requester with {@code count} customers of their own
 * (each with a phone and contact name; the company name starts with the tag), a colleague, and a
 * manager and a security administrator from elsewhere, each with a token.
 */
final class ExportPackageFixture {

    final String tag;
    final UUID department;
    final TestAccounts.Account head;
    final TestAccounts.Account requester;
    final TestAccounts.Account colleague;
    final TestAccounts.Account outsider;
    final TestAccounts.Account manager;
    final TestAccounts.Account security;
    final String headToken;
    final String requesterToken;
    final String colleagueToken;
    final String outsiderToken;
    final String managerToken;
    final String securityToken;
    private final MockMvc mvc;

    ExportPackageFixture(MockMvc mvc, JdbcClient jdbc, TestAccounts accounts, PolicyDocuments documents,
            MutableClock clock, int count) throws Exception {
        this.mvc = mvc;
        tag = "P" + UUID.randomUUID().toString().substring(0, 6);
        department = accounts.customerDepartment(tag);
        head = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        requester = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        colleague = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        for (TestAccounts.Account member : List.of(head, requester, colleague)) {
            accounts.moveTo(member, department);
        }
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        outsider = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        accounts.moveTo(outsider, accounts.customerDepartment("O" + tag));
        manager = accounts.create(clock.instant(), EnumSet.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        security = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, clock.instant(), requester, Set.of(Role.EMPLOYEE));
        Gate.pass(documents, accounts, clock.instant(), head, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        headToken = Api.token(mvc, head, clock.instant());
        requesterToken = Api.token(mvc, requester, clock.instant());
        colleagueToken = Api.token(mvc, colleague, clock.instant());
        outsiderToken = Api.token(mvc, outsider, clock.instant());
        managerToken = Api.token(mvc, manager, clock.instant());
        securityToken = Api.token(mvc, security, clock.instant());
        for (int i = 0; i < count; i++) {
            customer(requesterToken, i);
        }
    }

    /** One customer of the token's person: company {@code <tag> <n>}, phone 139 1234 nnnn. */
    void customer(String token, int n) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", tag + " " + String.format("%03d", n));
        fields.put("contactName", "王" + n);
        fields.put("phone", "+86 139 1234 " + String.format("%04d", 5000 + n));
        MvcResult result = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.full())))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
    }

    /** Requests a package of the tag's customers (company name, contact, phone) for after-sales service. */
    MvcResult request(String token) throws Exception {
        return mvc.perform(post("/api/v1/sharing/exports").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("name", tag, "fields",
                        List.of("companyName", "contactName", "phone"), "purpose", "AFTER_SALES", "justification",
                        "Annual service visits")))).andReturn();
    }

    UUID requested(String token) throws Exception {
        MvcResult result = request(token);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(result).get("id"));
    }

    MvcResult decide(String token, UUID id, String decision, String reason) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        return mvc.perform(post("/api/v1/sharing/exports/" + id + "/decisions").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
    }

    MvcResult withdraw(String token, UUID id) throws Exception {
        return mvc.perform(post("/api/v1/sharing/exports/" + id + "/withdrawal").header("Authorization", token))
                .andReturn();
    }

    MvcResult file(String token, UUID id) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/sharing/exports/" + id + "/file").header("Authorization", token)).andReturn();
    }

    MvcResult password(String token, UUID id) throws Exception {
        return mvc.perform(post("/api/v1/sharing/exports/" + id + "/password").header("Authorization", token))
                .andReturn();
    }

    UUID approved() throws Exception {
        UUID id = requested(requesterToken);
        MvcResult approval = decide(headToken, id, "APPROVE", null);
        assertThat(approval.getResponse().getStatus()).as(approval.getResponse().getContentAsString()).isEqualTo(200);
        return id;
    }
}
