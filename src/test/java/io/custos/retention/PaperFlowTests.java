package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 16.6 (R-DEL-3, R-DEL-4): the paper register, from registering a document to its certificate,
 * and every abuse an insider with their own account could try: a custodian approving their own order,
 * a head approving twice, one person taking both approvals, destroying a document that is taken out
 * or concerns a customer under a legal hold, another department reading the register, a file that is
 * not a photograph.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class PaperFlowTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired io.custos.training.PolicyDocuments documents;

    UUID sales;
    UUID logistics;
    TestAccounts.Account custodian;
    TestAccounts.Account colleague;
    TestAccounts.Account witness;
    TestAccounts.Account head;
    TestAccounts.Account admin;
    TestAccounts.Account auditor;
    TestAccounts.Account outsider;
    TestAccounts.Account outsiderHead;
    UUID customerA;
    UUID customerB;

    @BeforeEach
    void people() throws Exception {
        sales = accounts.customerDepartment("PS" + UUID.randomUUID().toString().substring(0, 6));
        logistics = accounts.customerDepartment("PL" + UUID.randomUUID().toString().substring(0, 6));
        UUID administration = accounts.department("PA" + UUID.randomUUID().toString().substring(0, 6));
        custodian = person(sales, Role.EMPLOYEE);
        colleague = person(sales, Role.EMPLOYEE);
        witness = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        admin = person(administration, Role.ADMIN_OFFICER);
        auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        outsider = person(logistics, Role.EMPLOYEE);
        outsiderHead = person(logistics, Role.EMPLOYEE, Role.DEPT_HEAD);
        customerA = customer(custodian, sales);
        customerB = customer(custodian, sales);
    }

    @Test
    void aDocumentIsRegisteredTakenOutReturnedOrderedApprovedTwiceDestroyedBeforeAWitnessAndCertified() throws Exception {
        String custodianToken = token(custodian);
        MvcResult registered = send(post("/api/v1/paper-records"), custodianToken, register(custodian.id(), customerA,
                customerB));
        assertThat(registered.getResponse().getStatus()).as(body(registered)).isEqualTo(201);
        UUID record = UUID.fromString((String) Api.body(registered).get("id"));

        // Who sees the register: the custodian, the department's head, administration, the auditor; not
        // another department, not even its head.
        assertThat(status(get("/api/v1/paper-records/" + record), token(head))).isEqualTo(200);
        assertThat(status(get("/api/v1/paper-records/" + record), token(admin))).isEqualTo(200);
        assertThat(status(get("/api/v1/paper-records/" + record), token(auditor))).isEqualTo(200);
        assertThat(status(get("/api/v1/paper-records/" + record), token(outsider))).isEqualTo(404);
        assertThat(status(get("/api/v1/paper-records/" + record), token(outsiderHead))).isEqualTo(404);
        assertThat(status(get("/api/v1/paper-records/" + record), token(colleague))).isEqualTo(404);
        assertThat(body(mvc.perform(get("/api/v1/paper-records").header("Authorization", token(outsiderHead)))
                .andReturn())).doesNotContain(record.toString());
        assertThat(body(mvc.perform(get("/api/v1/paper-records").header("Authorization", token(head))).andReturn()))
                .contains(record.toString());
        // The auditor reads, never writes.
        assertThat(status(post("/api/v1/paper-records/" + record + "/check-out"), token(auditor),
                Map.of("holderId", colleague.id().toString(), "purpose", "audit", "expectedReturnOn", today().toString())))
                .isEqualTo(403);

        // Taken out, it cannot be ordered for destruction until it is back.
        MvcResult out = send(post("/api/v1/paper-records/" + record + "/check-out"), custodianToken,
                Map.of("holderId", colleague.id().toString(), "purpose", "Customer visit", "expectedReturnOn",
                        today().plusDays(3).toString()));
        assertThat(out.getResponse().getStatus()).as(body(out)).isEqualTo(200);
        assertThat(Api.body(out)).containsEntry("status", "CHECKED_OUT");
        assertThat(status(get("/api/v1/paper-records/" + record), token(colleague))).as("the holder sees it")
                .isEqualTo(200);
        MvcResult whileOut = send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken, order(witness));
        assertThat(whileOut.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(whileOut)).containsEntry("code", "paper-record-checked-out");
        assertThat(send(post("/api/v1/paper-records/" + record + "/return"), custodianToken, Map.of())
                .getResponse().getStatus()).isEqualTo(200);

        MvcResult ordered = send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken, order(witness));
        assertThat(ordered.getResponse().getStatus()).as(body(ordered)).isEqualTo(201);
        Map<String, Object> destruction = Api.body(ordered);
        assertThat(destruction).containsEntry("status", "PENDING");
        String id = (String) destruction.get("id");
        String number = (String) destruction.get("number");
        assertThat(number).matches("PD-\\d{4}-\\d{4}");
        assertThat(send(post("/api/v1/paper-records/" + record + "/check-out"), custodianToken,
                Map.of("holderId", colleague.id().toString(), "purpose", "again", "expectedReturnOn",
                        today().toString())).getResponse().getStatus()).as("no taking out once ordered").isEqualTo(409);

        // Approvals: never one's own, never another department's head, never twice, never an employee.
        assertThat(approve(id, custodianToken).getResponse().getStatus()).as("an employee approves nothing")
                .isEqualTo(403);
        assertThat(approve(id, token(outsiderHead)).getResponse().getStatus()).isEqualTo(404);
        assertThat(approve(id, token(colleague)).getResponse().getStatus()).isEqualTo(403);
        String headToken = token(head);
        MvcResult byHead = approve(id, headToken);
        assertThat(byHead.getResponse().getStatus()).as(body(byHead)).isEqualTo(200);
        assertThat(Api.body(byHead)).containsEntry("status", "PENDING");
        MvcResult again = approve(id, headToken);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(code(again)).isEqualTo("paper-step-taken");
        String adminToken = token(admin);
        assertThat(Api.body(approve(id, adminToken))).containsEntry("status", "APPROVED");
        assertThat(approve(id, adminToken).getResponse().getStatus()).isEqualTo(409);

        // Execution: a photograph first, checked by its content; a witness other than the executor; a real time.
        String base = "/api/v1/paper-records/destructions/" + id;
        MvcResult noPhoto = send(post(base + "/execution"), custodianToken, execution(clock.instant(), witness.id()));
        assertThat(code(noPhoto)).isEqualTo("paper-photo-missing");
        MvcResult notAPhoto = mvc.perform(multipart(base + "/photos").file(new MockMultipartFile("photo", "shred.jpg",
                "image/jpeg", "<html><script>alert(1)</script></html>".getBytes())).header("Authorization",
                custodianToken)).andReturn();
        assertThat(notAPhoto.getResponse().getStatus()).isEqualTo(422);
        assertThat(code(notAPhoto)).isEqualTo("paper-photo-type");
        byte[] png = png();
        MvcResult photo = mvc.perform(multipart(base + "/photos").file(new MockMultipartFile("photo", "shred.bin",
                "application/octet-stream", png)).header("Authorization", custodianToken)).andReturn();
        assertThat(photo.getResponse().getStatus()).as(body(photo)).isEqualTo(201);
        assertThat(mvc.perform(multipart(base + "/photos").file(new MockMultipartFile("photo", "p.png", "image/png", png))
                .header("Authorization", token(outsider))).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(code(send(post(base + "/execution"), custodianToken, execution(clock.instant(), custodian.id()))))
                .isEqualTo("paper-witness-invalid");
        assertThat(code(send(post(base + "/execution"), custodianToken,
                execution(clock.instant().plus(1, ChronoUnit.DAYS), witness.id())))).isEqualTo("paper-executed-at-invalid");
        clock.advance(java.time.Duration.ofHours(2));
        Instant executedAt = clock.instant().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        MvcResult executed = send(post(base + "/execution"), custodianToken, execution(executedAt, witness.id()));
        assertThat(executed.getResponse().getStatus()).as(body(executed)).isEqualTo(200);
        Map<String, Object> done = Api.body(executed);
        assertThat(done).containsEntry("status", "DONE").containsKey("certificateCode");
        assertThat((String) done.get("digest")).startsWith("sha256:");
        assertThat(Api.body(mvc.perform(get("/api/v1/paper-records/" + record).header("Authorization", custodianToken))
                .andReturn())).containsEntry("status", "DESTROYED");
        assertThat(send(post(base + "/execution"), custodianToken, execution(executedAt, witness.id())).getResponse()
                .getStatus()).isEqualTo(409);

        // The certificate, in both languages, names staff and counts, never a customer.
        MvcResult zh = mvc.perform(get(base + "/certificate").param("lang", "zh-CN").header("Authorization", token(auditor)))
                .andReturn();
        assertThat(zh.getResponse().getContentType()).isEqualTo("application/pdf");
        String zhText = DestructionCertificatesTests.text(zh.getResponse().getContentAsByteArray());
        assertThat(zhText).contains("销毁证明", number, "纸质介质", "碎纸", "合同", "部门负责人", "行政主管", "监销人",
                "Test " + witness.username(), "Test " + head.username(), "Test " + admin.username());
        assertThat(zhText).doesNotContain(customerA.toString(), "Customer visit", "Cabinet");
        String enText = DestructionCertificatesTests.text(mvc.perform(get(base + "/certificate").param("lang", "en")
                .header("Authorization", custodianToken)).andReturn().getResponse().getContentAsByteArray());
        assertThat(enText).contains("Certificate of destruction", "Paper media", "Shredding", "Contracts");
        assertThat(mvc.perform(get(base + "/certificate").param("lang", "en").header("Authorization", token(outsider)))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        // Anyone checks it with the code.
        MvcResult verified = mvc.perform(get("/api/v1/destructions/verify/" + done.get("certificateCode"))).andReturn();
        assertThat(Api.body(verified)).containsEntry("number", number).containsEntry("kind", "PAPER")
                .containsEntry("count", 1).containsEntry("digest", done.get("digest"));

        // Every step audited, with ids and codes only.
        List<String> actions = jdbc.sql("select action from audit_event where target_id in (?, ?) order by id")
                .params(record.toString(), id).query(String.class).list();
        assertThat(actions).contains("paper.record.registered", "paper.record.checked-out", "paper.record.returned",
                "paper.destruction.ordered", "paper.destruction.approved-by-head",
                "paper.destruction.approved-by-administration", "paper.destruction.photo-added",
                "paper.destruction.executed", "paper.certificate.downloaded");
        List<String> details = jdbc.sql("select details from audit_event where target_id in (?, ?)")
                .params(record.toString(), id).query(String.class).list();
        assertThat(String.join("\n", details)).doesNotContain("Cabinet", "Customer visit", "Signed contract",
                "no longer needed");
    }

    @Test
    void aLegalHoldOnAnyCustomerBlocksOrderApprovalAndExecutionUntilReleased() throws Exception {
        String custodianToken = token(custodian);
        UUID record = UUID.fromString((String) Api.body(send(post("/api/v1/paper-records"), custodianToken,
                register(custodian.id(), customerA, customerB))).get("id"));
        UUID hold = hold(customerB);

        MvcResult held = send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken, order(witness));
        assertThat(held.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(held)).containsEntry("code", "legal-hold").containsEntry("holdId", hold.toString())
                .containsEntry("holdKind", "LITIGATION");
        assertThat((String) Api.body(held).get("detail")).containsIgnoringCase("litigation");

        release(hold);
        MvcResult ordered = send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken, order(witness));
        assertThat(ordered.getResponse().getStatus()).isEqualTo(201);
        String id = (String) Api.body(ordered).get("id");
        UUID second = hold(customerA);
        assertThat(code(approve(id, token(head)))).isEqualTo("legal-hold");
        release(second);
        assertThat(approve(id, token(head)).getResponse().getStatus()).isEqualTo(200);
        assertThat(approve(id, token(admin)).getResponse().getStatus()).isEqualTo(200);
        String base = "/api/v1/paper-records/destructions/" + id;
        mvc.perform(multipart(base + "/photos").file(new MockMultipartFile("photo", "p.png", "image/png", png()))
                .header("Authorization", custodianToken)).andReturn();
        UUID third = hold(customerA);
        MvcResult blocked = send(post(base + "/execution"), custodianToken, execution(clock.instant(), witness.id()));
        assertThat(code(blocked)).isEqualTo("legal-hold");
        assertThat(Api.body(mvc.perform(get("/api/v1/paper-records/" + record).header("Authorization", custodianToken))
                .andReturn())).containsEntry("status", "KEPT");
        release(third);
        assertThat(send(post(base + "/execution"), custodianToken, execution(clock.instant(), witness.id()))
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void onePersonHoldingBothApprovingRolesCannotTakeBothSteps() throws Exception {
        TestAccounts.Account both = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD, Role.ADMIN_OFFICER);
        String custodianToken = token(custodian);
        UUID record = UUID.fromString((String) Api.body(send(post("/api/v1/paper-records"), custodianToken,
                register(custodian.id(), customerA))).get("id"));
        String id = (String) Api.body(send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken,
                order(witness))).get("id");
        String bothToken = token(both);
        // Someone who could approve and orders a destruction himself cannot approve his own order.
        UUID own = UUID.fromString((String) Api.body(send(post("/api/v1/paper-records"), bothToken,
                register(colleague.id(), customerB))).get("id"));
        String ownOrder = (String) Api.body(send(post("/api/v1/paper-records/" + own + "/destruction"), bothToken,
                order(witness))).get("id");
        MvcResult self = approve(ownOrder, bothToken);
        assertThat(self.getResponse().getStatus()).isEqualTo(403);
        assertThat(code(self)).isEqualTo("paper-own-order");
        assertThat(Api.body(approve(id, bothToken))).containsEntry("status", "PENDING");
        MvcResult twice = approve(id, bothToken);
        assertThat(twice.getResponse().getStatus()).isEqualTo(403);
        assertThat(code(twice)).isEqualTo("paper-approver-twice");
        assertThat(Api.body(approve(id, token(admin)))).containsEntry("status", "APPROVED");
    }

    @Test
    void registeringNamesLiveCustomersAndACustodianWithinReach() throws Exception {
        String custodianToken = token(custodian);
        UUID destroyed = customer(custodian, sales);
        jdbc.sql("update customer set destroyed_at = current_timestamp where id = ?").param(destroyed).update();
        MvcResult gone = send(post("/api/v1/paper-records"), custodianToken, register(custodian.id(), customerA, destroyed));
        assertThat(gone.getResponse().getStatus()).isEqualTo(422);
        assertThat(code(gone)).isEqualTo("paper-customers-unknown");
        assertThat(code(send(post("/api/v1/paper-records"), custodianToken, register(custodian.id(), UUID.randomUUID()))))
                .isEqualTo("paper-customers-unknown");
        assertThat(code(send(post("/api/v1/paper-records"), custodianToken, register(colleague.id(), customerA))))
                .as("an employee registers only what they keep").isEqualTo("paper-custodian-not-allowed");
        assertThat(code(send(post("/api/v1/paper-records"), token(outsiderHead), register(custodian.id(), customerA))))
                .isEqualTo("paper-custodian-not-allowed");
        assertThat(send(post("/api/v1/paper-records"), token(head), register(colleague.id(), customerA)).getResponse()
                .getStatus()).isEqualTo(201);
        Map<String, Object> noType = new LinkedHashMap<>(register(custodian.id(), customerA));
        noType.remove("type");
        assertThat(code(send(post("/api/v1/paper-records"), custodianToken, noType))).isEqualTo("paper-field-required");
        TestAccounts.Account security = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        assertThat(status(get("/api/v1/paper-records"), token(security))).isEqualTo(403);
    }

    @Test
    void aDocumentPastItsReturnDayIsOnTheHomePageOfItsCustodianAndHolderAndPendingApprovalsOnTheApprovers()
            throws Exception {
        String firstToken = token(custodian);
        UUID record = UUID.fromString((String) Api.body(send(post("/api/v1/paper-records"), firstToken,
                register(custodian.id(), customerA))).get("id"));
        assertThat(send(post("/api/v1/paper-records/" + record + "/check-out"), firstToken,
                Map.of("holderId", colleague.id().toString(), "purpose", "Visit", "expectedReturnOn",
                        today().plusDays(1).toString())).getResponse().getStatus()).isEqualTo(200);
        assertThat(keys(custodian)).doesNotContain("home.task.paperOverdue");
        clock.advance(java.time.Duration.ofDays(3));
        tokens.clear();
        String custodianToken = token(custodian);
        assertThat(keys(custodian)).contains("home.task.paperOverdue");
        assertThat(keys(colleague)).contains("home.task.paperOverdue");
        assertThat(keys(witness)).doesNotContain("home.task.paperOverdue");
        assertThat(body(mvc.perform(get("/api/v1/paper-records").param("overdue", "true")
                .header("Authorization", custodianToken)).andReturn())).contains(record.toString(), "\"overdue\":true");
        send(post("/api/v1/paper-records/" + record + "/return"), custodianToken, Map.of());
        assertThat(keys(custodian)).doesNotContain("home.task.paperOverdue");

        send(post("/api/v1/paper-records/" + record + "/destruction"), custodianToken, order(witness));
        assertThat(keys(head)).contains("home.task.paperApprovals");
        assertThat(keys(admin)).contains("home.task.paperApprovals");
        assertThat(keys(outsiderHead)).doesNotContain("home.task.paperApprovals");
        assertThat(keys(custodian)).doesNotContain("home.task.paperApprovals");
    }

    @Autowired PaperHomeTasks homeTasks;

    private List<String> keys(TestAccounts.Account account) {
        return homeTasks.tasksFor(account.id()).stream().map(io.custos.shared.HomeTask::messageKey).toList();
    }

    // --- helpers ---

    private TestAccounts.Account person(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }

    /**
     * A customer of the department, registered through the API by a trained colleague with consent,
     * as any other: a bare row would break what other tests hold true of every customer (a consent
     * state, a data key).
     */
    private UUID customer(TestAccounts.Account owner, UUID department) throws Exception {
        if (registrarToken == null) {
            TestAccounts.Account registrar = RetentionFixture.person(accounts, documents, clock.instant(), department,
                    Role.EMPLOYEE);
            registrarToken = Api.token(mvc, registrar, clock.instant());
        }
        return RetentionFixture.customer(mvc, registrarToken, "纸质测试 " + UUID.randomUUID().toString().substring(0, 6));
    }

    private String registrarToken;

    private UUID hold(UUID customer) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into legal_hold (id, customer_id, kind, reason, placed_by, placed_at) values (?, ?, 'LITIGATION', "
                + "'court case', ?, ?)").params(id, customer, admin.id(), clock.instant().atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    private void release(UUID hold) {
        jdbc.sql("update legal_hold set released_at = ?, released_by = ?, release_reason = 'closed' where id = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), admin.id(), hold).update();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), SHANGHAI);
    }

    private static Map<String, Object> register(UUID custodianId, UUID... customers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "CONTRACT");
        body.put("title", "Signed contract 2024");
        body.put("location", "Cabinet 3, shelf 2");
        body.put("custodianId", custodianId.toString());
        body.put("customerIds", List.of(customers).stream().map(UUID::toString).toList());
        return body;
    }

    private Map<String, Object> order(TestAccounts.Account witnessAccount) {
        return Map.of("method", "SHREDDING", "witnessId", witnessAccount.id().toString(), "plannedOn",
                today().toString(), "reason", "Retention period over, no longer needed");
    }

    private static Map<String, Object> execution(Instant at, UUID witnessId) {
        return Map.of("executedAt", at.toString(), "witnessId", witnessId.toString());
    }

    private MvcResult approve(String id, String token) throws Exception {
        return mvc.perform(post("/api/v1/paper-records/destructions/" + id + "/approvals").header("Authorization", token))
                .andReturn();
    }

    private MvcResult send(MockHttpServletRequestBuilder request, String token, Object body) throws Exception {
        return mvc.perform(request.header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(body))).andReturn();
    }

    private int status(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", token)).andReturn().getResponse().getStatus();
    }

    private int status(MockHttpServletRequestBuilder request, String token, Object body) throws Exception {
        return send(request, token, body).getResponse().getStatus();
    }

    private final Map<UUID, String> tokens = new java.util.HashMap<>();

    /** One token per account: a one-time code is refused the second time. */
    private String token(TestAccounts.Account account) throws Exception {
        String known = tokens.get(account.id());
        if (known == null) {
            known = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), known);
        }
        return known;
    }

    private static @Nullable String code(MvcResult result) throws Exception {
        return (String) Api.body(result).get("code");
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }

    static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
