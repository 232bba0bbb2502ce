package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 15.3, 15.4 (R-USE-4, PIPL art. 23): sharing with a partner. The administration department
 * approves after the head; customers without third-party consent are left out and listed; the
 * partner's user sees exactly the grant, nothing of another partner's, nothing without the NDA in
 * force and accepted, and sees it again once a new NDA is on file and accepted.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class PartnerSharingTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired PasswordEncoder passwords;

    UUID sales;
    TestAccounts.Account owner;
    TestAccounts.Account head;
    TestAccounts.Account officer;
    String officerToken;
    UUID partner;
    TestAccounts.Account agent;
    UUID sharedCustomer;
    UUID privateCustomer;

    @BeforeEach
    void aPartnerWithAnNdaAndTwoCustomers() throws Exception {
        sales = accounts.department("S" + UUID.randomUUID().toString().substring(0, 6));
        owner = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        officer = person(null, Role.ADMIN_OFFICER);
        officerToken = Api.token(mvc, officer, clock.instant());
        partner = PartnerFixture.createPartner(mvc, officerToken, "Forwarder " + UUID.randomUUID(), officer.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        UUID nda = PartnerFixture.fileNda(mvc, officerToken, partner, "2026-1", today.minusDays(3), today.plusDays(60));
        agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partner, clock.instant());
        accept(agent, nda);
        sharedCustomer = customer(true);
        privateCustomer = customer(false);
    }

    @Test
    void theAdministrationApprovesAfterTheHeadAndCustomersWithoutThirdPartyConsentAreLeftOutAndListed() throws Exception {
        String id = request(List.of(sharedCustomer, privateCustomer));
        MvcResult byHead = decide(token(head), id);
        assertThat(Api.body(byHead)).containsEntry("status", "PENDING_ADMIN");
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(agent))).isEqualTo(404);
        // The head who took the first step cannot take the second, even holding the officer's role he does not.
        assertThat(decide(token(head), id).getResponse().getStatus()).isEqualTo(403);

        Map<String, Object> seen = Api.body(mvc.perform(get("/api/v1/sharing/requests/" + id)
                .header("Authorization", officerToken)).andReturn());
        assertThat((Map<String, String>) ((Map<String, Object>) seen.get("preview")).get("excluded"))
                .isEqualTo(Map.of(privateCustomer.toString(), "no-third-party-consent"));
        MvcResult approved = decide(officerToken, id);
        assertThat(approved.getResponse().getStatus()).as(approved.getResponse().getContentAsString()).isEqualTo(200);
        String grant = (String) Api.body(approved).get("grantId");
        Map<String, Object> details = Api.body(mvc.perform(get("/api/v1/sharing/grants/" + grant)
                .header("Authorization", officerToken)).andReturn());
        assertThat(details).containsEntry("customers", 1)
                .containsEntry("excluded", Map.of(privateCustomer.toString(), "no-third-party-consent"));

        String agentToken = token(agent);
        String listed = mvc.perform(get("/api/v1/shared/customers").header("Authorization", agentToken)).andReturn()
                .getResponse().getContentAsString();
        assertThat(listed).contains(sharedCustomer.toString(), grant).doesNotContain(privateCustomer.toString());
        Map<String, Object> view = Api.body(mvc.perform(get("/api/v1/shared/customers/" + sharedCustomer)
                .header("Authorization", agentToken)).andReturn());
        assertThat((Map<String, String>) view.get("fields")).containsOnlyKeys("contactName", "phone", "address");
        MvcResult phone = reveal(agentToken, sharedCustomer, "phone", "DELIVERY");
        assertThat(phone.getResponse().getStatus()).as(phone.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(phone)).containsEntry("fields", Map.of("phone", "+86 135 2468 1357"));
        assertThat(reveal(agentToken, sharedCustomer, "phone", "SALES_FOLLOW_UP").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(status(get("/api/v1/shared/customers/" + privateCustomer), agentToken)).isEqualTo(404);
        // The staff API stays closed to a partner's user, whatever the grant.
        assertThat(status(get("/api/v1/customers/" + sharedCustomer), agentToken)).isIn(403, 404);

        // Another partner's user: nothing of this grant, exactly as if it did not exist.
        UUID other = PartnerFixture.createPartner(mvc, officerToken, "Other " + UUID.randomUUID(), officer.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        UUID otherNda = PartnerFixture.fileNda(mvc, officerToken, other, "2026-1", today, today.plusDays(60));
        TestAccounts.Account stranger = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, other,
                clock.instant());
        accept(stranger, otherNda);
        String strangerToken = token(stranger);
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), strangerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/sharing/grants/" + grant), strangerToken)).isEqualTo(404);
        assertThat(reveal(strangerToken, sharedCustomer, "phone", "DELIVERY").getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/api/v1/shared/customers").header("Authorization", strangerToken)).andReturn()
                .getResponse().getContentAsString()).doesNotContain(sharedCustomer.toString());

        // A colleague of the agent who has not accepted the NDA sees nothing yet.
        TestAccounts.Account newcomer = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partner,
                clock.instant());
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(newcomer))).isEqualTo(404);
    }

    @Test
    void aLapsedNdaSuspendsTheGrantAndANewOneAcceptedResumesIt() throws Exception {
        String id = request(List.of(sharedCustomer));
        decide(token(head), id);
        assertThat(decide(officerToken, id).getResponse().getStatus()).isEqualTo(200);
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(agent))).isEqualTo(200);

        clock.advance(Duration.ofDays(62));
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(agent))).isEqualTo(404);
        assertThat(reveal(token(agent), sharedCustomer, "phone", "DELIVERY").getResponse().getStatus()).isEqualTo(404);

        officerToken = Api.token(mvc, officer, clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        UUID renewed = PartnerFixture.fileNda(mvc, officerToken, partner, "2027-1", today, today.plusYears(1));
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(agent))).isEqualTo(404);
        accept(agent, renewed);
        assertThat(status(get("/api/v1/shared/customers/" + sharedCustomer), token(agent))).isEqualTo(200);
    }

    @Test
    void noGrantIsApprovedForAPartnerWithoutAnNdaInForce() throws Exception {
        UUID bare = PartnerFixture.createPartner(mvc, officerToken, "No NDA " + UUID.randomUUID(), officer.id());
        Map<String, Object> body = body(List.of(sharedCustomer));
        body.put("recipientId", bare.toString());
        String id = (String) submit(token(owner), body).get("id");
        decide(token(head), id);
        MvcResult refused = decide(officerToken, id);
        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(refused)).containsEntry("code", "sharing-nda-missing");
        assertThat(jdbc.sql("select count(*) from sharing_grant where request_id = ?").param(UUID.fromString(id))
                .query(Long.class).single()).isZero();
    }

    private String request(List<UUID> customers) throws Exception {
        Map<String, Object> request = submit(token(owner), body(customers));
        assertThat(request).containsEntry("needsAdministration", true);
        return (String) request.get("id");
    }

    private Map<String, Object> body(List<UUID> customers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientType", "PARTNER");
        body.put("recipientId", partner.toString());
        body.put("purpose", "DELIVERY");
        body.put("customerIds", customers.stream().map(UUID::toString).toList());
        body.put("fields", List.of("contactName", "phone", "address"));
        body.put("until", clock.instant().plus(Duration.ofDays(90)).toString());
        body.put("justification", "The forwarder delivers these orders and calls the consignee.");
        return body;
    }

    private Map<String, Object> submit(String token, Map<String, Object> body) throws Exception {
        MvcResult result = SharingFixture.submit(mvc, token, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return Api.body(result);
    }

    private MvcResult decide(String token, String id) throws Exception {
        return mvc.perform(post("/api/v1/sharing/requests/" + id + "/decisions").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("decision", "APPROVE")))).andReturn();
    }

    private MvcResult reveal(String token, UUID customer, String field, String purpose) throws Exception {
        return mvc.perform(post("/api/v1/shared/customers/" + customer + "/reveal").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", List.of(field), "purpose", purpose)))).andReturn();
    }

    private void accept(TestAccounts.Account user, UUID nda) throws Exception {
        MvcResult accepted = mvc.perform(post("/api/v1/partner/nda/acceptance").header("Authorization", token(user))
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("ndaId", nda.toString())))).andReturn();
        assertThat(accepted.getResponse().getStatus()).as(accepted.getResponse().getContentAsString()).isEqualTo(200);
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String token)
            throws Exception {
        return SharingFixture.status(mvc, request, token);
    }

    private String token(TestAccounts.Account account) throws Exception {
        return Api.token(mvc, account, clock.instant());
    }

    private TestAccounts.Account person(UUID department, Role... roles) {
        return SharingFixture.person(accounts, documents, clock.instant(), department, roles);
    }

    private UUID customer(boolean thirdParty) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "伙伴共享 " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("contactName", "赵敏");
        fields.put("phone", "+86 135 2468 1357");
        fields.put("address", "广州市天河区体育西路 1 号");
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", List.of("DELIVERY"),
                "sensitiveConsent", false, "thirdPartyConsent", thirdParty, "channel", "PAPER_FORM");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token(owner))
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }
}
