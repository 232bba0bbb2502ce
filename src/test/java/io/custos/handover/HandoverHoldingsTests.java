package io.custos.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.access.AccessReviews;
import io.custos.access.ReviewOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.NoticeEnds;
import io.custos.identity.Role;
import io.custos.retention.HeldPaper;
import io.custos.retention.PaperCustody;
import io.custos.retention.RetentionFixture;
import io.custos.sharing.HeldGrant;
import io.custos.sharing.HeldRequest;
import io.custos.sharing.SharingHandover;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.PolicyDocuments;

/**
 * Everything a leaver holds, of every kind, through a handover (R-EMP-5, issue 18.1, 18.2, 18.4):
 * a customer, a pending sharing request, a grant in force they asked for, a paper record in their
 * keeping, an export package they requested, a policy-document draft, and a reveal made while on
 * notice. The case lists each; the head settles each kind only in the ways that kind allows, one
 * kind at a time; what is still open on the leaving date is withdrawn, continued under the head or
 * given to the head, and the rest waits for the head; a reviewed reveal settles itself.
 */
@IntegrationTest
class HandoverHoldingsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired EmployeeManagement management;
    @Autowired NoticeEnds notices;
    @Autowired Handovers handovers;
    @Autowired SharingHandover sharing;
    @Autowired PaperCustody paper;
    @Autowired AccessReviews reviews;
    @Autowired JdbcClient jdbc;

    UUID department;
    UUID logistics;
    TestAccounts.Account head;
    TestAccounts.Account successor;
    TestAccounts.Account admin;
    String headToken;

    private static final List<String> CODES = List.of("SHARING_REQUEST", "DELIVERY", "PENDING", "CONTRACT",
            "DOCUMENT_VERSION", "REVEAL", "ON_NOTICE", "FLAGGED_ACCESS", "handover.item", "|", "??");

    /** What one leaver holds, by the id each module knows it by. */
    record Held(UUID customer, UUID request, UUID grant, UUID paper, UUID export, UUID draft) {
    }

    @BeforeEach
    void aDepartmentWithAHeadAndATrainedColleague() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        department = accounts.customerDepartment("HH" + tag);
        logistics = accounts.department("HL" + tag);
        head = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE,
                Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        successor = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN));
        headToken = Api.token(mvc, head, clock.instant());
    }

    @Test
    void theCaseListsEveryKindAndTheHeadSettlesEachOnlyInTheWaysItAllows() throws Exception {
        TestAccounts.Account leaver = leaver();
        String leaverToken = Api.token(mvc, leaver, clock.instant());
        Held held = holdings(leaver, leaverToken);
        UUID secondRequest = request(leaverToken, held.customer());
        UUID secondGrant = grantOf(approve(request(leaverToken, held.customer())));
        putOnNotice(leaver, today().plusDays(14));
        UUID flagged = revealWhileOnNotice(leaver, held.customer());

        UUID caseId = handovers.openCaseOf(leaver.id()).orElseThrow().id();
        Map<ItemKind, Map<UUID, HandoverItem>> items = items(caseId);
        assertThat(items.keySet()).containsExactlyInAnyOrder(ItemKind.values());
        assertThat(items.get(ItemKind.CUSTOMER)).containsOnlyKeys(held.customer());
        assertThat(items.get(ItemKind.SHARING_REQUEST)).containsOnlyKeys(held.request(), secondRequest);
        assertThat(items.get(ItemKind.GRANT)).containsOnlyKeys(held.grant(), secondGrant);
        assertThat(items.get(ItemKind.PAPER_RECORD)).containsOnlyKeys(held.paper());
        assertThat(items.get(ItemKind.EXPORT)).containsOnlyKeys(held.export());
        assertThat(items.get(ItemKind.TRAINING)).containsOnlyKeys(held.draft());
        assertThat(items.get(ItemKind.FLAGGED_ACCESS)).containsOnlyKeys(flagged);
        assertThat(handovers.openCaseOf(leaver.id()).orElseThrow().openItems()).isEqualTo(9);
        // Each kind in words in the reader's language, codes never shown.
        MockHttpSession headSession = signIn(head);
        String logisticsCode = jdbc.sql("select code from department where id = ?").param(logistics)
                .query(String.class).single();
        assertThat(pageText(caseId, headSession, "en")).contains("Delivery with " + logisticsCode,
                "(Waiting for approval)", "Signed contract (Contract)", "Policy document draft: Handover policy draft",
                "while on notice", "Exports of the last 90 days (1 to settle of 1)", "1 customer,", "Export package of 1 customer (")
                .doesNotContain(CODES.toArray(String[]::new));
        assertThat(pageText(caseId, headSession, "zh-CN")).contains("发货交付，共享给" + logisticsCode, "待审批",
                "Signed contract（合同）", "制度文件草稿：", "（离职交接期间）").doesNotContain(CODES.toArray(String[]::new));

        // Ways a kind does not allow, and kinds mixed in one step, are refused and nothing moves.
        assertThat(refusal(caseId, List.of(item(items, ItemKind.SHARING_REQUEST, held.request())), "CONTINUED", null))
                .isEqualTo("handover-outcome-not-allowed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.GRANT, held.grant())), "REASSIGNED", successor.id()))
                .isEqualTo("handover-outcome-not-allowed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.CUSTOMER, held.customer())), "WITHDRAWN", null))
                .isEqualTo("handover-outcome-not-allowed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.PAPER_RECORD, held.paper())), "ACKNOWLEDGED", null))
                .isEqualTo("handover-outcome-not-allowed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.FLAGGED_ACCESS, flagged)), "ACKNOWLEDGED", null))
                .as("a flagged access settles only by its review").isEqualTo("handover-outcome-not-allowed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.EXPORT, held.export()),
                item(items, ItemKind.TRAINING, held.draft())), "ACKNOWLEDGED", null)).isEqualTo("handover-items-mixed");
        assertThat(refusal(caseId, List.of(item(items, ItemKind.SHARING_REQUEST, held.request())), "REASSIGNED", null))
                .isEqualTo("successor-required");
        assertThat(handovers.openCaseOf(leaver.id()).orElseThrow().openItems()).isEqualTo(9);
        assertThat(sharing.pendingRequestsOf(leaver.id())).hasSize(2);

        settle(caseId, List.of(item(items, ItemKind.CUSTOMER, held.customer())), "REASSIGNED", successor.id());
        assertThat(owner(held.customer())).isEqualTo(successor.id());

        settle(caseId, List.of(item(items, ItemKind.SHARING_REQUEST, held.request())), "REASSIGNED", successor.id());
        assertThat(sharing.pendingRequestsOf(successor.id())).extracting(HeldRequest::id).containsExactly(held.request());
        settle(caseId, List.of(item(items, ItemKind.SHARING_REQUEST, secondRequest)), "WITHDRAWN", null);
        assertThat(requestStatus(secondRequest)).isEqualTo("WITHDRAWN");
        assertThat(sharing.pendingRequestsOf(leaver.id())).isEmpty();

        settle(caseId, List.of(item(items, ItemKind.GRANT, held.grant())), "CONTINUED", null);
        assertThat(sharing.activeGrantsOf(head.id())).extracting(HeldGrant::id).containsExactly(held.grant());
        settle(caseId, List.of(item(items, ItemKind.GRANT, secondGrant)), "ENDED", null);
        assertThat(sharing.activeGrantsOf(leaver.id())).isEmpty();
        assertThat(jdbc.sql("select count(*) from sharing_grant where id = ? and revoked_at is not null")
                .param(secondGrant).query(Long.class).single()).as("ended at once").isEqualTo(1);

        settle(caseId, List.of(item(items, ItemKind.PAPER_RECORD, held.paper())), "CHECKED_IN", successor.id());
        assertThat(paper.inCustodyOf(successor.id())).extracting(HeldPaper::id).containsExactly(held.paper());
        settle(caseId, List.of(item(items, ItemKind.EXPORT, held.export())), "ACKNOWLEDGED", null);
        settle(caseId, List.of(item(items, ItemKind.TRAINING, held.draft())), "ACKNOWLEDGED", null);

        Map<ItemKind, Map<UUID, HandoverItem>> settled = items(caseId);
        assertThat(outcome(settled, ItemKind.CUSTOMER, held.customer())).isEqualTo(ItemOutcome.REASSIGNED);
        assertThat(outcome(settled, ItemKind.SHARING_REQUEST, held.request())).isEqualTo(ItemOutcome.REASSIGNED);
        assertThat(outcome(settled, ItemKind.SHARING_REQUEST, secondRequest)).isEqualTo(ItemOutcome.WITHDRAWN);
        assertThat(outcome(settled, ItemKind.GRANT, held.grant())).isEqualTo(ItemOutcome.CONTINUED);
        assertThat(settled.get(ItemKind.GRANT).get(held.grant()).successorId()).isEqualTo(head.id());
        assertThat(outcome(settled, ItemKind.GRANT, secondGrant)).isEqualTo(ItemOutcome.ENDED);
        assertThat(outcome(settled, ItemKind.PAPER_RECORD, held.paper())).isEqualTo(ItemOutcome.CHECKED_IN);
        assertThat(outcome(settled, ItemKind.EXPORT, held.export())).isEqualTo(ItemOutcome.ACKNOWLEDGED);
        assertThat(outcome(settled, ItemKind.TRAINING, held.draft())).isEqualTo(ItemOutcome.ACKNOWLEDGED);
        assertThat(outcome(settled, ItemKind.FLAGGED_ACCESS, flagged)).as("waits for its review").isNull();
        assertThat(handovers.openCaseOf(leaver.id()).orElseThrow().openItems()).isEqualTo(1);

        review(flagged);
        assertThat(outcome(items(caseId), ItemKind.FLAGGED_ACCESS, flagged)).isEqualTo(ItemOutcome.REVIEWED);
        assertThat(handovers.openCaseOf(leaver.id()).orElseThrow().openItems()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'handover.items.settled' and target_id = ?")
                .param(caseId.toString()).query(Long.class).single()).as("one event per step").isEqualTo(8);
    }

    @Test
    void onTheLeavingDateRequestsAreWithdrawnGrantsAndPaperGoToTheHeadAndTheRestWaitsForTheHead()
            throws Exception {
        TestAccounts.Account leaver = leaver();
        Held held = holdings(leaver, Api.token(mvc, leaver, clock.instant()));
        LocalDate leavesOn = today().plusDays(7);
        putOnNotice(leaver, leavesOn);
        UUID flagged = revealWhileOnNotice(leaver, held.customer());
        UUID caseId = handovers.openCaseOf(leaver.id()).orElseThrow().id();
        assertThat(items(caseId).keySet()).containsExactlyInAnyOrder(ItemKind.values());

        clock.set(leavesOn.atStartOfDay(zone()).toInstant().plusSeconds(1));
        notices.endDue(); // or the minute sweep did, on the same clock: either way the notice ends once

        Map<ItemKind, Map<UUID, HandoverItem>> after = items(caseId);
        assertThat(outcome(after, ItemKind.CUSTOMER, held.customer())).isEqualTo(ItemOutcome.TO_HEAD);
        assertThat(owner(held.customer())).isEqualTo(head.id());
        assertThat(outcome(after, ItemKind.SHARING_REQUEST, held.request())).isEqualTo(ItemOutcome.WITHDRAWN);
        assertThat(requestStatus(held.request())).isEqualTo("WITHDRAWN");
        assertThat(outcome(after, ItemKind.GRANT, held.grant())).isEqualTo(ItemOutcome.TO_HEAD);
        assertThat(after.get(ItemKind.GRANT).get(held.grant()).successorId()).isEqualTo(head.id());
        assertThat(sharing.activeGrantsOf(head.id())).extracting(HeldGrant::id).containsExactly(held.grant());
        assertThat(outcome(after, ItemKind.PAPER_RECORD, held.paper())).isEqualTo(ItemOutcome.TO_HEAD);
        assertThat(paper.inCustodyOf(head.id())).extracting(HeldPaper::id).containsExactly(held.paper());
        assertThat(outcome(after, ItemKind.EXPORT, held.export())).as("the head confirms no copy is left").isNull();
        assertThat(outcome(after, ItemKind.TRAINING, held.draft())).as("the head finds who carries it on").isNull();
        assertThat(outcome(after, ItemKind.FLAGGED_ACCESS, flagged)).as("waits for its review").isNull();
        HandoverCase ended = handovers.openCaseOf(leaver.id()).orElseThrow();
        assertThat(ended.accessEndedAt()).isNotNull();
        assertThat(ended.openItems()).isEqualTo(3);

        // Reviewing the reveal settles its item the next time the case is looked at.
        review(flagged);
        assertThat(outcome(items(caseId), ItemKind.FLAGGED_ACCESS, flagged)).isEqualTo(ItemOutcome.REVIEWED);
        headToken = Api.token(mvc, head, clock.instant());
        settle(caseId, List.of(item(after, ItemKind.EXPORT, held.export())), "ACKNOWLEDGED", null);
        settle(caseId, List.of(item(after, ItemKind.TRAINING, held.draft())), "ACKNOWLEDGED", null);
        assertThat(handovers.openCaseOf(leaver.id()).orElseThrow().openItems()).isZero();
    }

    // --- holdings, one of each kind ------------------------------------------------------------

    /** An employee who also administers training (so can leave a policy draft behind), trained. */
    private TestAccounts.Account leaver() {
        return RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE,
                Role.ADMIN_OFFICER);
    }

    private Held holdings(TestAccounts.Account leaver, String token) throws Exception {
        String tag = "HH" + UUID.randomUUID().toString().substring(0, 6);
        UUID customer = customer(token, tag + " 交接全部");
        UUID request = request(token, customer);
        UUID grant = grantOf(approve(request(token, customer)));
        UUID record = paperRecord(token, leaver, customer);
        UUID export = export(token, tag);
        CustosUser officer = user(leaver, Role.EMPLOYEE, Role.ADMIN_OFFICER);
        UUID draft = Gate.as(officer, () -> documents.create(DocumentKind.POLICY, new DocumentContent(
                "交接制度草稿 " + tag, "Handover policy draft " + tag, "正文", "Body"), officer));
        return new Held(customer, request, grant, record, export, draft);
    }

    private UUID customer(String token, String name) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", name);
        fields.put("contactName", "王伟");
        fields.put("phone", "+86 137 1357 2468");
        fields.put("address", "上海市浦东新区世纪大道 100 号");
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", List.of("SALES_FOLLOW_UP", "DELIVERY",
                "AFTER_SALES"), "sensitiveConsent", true, "thirdPartyConsent", true, "channel", "PAPER_FORM");
        return created(mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn());
    }

    /** A request to share the customer's delivery details with logistics for 30 days, waiting for the head. */
    private UUID request(String token, UUID customer) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientType", "DEPARTMENT");
        body.put("recipientId", logistics.toString());
        body.put("purpose", "DELIVERY");
        body.put("customerIds", List.of(customer.toString()));
        body.put("fields", List.of("contactName", "phone", "address"));
        body.put("until", clock.instant().plus(Duration.ofDays(30)).toString());
        body.put("justification", "Logistics arranges the deliveries of these orders.");
        return created(mvc.perform(post("/api/v1/sharing/requests").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn());
    }

    private UUID approve(UUID request) throws Exception {
        MvcResult decided = mvc.perform(post("/api/v1/sharing/requests/" + request + "/decisions")
                .header("Authorization", headToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("decision", "APPROVE")))).andReturn();
        assertThat(decided.getResponse().getStatus()).as(decided.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(decided).get("status")).isEqualTo("APPROVED");
        return request;
    }

    private UUID grantOf(UUID request) {
        return jdbc.sql("select id from sharing_grant where request_id = ?").param(request).query(UUID.class).single();
    }

    private UUID paperRecord(String token, TestAccounts.Account custodian, UUID customer) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "CONTRACT");
        body.put("title", "Signed contract");
        body.put("location", "Cabinet 3, shelf 2");
        body.put("custodianId", custodian.id().toString());
        body.put("customerIds", List.of(customer.toString()));
        return created(mvc.perform(post("/api/v1/paper-records").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn());
    }

    /** An export package of the customers whose name carries the tag, waiting for the head's approval. */
    private UUID export(String token, String tag) throws Exception {
        return created(mvc.perform(post("/api/v1/sharing/exports").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("name", tag, "fields",
                        List.of("companyName", "contactName", "phone"), "purpose", "AFTER_SALES", "justification",
                        "Annual service visits")))).andReturn());
    }

    /** The person, now on notice, reveals the customer's phone: the reveal goes on the review list. */
    private UUID revealWhileOnNotice(TestAccounts.Account leaver, UUID customer) throws Exception {
        MockHttpSession session = signIn(leaver);
        mvc.perform(post("/customers/" + customer + "/reveal").session(session).with(csrf()).accept("application/json")
                .param("field", "phone").param("purpose", "SALES_FOLLOW_UP")).andExpect(status().isOk());
        return jdbc.sql("select id from access_review where employee_id = ? and rule_id = ?")
                .params(leaver.id(), AccessReviews.ON_NOTICE).query(UUID.class).single();
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        clock.advance(Duration.ofSeconds(31));
        return Pages.signIn(mvc, account, clock.instant());
    }

    private String pageText(UUID caseId, MockHttpSession session, String language) throws Exception {
        MvcResult shown = mvc.perform(get("/handovers/" + caseId).session(session).header("Accept-Language", language))
                .andReturn();
        assertThat(shown.getResponse().getStatus()).isEqualTo(200);
        return Jsoup.parse(shown.getResponse().getContentAsString()).body().text();
    }

    private void review(UUID flagged) {
        CustosUser reviewer = user(head, Role.EMPLOYEE, Role.DEPT_HEAD);
        Gate.as(reviewer, () -> reviews.review(flagged, ReviewOutcome.JUSTIFIED,
                "Asked: handing the customer over to a colleague.", reviewer));
    }

    // --- the case --------------------------------------------------------------------------------

    private void putOnNotice(TestAccounts.Account person, LocalDate leavesOn) {
        CustosUser adminUser = Gate.user(admin, Set.of(Role.SYSTEM_ADMIN));
        Gate.as(adminUser, () -> management.update(person.id(), new EmployeeManagement.EmployeeUpdate(
                "Test " + person.username(), null, department, null, EnumSet.of(Role.EMPLOYEE, Role.ADMIN_OFFICER),
                EmployeeStatus.ON_NOTICE, "Resigned for a new job", leavesOn), adminUser));
    }

    /** The case as the head looks at it (brought up to date), items by kind and by the id their module knows. */
    private Map<ItemKind, Map<UUID, HandoverItem>> items(UUID caseId) {
        CustosUser headUser = user(head, Role.EMPLOYEE, Role.DEPT_HEAD);
        Map<ItemKind, Map<UUID, HandoverItem>> byKind = new EnumMap<>(ItemKind.class);
        Gate.as(headUser, () -> handovers.detail(caseId, headUser)).items().forEach(i -> byKind
                .computeIfAbsent(i.kind(), k -> new LinkedHashMap<>()).put(i.subjectId(), i));
        return byKind;
    }

    private static UUID item(Map<ItemKind, Map<UUID, HandoverItem>> items, ItemKind kind, UUID subject) {
        return items.get(kind).get(subject).id();
    }

    private static ItemOutcome outcome(Map<ItemKind, Map<UUID, HandoverItem>> items, ItemKind kind, UUID subject) {
        return items.get(kind).get(subject).outcome();
    }

    private MvcResult assign(UUID caseId, List<UUID> items, String outcome, UUID person) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("outcome", outcome);
        if (person != null) {
            body.put("successor", person);
        }
        return mvc.perform(post("/api/v1/handovers/" + caseId + "/assignments").header("Authorization", headToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
    }

    private void settle(UUID caseId, List<UUID> items, String outcome, UUID person) throws Exception {
        MvcResult result = assign(caseId, items, outcome, person);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
    }

    private String refusal(UUID caseId, List<UUID> items, String outcome, UUID person) throws Exception {
        MvcResult result = assign(caseId, items, outcome, person);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(422);
        return (String) Api.body(result).get("code");
    }

    private static UUID created(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(result).get("id"));
    }

    private UUID owner(UUID customer) {
        return jdbc.sql("select owner_id from customer where id = ?").param(customer).query(UUID.class).single();
    }

    private String requestStatus(UUID request) {
        return jdbc.sql("select status from sharing_request where id = ?").param(request).query(String.class).single();
    }

    private CustosUser user(TestAccounts.Account account, Role... roles) {
        return new CustosUser(account.id(), account.username(), account.username(), department,
                EnumSet.copyOf(List.of(roles)), EmployeeStatus.ACTIVE);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    private static ZoneId zone() {
        return ZoneId.of("Asia/Shanghai");
    }
}
