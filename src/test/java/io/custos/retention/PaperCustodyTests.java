package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * R-EMP-5 (issue 18): the paper records a leaving employee keeps or has taken out are listed for the
 * handover and each checked back in to a named custodian who stays; an item that changed since it
 * was listed, or a custodian who may not keep the document, is refused and nothing moves.
 */
@IntegrationTest
class PaperCustodyTests {

    static final Actor HANDOVER = Actor.system("handover");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;
    @Autowired PaperCustody custody;

    UUID sales;
    TestAccounts.Account leaver;
    TestAccounts.Account colleague;
    TestAccounts.Account successor;
    TestAccounts.Account head;
    UUID customer;

    @BeforeEach
    void people() throws Exception {
        sales = accounts.customerDepartment("HC" + UUID.randomUUID().toString().substring(0, 6));
        leaver = person(sales, Role.EMPLOYEE);
        colleague = person(sales, Role.EMPLOYEE);
        successor = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account registrar = RetentionFixture.person(accounts, documents, clock.instant(), sales,
                Role.EMPLOYEE);
        customer = RetentionFixture.customer(mvc, Api.token(mvc, registrar, clock.instant()),
                "交接纸质 " + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    void listsWhatThePersonKeepsAndWhatTheyHaveTakenOutButNothingDestroyed() throws Exception {
        UUID kept = register(leaver, "Kept contract");
        UUID lentOut = register(leaver, "Lent to a colleague");
        checkOut(leaver, lentOut, colleague);
        UUID borrowed = register(colleague, "Borrowed form");
        checkOut(colleague, borrowed, leaver);
        UUID destroyed = register(leaver, "Shredded printout");
        jdbc.sql("update paper_record set status = 'DESTROYED' where id = ?").param(destroyed).update();
        register(colleague, "Not theirs");

        assertThat(custody.inCustodyOf(leaver.id())).containsExactly(
                new HeldPaper(borrowed, "Borrowed form", "CONTRACT", true, sales),
                new HeldPaper(kept, "Kept contract", "CONTRACT", false, sales),
                new HeldPaper(lentOut, "Lent to a colleague", "CONTRACT", false, sales));
        assertThat(custody.inCustodyOf(colleague.id())).extracting(HeldPaper::id, HeldPaper::checkedOut)
                .contains(org.assertj.core.groups.Tuple.tuple(borrowed, false),
                        org.assertj.core.groups.Tuple.tuple(lentOut, true));
        assertThat(custody.inCustodyOf(successor.id())).isEmpty();
    }

    @Test
    void checksEachRecordInToTheSuccessorClosingTheLeaversCheckOutAndAuditsIt() throws Exception {
        UUID kept = register(leaver, "Kept contract");
        UUID borrowed = register(colleague, "Borrowed form");
        checkOut(colleague, borrowed, leaver);
        UUID lentOut = register(leaver, "Lent to a colleague");
        checkOut(leaver, lentOut, colleague);

        custody.checkIn(borrowed, leaver.id(), successor.id(), HANDOVER);
        assertThat(record(borrowed)).containsEntry("custodian_id", successor.id()).containsEntry("status", "KEPT");
        assertThat(openCheckouts(borrowed)).as("the document came back with the leaver").isZero();
        Map<String, Object> event = event(borrowed);
        assertThat(event.get("actor_name")).isEqualTo("system:handover");
        assertThat((String) event.get("details")).contains(leaver.id().toString(), successor.id().toString(),
                colleague.id().toString(), "previousCustodian", "holder", "overdue");

        custody.checkIn(kept, leaver.id(), successor.id(), actorOf(head));
        assertThat(record(kept)).containsEntry("custodian_id", successor.id()).containsEntry("status", "KEPT");
        assertThat(event(kept).get("actor_name")).isEqualTo(head.username());
        assertThat((String) event(kept).get("details")).doesNotContain("previousCustodian", "holder");

        // Out with a colleague who stays: they still have it, and now answer to the successor.
        custody.checkIn(lentOut, leaver.id(), successor.id(), HANDOVER);
        assertThat(record(lentOut)).containsEntry("custodian_id", successor.id()).containsEntry("status", "CHECKED_OUT");
        assertThat(openCheckouts(lentOut)).isEqualTo(1);

        assertThat(custody.inCustodyOf(leaver.id())).isEmpty();
        assertThat(custody.inCustodyOf(successor.id())).extracting(HeldPaper::id)
                .containsExactlyInAnyOrder(kept, borrowed, lentOut);
    }

    @Test
    void anAdministrationOfficerOfAnotherDepartmentMayTakeTheDocumentsOver() throws Exception {
        UUID administration = accounts.department("HA" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account officer = person(administration, Role.ADMIN_OFFICER);
        UUID kept = register(leaver, "Kept contract");

        custody.checkIn(kept, leaver.id(), officer.id(), HANDOVER);

        assertThat(record(kept)).containsEntry("custodian_id", officer.id()).containsEntry("department_id", sales);
    }

    @Test
    void refusesAnItemThatChangedSinceItWasListedAndMovesNothing() throws Exception {
        UUID kept = register(leaver, "Kept contract");
        custody.checkIn(kept, leaver.id(), successor.id(), HANDOVER);
        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), colleague.id(), HANDOVER)))
                .as("handed over twice").isEqualTo("handover-item-changed");
        assertThat(record(kept)).containsEntry("custodian_id", successor.id());

        UUID notTheirs = register(colleague, "Not theirs");
        assertThat(refusal(() -> custody.checkIn(notTheirs, leaver.id(), successor.id(), HANDOVER)))
                .as("wrong from").isEqualTo("handover-item-changed");
        assertThat(record(notTheirs)).containsEntry("custodian_id", colleague.id());

        UUID borrowed = register(colleague, "Borrowed form");
        checkOut(colleague, borrowed, leaver);
        giveBack(colleague, borrowed);
        assertThat(refusal(() -> custody.checkIn(borrowed, leaver.id(), successor.id(), HANDOVER)))
                .as("given back before the handover").isEqualTo("handover-item-changed");

        UUID destroyed = register(leaver, "Shredded printout");
        jdbc.sql("update paper_record set status = 'DESTROYED' where id = ?").param(destroyed).update();
        assertThat(refusal(() -> custody.checkIn(destroyed, leaver.id(), successor.id(), HANDOVER)))
                .as("destroyed").isEqualTo("handover-item-changed");
        assertThat(record(destroyed)).containsEntry("custodian_id", leaver.id());

        assertThatThrownBy(() -> custody.checkIn(UUID.randomUUID(), leaver.id(), successor.id(), HANDOVER))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'paper.record.custody-transferred' "
                + "and target_id in (?, ?, ?)").params(notTheirs.toString(), borrowed.toString(), destroyed.toString())
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusesACustodianWhoMayNotKeepTheDocument() throws Exception {
        UUID kept = register(leaver, "Kept contract");
        TestAccounts.Account departed = person(sales, Role.EMPLOYEE);
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(departed.id()).update();
        TestAccounts.Account leavingToo = person(sales, Role.EMPLOYEE);
        jdbc.sql("update employee set status = 'ON_NOTICE' where id = ?").param(leavingToo.id()).update();
        TestAccounts.Account partnerUser = partnerUser();
        TestAccounts.Account otherDepartment = person(
                accounts.customerDepartment("HO" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE,
                Role.DEPT_HEAD);

        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), departed.id(), HANDOVER)))
                .isEqualTo("paper-custodian-invalid");
        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), leavingToo.id(), HANDOVER)))
                .isEqualTo("paper-custodian-invalid");
        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), partnerUser.id(), HANDOVER)))
                .isEqualTo("paper-custodian-invalid");
        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), UUID.randomUUID(), HANDOVER)))
                .isEqualTo("paper-custodian-invalid");
        assertThat(refusal(() -> custody.checkIn(kept, leaver.id(), otherDepartment.id(), HANDOVER)))
                .isEqualTo("paper-custodian-department");
        assertThat(record(kept)).containsEntry("custodian_id", leaver.id());
        assertThat(custody.inCustodyOf(leaver.id())).extracting(HeldPaper::id).containsExactly(kept);
    }

    private TestAccounts.Account person(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }

    /** A partner organisation's user, as the administration officer makes them: the PARTNER role, no department. */
    private TestAccounts.Account partnerUser() throws Exception {
        TestAccounts.Account officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        Map<String, Object> body = new LinkedHashMap<>();
        String name = "Custody Freight " + UUID.randomUUID().toString().substring(0, 6);
        body.put("nameZh", name + "中文");
        body.put("nameEn", name);
        body.put("type", "FREIGHT_FORWARDER");
        body.put("country", "CN");
        body.put("contacts", List.of(Map.of("name", "Contact", "phone", "+86 21 5555 0100", "email", "ops@example.com")));
        body.put("riskNotes", "Handles delivery addresses");
        body.put("reassessOn", java.time.LocalDate.now().plusYears(1).toString());
        body.put("managerId", officer.id().toString());
        body.put("active", true);
        MvcResult partner = RetentionFixture.call(mvc, post("/api/v1/partners"), Api.token(mvc, officer, clock.instant()),
                body);
        assertThat(partner.getResponse().getStatus()).as(partner.getResponse().getContentAsString()).isEqualTo(201);
        TestAccounts.Account user = accounts.create(clock.instant(), EnumSet.of(Role.PARTNER));
        jdbc.sql("update employee set partner_id = ? where id = ?")
                .params(UUID.fromString((String) Api.body(partner).get("id")), user.id()).update();
        return user;
    }

    private UUID register(TestAccounts.Account custodian, String title) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "CONTRACT");
        body.put("title", title);
        body.put("location", "Cabinet 3, shelf 2");
        body.put("custodianId", custodian.id().toString());
        body.put("customerIds", List.of(customer.toString()));
        MvcResult registered = RetentionFixture.call(mvc, post("/api/v1/paper-records"), token(custodian), body);
        assertThat(registered.getResponse().getStatus()).as(registered.getResponse().getContentAsString())
                .isEqualTo(201);
        return UUID.fromString((String) Api.body(registered).get("id"));
    }

    private void checkOut(TestAccounts.Account custodian, UUID record, TestAccounts.Account holder) throws Exception {
        MvcResult out = RetentionFixture.call(mvc, post("/api/v1/paper-records/" + record + "/check-out"),
                token(custodian), Map.of("holderId", holder.id().toString(), "purpose", "Customer visit",
                        "expectedReturnOn", java.time.LocalDate.now(PaperFlowTests.SHANGHAI).plusDays(3).toString()));
        assertThat(out.getResponse().getStatus()).as(out.getResponse().getContentAsString()).isEqualTo(200);
    }

    private void giveBack(TestAccounts.Account custodian, UUID record) throws Exception {
        assertThat(RetentionFixture.call(mvc, post("/api/v1/paper-records/" + record + "/return"), token(custodian),
                Map.of()).getResponse().getStatus()).isEqualTo(200);
    }

    private final Map<UUID, String> tokens = new java.util.HashMap<>();

    private String token(TestAccounts.Account account) throws Exception {
        String known = tokens.get(account.id());
        if (known == null) {
            known = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), known);
        }
        return known;
    }

    private Map<String, Object> record(UUID id) {
        Map<String, Object> row = new LinkedHashMap<>(jdbc.sql("select custodian_id, department_id, status from "
                + "paper_record where id = ?").param(id).query().singleRow());
        Map<String, Object> lower = new LinkedHashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    private long openCheckouts(UUID record) {
        return jdbc.sql("select count(*) from paper_checkout where record_id = ? and returned_at is null").param(record)
                .query(Long.class).single();
    }

    private Map<String, Object> event(UUID record) {
        Map<String, Object> row = jdbc.sql("select actor_name, details from audit_event where action = "
                + "'paper.record.custody-transferred' and target_id = ?").param(record.toString()).query().singleRow();
        Map<String, Object> lower = new LinkedHashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    private static Actor actorOf(TestAccounts.Account account) {
        return new Actor(Actor.ActorType.EMPLOYEE, account.id(), account.username());
    }

    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(DomainException.class);
        return ((DomainException) thrown).code();
    }
}
