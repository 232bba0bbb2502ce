package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 18 (R-EMP-5): what a leaver holds in the sharing module (pending requests, running grants,
 * export packages) and how the handover settles each: a request continued by a successor of its
 * department or withdrawn, a grant answered for by the department head or ended at once. Every
 * action acts only on what the handover listed; anything changed since, or someone else's, is
 * refused and left as it was.
 */
@IntegrationTest
@RecordApplicationEvents
@SuppressWarnings("unchecked")
class SharingHandoverTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired SharingHandover handover;
    @Autowired ApplicationEvents events;

    UUID sales;
    UUID logistics;
    TestAccounts.Account leaver;
    TestAccounts.Account successor;
    TestAccounts.Account head;
    TestAccounts.Account reader;
    TestAccounts.Account otherHead;
    String leaverToken;
    UUID customer;
    Actor byHead;

    @BeforeEach
    void aLeaverInSalesWhoSharesWithLogistics() throws Exception {
        sales = accounts.department("S" + UUID.randomUUID().toString().substring(0, 6));
        logistics = accounts.department("L" + UUID.randomUUID().toString().substring(0, 6));
        leaver = person(sales, Role.EMPLOYEE);
        successor = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        reader = person(logistics, Role.EMPLOYEE);
        otherHead = person(logistics, Role.EMPLOYEE, Role.DEPT_HEAD);
        leaverToken = token(leaver);
        customer = customer(leaverToken, List.of("DELIVERY", "CUSTOMS"));
        byHead = new Actor(Actor.ActorType.EMPLOYEE, head.id(), head.username());
    }

    @Test
    void listsTheLeaversPendingRequestsAndTheGrantsStillRunningFromTheirRequestsOnly() throws Exception {
        UUID pending = submit(leaverToken, delivery(null, 30));
        UUID running = grantOf(approve(submit(leaverToken, delivery(null, 30))));
        UUID notYetStarted = grantOf(approve(submit(leaverToken, delivery(clock.instant().plus(Duration.ofDays(5)), 10))));
        UUID revoked = grantOf(approve(submit(leaverToken, delivery(null, 30))));
        assertThat(mvc.perform(delete("/api/v1/sharing/grants/" + revoked).header("Authorization", leaverToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", "Cancelled."))))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        UUID withdrawn = submit(leaverToken, delivery(null, 30));
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + withdrawn + "/withdrawal")
                .header("Authorization", leaverToken)).andReturn().getResponse().getStatus()).isEqualTo(200);
        UUID someoneElses = submit(token(successor), delivery(null, 30));

        List<HeldRequest> requests = handover.pendingRequestsOf(leaver.id());
        assertThat(requests).extracting(HeldRequest::id).containsExactly(pending);
        HeldRequest request = requests.get(0);
        assertThat(request.recipientType()).isEqualTo("DEPARTMENT");
        assertThat(request.recipientId()).isEqualTo(logistics);
        assertThat(request.purpose()).isEqualTo("DELIVERY");
        assertThat(request.customers()).isEqualTo(1);
        assertThat(request.status()).isEqualTo("PENDING_HEAD");
        assertThat(request.validUntil()).isAfter(request.createdAt().plus(Duration.ofDays(29)));
        assertThat(handover.pendingRequestsOf(successor.id())).extracting(HeldRequest::id).containsExactly(someoneElses);

        List<HeldGrant> grants = handover.activeGrantsOf(leaver.id());
        assertThat(grants).extracting(HeldGrant::id).containsExactly(notYetStarted, running);
        assertThat(grants.get(1)).extracting(HeldGrant::recipientId, HeldGrant::purpose, HeldGrant::customers)
                .containsExactly(logistics, "DELIVERY", 1);
        assertThat(handover.activeGrantsOf(successor.id())).isEmpty();

        // Past the end of the shorter one, only the longer one still runs.
        clock.advance(Duration.ofDays(20));
        assertThat(handover.activeGrantsOf(leaver.id())).extracting(HeldGrant::id).containsExactly(running);
    }

    @Test
    void aReassignedRequestContinuesUnderTheSuccessorOnceAndIsAudited() throws Exception {
        UUID request = submit(leaverToken, delivery(null, 30));

        handover.reassignRequest(request, leaver.id(), successor.id(), byHead);

        assertThat(handover.pendingRequestsOf(leaver.id())).isEmpty();
        assertThat(handover.pendingRequestsOf(successor.id())).extracting(HeldRequest::id).containsExactly(request);
        Map<String, Object> event = jdbc.sql("select actor_id, details from audit_event where action = "
                + "'sharing.request.reassigned' and target_id = ?").param(request.toString()).query().singleRow();
        assertThat(event.get("actor_id")).isEqualTo(head.id());
        assertThat(String.valueOf(event.get("details"))).contains("\"from\":\"" + leaver.id() + "\"",
                "\"to\":\"" + successor.id() + "\"", "\"cause\":\"handover\"");
        // The successor now answers for it (may withdraw it); the leaver no longer may.
        assertThat(mvc.perform(post("/api/v1/sharing/requests/" + request + "/withdrawal")
                .header("Authorization", leaverToken)).andReturn().getResponse().getStatus()).isEqualTo(404);

        assertChanged(() -> handover.reassignRequest(request, leaver.id(), successor.id(), byHead));
        assertChanged(() -> handover.withdrawRequest(request, leaver.id(), byHead));

        // The head still decides it: the grant is the successor's request's.
        UUID grant = grantOf(approve(request));
        assertThat(handover.activeGrantsOf(successor.id())).extracting(HeldGrant::id).containsExactly(grant);
        assertChanged(() -> handover.reassignRequest(request, successor.id(), head.id(), byHead));
    }

    @Test
    void aSuccessorMustBeAnActiveColleagueOfTheRequestsDepartmentWhoDidNotApproveIt() throws Exception {
        UUID request = submit(leaverToken, delivery(null, 30));
        TestAccounts.Account departed = person(sales, Role.EMPLOYEE);
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(departed.id()).update();
        TestAccounts.Account onNotice = person(sales, Role.EMPLOYEE);
        jdbc.sql("update employee set status = 'ON_NOTICE' where id = ?").param(onNotice.id()).update();

        for (UUID unsuitable : List.of(reader.id(), otherHead.id(), departed.id(), onNotice.id(), leaver.id(),
                UUID.randomUUID())) {
            assertThatThrownBy(() -> handover.reassignRequest(request, leaver.id(), unsuitable, byHead))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                            .isEqualTo("handover-successor-invalid"));
        }
        // Someone else's request is not the leaver's to hand over.
        UUID colleagues = submit(token(successor), delivery(null, 30));
        assertChanged(() -> handover.reassignRequest(colleagues, leaver.id(), head.id(), byHead));
        assertChanged(() -> handover.withdrawRequest(colleagues, leaver.id(), byHead));
        assertThat(handover.pendingRequestsOf(leaver.id())).extracting(HeldRequest::id).containsExactly(request);
        assertThat(handover.pendingRequestsOf(successor.id())).extracting(HeldRequest::id).containsExactly(colleagues);
        assertThatThrownBy(() -> handover.reassignRequest(UUID.randomUUID(), leaver.id(), successor.id(), byHead))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("not-found"));

        // An ID number needs the administration too: after the head's step, the head cannot take it over.
        Map<String, Object> customs = delivery(null, 30);
        customs.put("purpose", "CUSTOMS");
        customs.put("fields", List.of("idNumber"));
        UUID waitingForAdministration = submit(leaverToken, customs);
        assertThat(decide(token(head), waitingForAdministration).get("status")).isEqualTo("PENDING_ADMIN");
        assertThatThrownBy(() -> handover.reassignRequest(waitingForAdministration, leaver.id(), head.id(), byHead))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                        .isEqualTo("handover-successor-decided"));
        handover.reassignRequest(waitingForAdministration, leaver.id(), successor.id(), byHead);
        assertThat(handover.pendingRequestsOf(successor.id())).extracting(HeldRequest::status)
                .containsExactlyInAnyOrder("PENDING_HEAD", "PENDING_ADMIN");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.request.reassigned' "
                + "and target_id = ?").param(request.toString()).query(Long.class).single()).isZero();
    }

    @Test
    void aRequestWithdrawnOnTheLeaversBehalfIsWithdrawnOnceAndNamesTheJob() throws Exception {
        UUID request = submit(leaverToken, delivery(null, 30));

        handover.withdrawRequest(request, leaver.id(), Actor.system("handover"));

        assertThat(jdbc.sql("select status from sharing_request where id = ?").param(request).query(String.class)
                .single()).isEqualTo("WITHDRAWN");
        assertThat(handover.pendingRequestsOf(leaver.id())).isEmpty();
        Map<String, Object> event = jdbc.sql("select actor_name, details from audit_event where action = "
                + "'sharing.request.withdrawn' and target_id = ?").param(request.toString()).query().singleRow();
        assertThat(event.get("actor_name")).isEqualTo("system:handover");
        assertThat(String.valueOf(event.get("details"))).contains("\"stage\":\"PENDING_HEAD\"", "\"cause\":\"handover\"");
        assertThat(decide(token(head), request, 409)).containsEntry("code", "sharing-request-not-pending");

        assertChanged(() -> handover.withdrawRequest(request, leaver.id(), Actor.system("handover")));
        assertChanged(() -> handover.reassignRequest(request, leaver.id(), successor.id(), byHead));
        UUID approved = approve(submit(leaverToken, delivery(null, 30)));
        assertChanged(() -> handover.withdrawRequest(approved, leaver.id(), byHead));
    }

    @Test
    void aContinuedGrantIsAnsweredForByTheHeadAndStillGivesAccess() throws Exception {
        UUID request = approve(submit(leaverToken, delivery(null, 30)));
        UUID grant = grantOf(request);
        String readerToken = token(reader);

        for (UUID notAHead : List.of(successor.id(), otherHead.id(), leaver.id(), UUID.randomUUID())) {
            assertThatThrownBy(() -> handover.continueGrantUnder(grant, leaver.id(), notAHead, byHead))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                            .isEqualTo("handover-head-invalid"));
        }
        assertChanged(() -> handover.continueGrantUnder(grant, successor.id(), head.id(), byHead));

        handover.continueGrantUnder(grant, leaver.id(), head.id(), byHead);

        assertThat(handover.activeGrantsOf(leaver.id())).isEmpty();
        assertThat(handover.activeGrantsOf(head.id())).extracting(HeldGrant::id).containsExactly(grant);
        assertThat(status(get("/api/v1/shared/customers/" + customer), readerToken)).isEqualTo(200);
        // The ledger names the head as the one who answers for it; the leaver can no longer revoke it.
        List<Map<String, Object>> ledger = Api.JSON.readValue(mvc.perform(get("/api/v1/customers/" + customer
                + "/sharing").header("Authorization", token(head))).andReturn().getResponse().getContentAsString(),
                List.class);
        assertThat(ledger).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("grantId", grant.toString()).containsEntry("requesterId", head.id().toString()));
        assertThat(mvc.perform(delete("/api/v1/sharing/grants/" + grant).header("Authorization", leaverToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", "Leaving."))))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        Map<String, Object> event = jdbc.sql("select actor_id, details from audit_event where action = "
                + "'sharing.grant.continued' and target_id = ?").param(grant.toString()).query().singleRow();
        assertThat(event.get("actor_id")).isEqualTo(head.id());
        assertThat(String.valueOf(event.get("details"))).contains("\"request\":\"" + request + "\"",
                "\"from\":\"" + leaver.id() + "\"", "\"to\":\"" + head.id() + "\"");

        assertChanged(() -> handover.continueGrantUnder(grant, leaver.id(), head.id(), byHead));
        assertChanged(() -> handover.endGrant(grant, leaver.id(), byHead));
    }

    @Test
    void anEndedGrantRefusesTheRecipientAtOnceAndIsAnnouncedAsARevocation() throws Exception {
        UUID grant = grantOf(approve(submit(leaverToken, delivery(null, 30))));
        String readerToken = token(reader);
        assertThat(status(get("/api/v1/shared/customers/" + customer), readerToken)).isEqualTo(200);
        UUID colleagues = grantOf(approve(submit(token(successor), delivery(null, 30))));
        assertChanged(() -> handover.endGrant(colleagues, leaver.id(), byHead));

        handover.endGrant(grant, leaver.id(), Actor.system("handover"));

        assertThat(status(get("/api/v1/shared/customers/" + customer), readerToken))
                .as("the colleague's grant still runs").isEqualTo(200);
        assertThat(status(get("/api/v1/customers/" + customer), readerToken)).isEqualTo(200);
        handover.endGrant(colleagues, successor.id(), byHead);
        assertThat(status(get("/api/v1/shared/customers/" + customer), readerToken)).isEqualTo(404);
        assertThat(status(get("/api/v1/customers/" + customer), readerToken)).isEqualTo(404);

        assertThat(events.stream(GrantEnded.class).filter(e -> e.grantId().equals(grant)))
                .singleElement().satisfies(e -> assertThat(e.revoked()).isTrue());
        assertThat(jdbc.sql("select revoke_reason from sharing_grant where id = ?").param(grant).query(String.class)
                .single()).isEqualTo(SharingHandover.HANDOVER_REASON);
        Map<String, Object> event = jdbc.sql("select actor_name, details from audit_event where action = "
                + "'sharing.grant.revoked' and target_id = ?").param(grant.toString()).query().singleRow();
        assertThat(event.get("actor_name")).isEqualTo("system:handover");
        assertThat(String.valueOf(event.get("details"))).contains("reasonDigest", "\"cause\":\"handover\"",
                "\"from\":\"" + leaver.id() + "\"");
        assertThat(handover.activeGrantsOf(leaver.id())).isEmpty();

        assertChanged(() -> handover.endGrant(grant, leaver.id(), byHead));
        assertChanged(() -> handover.continueGrantUnder(grant, leaver.id(), head.id(), byHead));
        UUID lapsing = grantOf(approve(submit(leaverToken, delivery(null, 1))));
        clock.advance(Duration.ofDays(2));
        assertChanged(() -> handover.endGrant(lapsing, leaver.id(), byHead));
        assertChanged(() -> handover.continueGrantUnder(lapsing, leaver.id(), head.id(), byHead));
    }

    @Test
    void listsTheExportPackagesTheLeaverRequestedOrDownloadedInThePeriodNewestFirst() throws Exception {
        ExportPackageFixture f = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 2);
        Instant start = clock.instant();
        UUID before = f.approved();
        clock.advance(Duration.ofMinutes(1));
        Instant since = clock.instant();
        UUID pending = f.requested(f.requesterToken);
        clock.advance(Duration.ofMinutes(1));
        UUID approved = f.approved();
        clock.advance(Duration.ofMinutes(1));
        assertThat(f.file(f.requesterToken, before).getResponse().getStatus()).isEqualTo(200);

        List<HeldExport> held = handover.exportsOf(f.requester.id(), since);
        assertThat(held).extracting(HeldExport::packageId).containsExactly(before, approved, pending);
        assertThat(held.get(0)).extracting(HeldExport::state, HeldExport::customers, HeldExport::downloaded)
                .containsExactly("APPROVED", 2, true);
        assertThat(held.get(0).at()).as("when it was downloaded, not requested").isEqualTo(jdbc.sql(
                "select downloaded_at from export_download where package_id = ?").param(before)
                .query(java.time.OffsetDateTime.class).single().toInstant());
        assertThat(held.get(1)).extracting(HeldExport::state, HeldExport::downloaded).containsExactly("APPROVED", false);
        assertThat(held.get(2)).extracting(HeldExport::state, HeldExport::downloaded).containsExactly("PENDING", false);

        assertThat(handover.exportsOf(f.requester.id(), start)).hasSize(3);
        assertThat(handover.exportsOf(f.requester.id(), clock.instant().plusSeconds(1))).isEmpty();
        assertThat(handover.exportsOf(f.head.id(), start)).as("deciding is not holding").isEmpty();
    }

    // --- helpers -----------------------------------------------------------------------------

    private static void assertChanged(org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("handover-item-changed"));
    }

    private Map<String, Object> delivery(Instant from, int days) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientType", "DEPARTMENT");
        body.put("recipientId", logistics.toString());
        body.put("purpose", "DELIVERY");
        body.put("customerIds", List.of(customer.toString()));
        body.put("fields", List.of("contactName", "phone", "address"));
        Instant start = from == null ? clock.instant() : from;
        if (from != null) {
            body.put("from", from.toString());
        }
        body.put("until", start.plus(Duration.ofDays(days)).toString());
        body.put("justification", "Logistics arranges the deliveries of these orders.");
        return body;
    }

    private UUID submit(String token, Map<String, Object> body) throws Exception {
        MvcResult result = SharingFixture.submit(mvc, token, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(result).get("id"));
    }

    /** The head approves the request; answers the request. */
    private UUID approve(UUID request) throws Exception {
        assertThat(decide(token(head), request).get("status")).isEqualTo("APPROVED");
        return request;
    }

    private UUID grantOf(UUID request) {
        return jdbc.sql("select id from sharing_grant where request_id = ?").param(request).query(UUID.class).single();
    }

    private Map<String, Object> decide(String token, UUID request) throws Exception {
        return decide(token, request, 200);
    }

    private Map<String, Object> decide(String token, UUID request, int expected) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/sharing/requests/" + request + "/decisions")
                .header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("decision", "APPROVE")))).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expected);
        return Api.body(result);
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

    private UUID customer(String token, List<String> purposes) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "交接测试 " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("contactName", "王伟");
        fields.put("phone", "+86 137 1357 2468");
        fields.put("address", "上海市浦东新区世纪大道 100 号");
        fields.put("idNumber", "310101199001011234");
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", purposes, "sensitiveConsent", true,
                "thirdPartyConsent", true, "channel", "PAPER_FORM");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }
}
