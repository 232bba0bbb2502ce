package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 15.3, 15.4, 15.6 (R-ORG-3, R-USE-3): a request to share customers with another department
 * goes through its department head; the grant it becomes shows the recipient exactly the granted
 * fields of the granted customers for the granted purpose, from start to end, then nothing; each
 * read is counted in the ledger and audited under its grant. Each abuse an insider could try is
 * performed here.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class SharingFlowTests {

    static final String PHONE = "+86 137 1357 2468";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired SharingGrants grants;
    @Autowired io.custos.customer.CustomerErasure erasure;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    UUID sales;
    UUID logistics;
    TestAccounts.Account owner;
    TestAccounts.Account colleague;
    TestAccounts.Account head;
    TestAccounts.Account reader;
    TestAccounts.Account readerHead;
    String ownerToken;
    String readerToken;
    UUID consenting;
    UUID notConsenting;

    @BeforeEach
    void twoDepartments() throws Exception {
        sales = accounts.department("S" + UUID.randomUUID().toString().substring(0, 6));
        logistics = accounts.department("L" + UUID.randomUUID().toString().substring(0, 6));
        owner = person(sales, Role.EMPLOYEE);
        colleague = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        reader = person(logistics, Role.EMPLOYEE);
        readerHead = person(logistics, Role.EMPLOYEE, Role.DEPT_HEAD);
        ownerToken = Api.token(mvc, owner, clock.instant());
        readerToken = Api.token(mvc, reader, clock.instant());
        consenting = customer(List.of("DELIVERY", "SALES_FOLLOW_UP"), true);
        notConsenting = customer(List.of("SALES_FOLLOW_UP"), true);
    }

    @Test
    void theHeadApprovesAndTheRecipientSeesExactlyTheGrantedFieldsForTheGrantedPurposeUntilTheEnd() throws Exception {
        assertThat(status(get("/api/v1/customers/" + consenting), readerToken)).isEqualTo(404);

        Map<String, Object> request = submit(ownerToken, deliveryRequest(List.of(consenting, notConsenting)));
        assertThat(request).containsEntry("status", "PENDING_HEAD").containsEntry("needsAdministration", false);
        String id = (String) request.get("id");

        // Nobody decides their own request; a colleague and another department's head do not even see it.
        assertThat(decide(ownerToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(403);
        assertThat(decide(token(colleague), id, "APPROVE", null).getResponse().getStatus()).isEqualTo(404);
        assertThat(decide(token(readerHead), id, "APPROVE", null).getResponse().getStatus()).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + consenting), readerToken)).isEqualTo(404);

        String headToken = token(head);
        Map<String, Object> seen = Api.body(mvc.perform(get("/api/v1/sharing/requests/" + id)
                .header("Authorization", headToken)).andReturn());
        Map<String, Object> preview = (Map<String, Object>) seen.get("preview");
        assertThat((List<String>) preview.get("included")).containsExactly(consenting.toString());
        assertThat((Map<String, String>) preview.get("excluded"))
                .isEqualTo(Map.of(notConsenting.toString(), "no-purpose-consent"));

        MvcResult approved = decide(headToken, id, "APPROVE", null);
        assertThat(approved.getResponse().getStatus()).as(approved.getResponse().getContentAsString()).isEqualTo(200);
        String grant = (String) Api.body(approved).get("grantId");
        assertThat(Api.body(approved)).containsEntry("status", "APPROVED");
        assertThat(decide(headToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(409);
        assertThat(decide(headToken, id, "REFUSE", "too late").getResponse().getStatus()).isEqualTo(409);
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + id + "/withdrawal").header("Authorization",
                ownerToken)).andReturn().getResponse().getStatus()).as("an approved request is not withdrawn")
                .isEqualTo(409);

        // The recipient: granted fields only, masked above L2 until revealed for the grant's purpose.
        Map<String, Object> view = Api.body(mvc.perform(get("/api/v1/shared/customers/" + consenting)
                .header("Authorization", readerToken)).andReturn());
        assertThat((Map<String, String>) view.get("fields")).containsOnlyKeys("contactName", "phone", "address")
                .containsEntry("contactName", "王伟");
        assertThat((Map<String, String>) view.get("fields")).extractingByKey("phone").asString()
                .doesNotContain("1357 2468");
        Map<String, Object> full = Api.body(mvc.perform(get("/api/v1/customers/" + consenting)
                .header("Authorization", readerToken)).andReturn());
        assertThat((Map<String, String>) full.get("fields")).doesNotContainKeys("companyName", "email", "idNumber");

        MvcResult revealed = reveal(readerToken, consenting, List.of("phone", "email"), "DELIVERY");
        assertThat(revealed.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(revealed)).containsEntry("fields", Map.of("phone", PHONE))
                .containsEntry("refused", Map.of("email", "not-granted"));
        MvcResult otherPurpose = reveal(readerToken, consenting, List.of("phone"), "SALES_FOLLOW_UP");
        assertThat(otherPurpose.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(otherPurpose)).containsEntry("refused", Map.of("phone", "purpose-not-granted"));
        assertThat(status(get("/api/v1/shared/customers/" + notConsenting), readerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + notConsenting), readerToken)).isEqualTo(404);

        // Audited under its grant; counted in the ledger the owner reads.
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.field.revealed' and actor_id = ? "
                + "and target_id = ?").params(reader.id(), consenting.toString()).query(String.class).single())
                .contains("\"grant\":\"" + grant + "\"").doesNotContain("1357 2468", "13713572468");
        List<Map<String, Object>> ledger = Api.JSON.readValue(mvc.perform(get("/api/v1/customers/" + consenting
                + "/sharing").header("Authorization", ownerToken)).andReturn().getResponse().getContentAsString(), List.class);
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0)).containsEntry("grantId", grant).containsEntry("purpose", "DELIVERY")
                .containsEntry("reveals", 1);
        assertThat(((Number) ledger.get(0).get("views")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(status(get("/api/v1/customers/" + consenting + "/sharing"), token(readerHead))).isEqualTo(404);

        // After the end: nothing, and the end is announced once.
        clock.advance(Duration.ofDays(31));
        readerToken = token(reader);
        assertThat(status(get("/api/v1/customers/" + consenting), readerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(404);
        grants.announceEnds(1000);
        grants.announceEnds(1000);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.grant.ended' and target_id = ?")
                .param(grant).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRevokedGrantEndsAtOnceAndOnlyItsRequesterHeadsOrAdministrationMayRevokeIt() throws Exception {
        String grant = approvedGrant(deliveryRequest(List.of(consenting)));
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(200);

        MvcResult byRecipient = revoke(readerToken, grant, "We no longer need it.");
        assertThat(byRecipient.getResponse().getStatus()).isEqualTo(403);
        assertThat(revoke(ownerToken, grant, " ").getResponse().getStatus()).isEqualTo(422);
        MvcResult revoked = revoke(ownerToken, grant, "The shipment was cancelled.");
        assertThat(revoked.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(revoked)).containsEntry("active", false);
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + consenting), readerToken)).isEqualTo(404);
        assertThat(revoke(ownerToken, grant, "Again.").getResponse().getStatus()).isEqualTo(409);
        String details = jdbc.sql("select details from audit_event where action = 'sharing.grant.revoked' "
                + "and target_id = ?").param(grant).query(String.class).single();
        assertThat(details).contains("reasonDigest").doesNotContain("shipment");
    }

    @Test
    void aCustomerWhoWithdrawsTheGrantedPurposeDropsOutAtOnce() throws Exception {
        approvedGrant(deliveryRequest(List.of(consenting)));
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(200);

        MvcResult withdrawn = mvc.perform(post("/api/v1/customers/" + consenting + "/consents/withdrawals")
                .header("Authorization", ownerToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("purposes", List.of("DELIVERY"))))).andReturn();
        assertThat(withdrawn.getResponse().getStatus()).as(withdrawn.getResponse().getContentAsString()).isEqualTo(200);

        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + consenting), readerToken)).isEqualTo(404);
    }

    @Test
    void overlappingGrantsGiveTheirUnionEachReadAuditedUnderItsOwnGrant() throws Exception {
        String delivery = approvedGrant(deliveryRequest(List.of(consenting)));
        Map<String, Object> sales = deliveryRequest(List.of(consenting));
        sales.put("purpose", "SALES_FOLLOW_UP");
        sales.put("fields", List.of("companyName", "email"));
        String followUp = approvedGrant(sales);

        Map<String, Object> view = Api.body(mvc.perform(get("/api/v1/shared/customers/" + consenting)
                .header("Authorization", readerToken)).andReturn());
        assertThat((Map<String, String>) view.get("fields")).containsOnlyKeys("contactName", "phone", "address",
                "companyName", "email");
        assertThat(reveal(readerToken, consenting, List.of("email"), "SALES_FOLLOW_UP").getResponse().getStatus())
                .isEqualTo(200);
        assertThat(reveal(readerToken, consenting, List.of("phone"), "DELIVERY").getResponse().getStatus())
                .isEqualTo(200);
        List<String> events = jdbc.sql("select details from audit_event where action = 'customer.field.revealed' "
                + "and actor_id = ? order by id").param(reader.id()).query(String.class).list();
        assertThat(events.get(0)).contains("\"grant\":\"" + followUp + "\"");
        assertThat(events.get(1)).contains("\"grant\":\"" + delivery + "\"");
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrong() throws Exception {
        Map<String, Object> outsidePurpose = deliveryRequest(List.of(consenting));
        outsidePurpose.put("fields", List.of("phone", "idNumber", "bankAccount"));
        MvcResult fields = mvc.perform(post("/api/v1/sharing/requests").header("Authorization", ownerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(outsidePurpose))).andReturn();
        assertThat(fields.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(fields)).containsEntry("code", "sharing-fields-outside-purpose")
                .containsEntry("fields", List.of("idNumber", "bankAccount"));

        Map<String, Object> own = deliveryRequest(List.of(consenting));
        own.put("recipientId", sales.toString());
        assertThat(problem(ownerToken, own)).isEqualTo("sharing-recipient-own-department");

        UUID elsewhere = customerOf(reader, List.of("DELIVERY"));
        assertThat(problem(ownerToken, deliveryRequest(List.of(consenting, elsewhere))))
                .isEqualTo("sharing-customers-outside-department");
        assertThat(problem(ownerToken, deliveryRequest(List.of(UUID.randomUUID()))))
                .isEqualTo("sharing-customers-outside-department");

        Map<String, Object> tooLong = deliveryRequest(List.of(consenting));
        tooLong.put("until", clock.instant().plus(Duration.ofDays(400)).toString());
        assertThat(problem(ownerToken, tooLong)).isEqualTo("sharing-period-too-long");
        Map<String, Object> past = deliveryRequest(List.of(consenting));
        past.put("from", clock.instant().minus(Duration.ofDays(2)).toString());
        assertThat(problem(ownerToken, past)).isEqualTo("sharing-period-in-past");
        Map<String, Object> both = deliveryRequest(List.of(consenting));
        both.put("filter", Map.of("city", "上海"));
        assertThat(problem(ownerToken, both)).isEqualTo("sharing-selection-required");
        Map<String, Object> unknownPartner = deliveryRequest(List.of(consenting));
        unknownPartner.put("recipientType", "PARTNER");
        unknownPartner.put("recipientId", UUID.randomUUID().toString());
        assertThat(problem(ownerToken, unknownPartner)).isEqualTo("sharing-recipient-unknown");
        // Nothing was half-written by any of them.
        assertThat(jdbc.sql("select count(*) from sharing_request where requester_id = ?").param(owner.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void everyIllegalTransitionIsRefused() throws Exception {
        String withdrawnId = (String) submit(ownerToken, deliveryRequest(List.of(consenting))).get("id");
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + withdrawnId + "/withdrawal")
                .header("Authorization", token(head))).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + withdrawnId + "/withdrawal")
                .header("Authorization", ownerToken)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(decide(token(head), withdrawnId, "APPROVE", null).getResponse().getStatus()).isEqualTo(409);
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + withdrawnId + "/withdrawal")
                .header("Authorization", ownerToken)).andReturn().getResponse().getStatus()).isEqualTo(409);

        String refusedId = (String) submit(ownerToken, deliveryRequest(List.of(consenting))).get("id");
        assertThat(decide(token(head), refusedId, "REFUSE", null).getResponse().getStatus()).isEqualTo(422);
        assertThat(decide(token(head), refusedId, "REFUSE", "Use the delivery note instead.").getResponse().getStatus())
                .isEqualTo(200);
        assertThat(decide(token(head), refusedId, "APPROVE", null).getResponse().getStatus()).isEqualTo(409);
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + refusedId + "/withdrawal")
                .header("Authorization", ownerToken)).andReturn().getResponse().getStatus()).isEqualTo(409);
        assertThat(jdbc.sql("select refusal_reason from sharing_request where id = ?").param(UUID.fromString(refusedId))
                .query(String.class).single()).isEqualTo("Use the delivery note instead.");
        assertThat(jdbc.sql("select count(*) from sharing_grant where request_id in (?, ?)")
                .params(UUID.fromString(withdrawnId), UUID.fromString(refusedId)).query(Long.class).single()).isZero();
    }

    @Test
    void anL4FieldNeedsTheAdministrationToo_andAHeadsOwnRequestGoesToManagement() throws Exception {
        Map<String, Object> customs = deliveryRequest(List.of(consenting));
        customs.put("purpose", "CUSTOMS");
        customs.put("fields", List.of("idNumber"));
        UUID customsCustomer = customer(List.of("CUSTOMS", "DELIVERY"), true);
        customs.put("customerIds", List.of(customsCustomer.toString()));
        String headToken = token(head);
        Map<String, Object> request = submit(headToken, customs);
        assertThat(request).containsEntry("needsAdministration", true);
        String id = (String) request.get("id");

        // The head cannot approve his own request; another department's head neither; management can.
        assertThat(decide(headToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(403);
        TestAccounts.Account manager = accounts.create(clock.instant(), EnumSet.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        String managerToken = Api.token(mvc, manager, clock.instant());
        MvcResult first = decide(managerToken, id, "APPROVE", null);
        assertThat(first.getResponse().getStatus()).as(first.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(first)).containsEntry("status", "PENDING_ADMIN");
        assertThat(status(get("/api/v1/customers/" + customsCustomer), readerToken)).isEqualTo(404);

        // Two administration officers race to approve: exactly one wins.
        String officerOne = token(person(null, Role.ADMIN_OFFICER));
        String officerTwo = token(person(null, Role.ADMIN_OFFICER));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> both = List.of(() -> decide(officerOne, id, "APPROVE", null).getResponse().getStatus(),
                    () -> decide(officerTwo, id, "APPROVE", null).getResponse().getStatus());
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(both)) {
                answers.add(answer.get());
            }
            assertThat(answers).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("select count(*) from sharing_grant where request_id = ?").param(UUID.fromString(id))
                .query(Long.class).single()).isEqualTo(1);
        MvcResult idNumber = reveal(readerToken, customsCustomer, List.of("idNumber"), "CUSTOMS");
        assertThat(idNumber.getResponse().getStatus()).as(idNumber.getResponse().getContentAsString()).isEqualTo(200);
    }

    @Test
    void aFilterIsEvaluatedAtApproval() throws Exception {
        Map<String, Object> byOwner = deliveryRequest(null);
        byOwner.remove("customerIds");
        byOwner.put("filter", Map.of("ownerId", owner.id().toString()));
        String id = (String) submit(ownerToken, byOwner).get("id");
        UUID later = customer(List.of("DELIVERY"), true);

        MvcResult approved = decide(token(head), id, "APPROVE", null);
        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        assertThat(status(get("/api/v1/shared/customers/" + later), readerToken)).isEqualTo(200);
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(200);
        assertThat(status(get("/api/v1/shared/customers/" + notConsenting), readerToken)).isEqualTo(404);
    }

    /**
     * Issue 16 "After destruction": a destroyed customer under an active grant is gone for the
     * recipient (its shared page, the list of what was shared), from the ledger, and cannot be named
     * in a new request.
     */
    @Test
    void aDestroyedCustomerIsGoneFromGrantsTheLedgerAndNewRequests() throws Exception {
        UUID other = customer(List.of("DELIVERY", "SALES_FOLLOW_UP"), true);
        approvedGrant(deliveryRequest(List.of(consenting, other)));
        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(200);

        tx.execute(s -> erasure.erase(List.of(consenting), UUID.randomUUID()));

        assertThat(status(get("/api/v1/shared/customers/" + consenting), readerToken)).isEqualTo(404);
        assertThat(reveal(readerToken, consenting, List.of("phone"), "DELIVERY").getResponse().getStatus())
                .isEqualTo(404);
        String shared = mvc.perform(get("/api/v1/shared/customers").header("Authorization", readerToken)).andReturn()
                .getResponse().getContentAsString();
        assertThat(shared).contains(other.toString()).doesNotContain(consenting.toString());
        org.springframework.mock.web.MockHttpSession session = io.custos.support.Pages.signIn(mvc, reader,
                clock.instant());
        assertThat(mvc.perform(get("/shared/customers").session(session)).andReturn().getResponse()
                .getContentAsString()).doesNotContain(consenting.toString());
        assertThat(status(get("/api/v1/customers/" + consenting + "/sharing"), ownerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + other + "/sharing"), ownerToken)).isEqualTo(200);
        assertThat(problem(ownerToken, deliveryRequest(List.of(consenting))))
                .isEqualTo("sharing-customers-outside-department");
    }

    private String approvedGrant(Map<String, Object> body) throws Exception {
        String id = (String) submit(ownerToken, body).get("id");
        MvcResult approved = decide(token(head), id, "APPROVE", null);
        assertThat(approved.getResponse().getStatus()).as(approved.getResponse().getContentAsString()).isEqualTo(200);
        return (String) Api.body(approved).get("grantId");
    }

    private Map<String, Object> deliveryRequest(List<UUID> customers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientType", "DEPARTMENT");
        body.put("recipientId", logistics.toString());
        body.put("purpose", "DELIVERY");
        if (customers != null) {
            body.put("customerIds", customers.stream().map(UUID::toString).toList());
        }
        body.put("fields", List.of("contactName", "phone", "address"));
        body.put("until", clock.instant().plus(Duration.ofDays(30)).toString());
        body.put("justification", "Logistics arranges the deliveries of these orders this month.");
        return body;
    }

    private Map<String, Object> submit(String token, Map<String, Object> body) throws Exception {
        MvcResult result = SharingFixture.submit(mvc, token, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return Api.body(result);
    }

    private Object problem(String token, Map<String, Object> body) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/sharing/requests").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(422);
        return Api.body(result).get("code");
    }

    private MvcResult decide(String token, String id, String decision, String reason) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (reason != null) {
            body.put("reason", reason);
        }
        return mvc.perform(post("/api/v1/sharing/requests/" + id + "/decisions").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
    }

    private MvcResult revoke(String token, String grant, String reason) throws Exception {
        return mvc.perform(delete("/api/v1/sharing/grants/" + grant).header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", reason)))).andReturn();
    }

    private MvcResult reveal(String token, UUID customer, List<String> fields, String purpose) throws Exception {
        return mvc.perform(post("/api/v1/shared/customers/" + customer + "/reveal").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "purpose", purpose))))
                .andReturn();
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

    private UUID customer(List<String> purposes, boolean thirdParty) throws Exception {
        return create(ownerToken, purposes, thirdParty);
    }

    private UUID customerOf(TestAccounts.Account account, List<String> purposes) throws Exception {
        return create(Api.token(mvc, account, clock.instant()), purposes, true);
    }

    private UUID create(String token, List<String> purposes, boolean thirdParty) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "共享测试 " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("contactName", "王伟");
        fields.put("phone", PHONE);
        if (purposes.contains("SALES_FOLLOW_UP")) {
            fields.put("email", "wang.wei@example.com");
        }
        if (purposes.contains("DELIVERY") || purposes.contains("CUSTOMS")) {
            fields.put("address", "上海市浦东新区世纪大道 100 号");
        }
        if (purposes.contains("CUSTOMS")) {
            fields.put("idNumber", "310101199001011234");
        }
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", purposes, "sensitiveConsent", true,
                "thirdPartyConsent", thirdParty, "channel", "PAPER_FORM");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }
}
