package io.custos.discipline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.access.AccessReviews;
import io.custos.access.FlaggedAccess;
import io.custos.access.ReviewOutcome;
import io.custos.access.Subject;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.incident.DataCategory;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.incident.NewIncident;
import io.custos.incident.Severity;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.supervision.ChecklistItem;
import io.custos.supervision.InspectionView;
import io.custos.supervision.Inspections;
import io.custos.supervision.Quarter;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Rewards and penalties (R-SUP-5, issue 20.6): the administration department proposes with
 * evidence, management decides once, nobody decides about themselves or their own proposal; an
 * unjustified emergency access proposes a warning; an inspection finding or an incident named as
 * evidence must exist (asked of supervision and the incident module); a record is its person's and
 * the administration department's only.
 */
@IntegrationTest
class DisciplineTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired AccessReviews reviews;
    @Autowired Proposals proposals;
    @Autowired TransactionTemplate transactions;
    @Autowired List<HomeTaskProvider> homeTasks;
    @Autowired Incidents incidents;
    @Autowired Inspections inspections;

    UUID department;
    TestAccounts.Account admin;
    TestAccounts.Account employee;
    TestAccounts.Account colleague;
    TestAccounts.Account manager;
    TestAccounts.Account otherManager;
    TestAccounts.Account adminManager;
    IncidentView incident;

    @BeforeEach
    void people() {
        department = accounts.customerDepartment("DP" + UUID.randomUUID().toString().substring(0, 6));
        admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        employee = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        colleague = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        manager = privileged(Role.MANAGEMENT);
        otherManager = privileged(Role.MANAGEMENT);
        adminManager = privileged(Role.ADMIN_OFFICER, Role.MANAGEMENT);
        incident = incident();
    }

    @Test
    void managementDecidesOnceAndNeverAboutThemselvesOrTheirOwnProposal() throws Exception {
        Map<String, Object> fine = fine(employee.id());
        assertThat(status(post("/api/v1/discipline/proposals"), employee, fine)).as("only the administration department")
                .isEqualTo(403);
        assertThat(status(post("/api/v1/discipline/proposals"), manager, fine)).isEqualTo(403);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine, "employeeId", admin.id())))
                .as("no proposal about oneself").isEqualTo(422);
        UUID id = propose(admin, fine);
        String body = call(get("/api/v1/discipline/proposals/" + id), admin, null).getResponse().getContentAsString();
        assertThat(body).contains("\"status\":\"PROPOSED\"", "\"amount\":300.50", "Left the customer ledger");
        // The reason is encrypted; nothing written reaches the audit log.
        assertThat(jdbc.sql("select reason_cipher from discipline_proposal where id = ?").param(id).query(String.class)
                .single()).doesNotContain("ledger");
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%ledger%'").query(Long.class).single())
                .isZero();

        assertThat(status(post("/api/v1/discipline/proposals/" + id + "/decision"), admin, Map.of("decision", "APPROVE")))
                .as("the administration department does not decide").isEqualTo(403);
        assertThat(status(post("/api/v1/discipline/proposals/" + id + "/decision"), employee, Map.of("decision", "APPROVE")))
                .isEqualTo(403);
        assertThat(tasks(manager)).anyMatch(t -> t.messageKey().equals("home.task.discipline.awaiting"));
        assertThat(status(post("/api/v1/discipline/proposals/" + id + "/decision"), manager,
                Map.of("decision", "APPROVE", "note", "Agreed."))).isEqualTo(200);
        assertThat(status(post("/api/v1/discipline/proposals/" + id + "/decision"), otherManager,
                Map.of("decision", "REJECT"))).as("decided once").isEqualTo(409);
        assertThat(status(post("/api/v1/discipline/proposals/" + id + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(409);
        assertThat(tasks(employee)).anyMatch(t -> t.messageKey().equals("home.task.discipline.decided"));

        // Someone who is both: may propose, but not decide what they proposed.
        UUID own = propose(adminManager, fine(colleague.id()));
        MvcResult refused = call(post("/api/v1/discipline/proposals/" + own + "/decision"), adminManager,
                Map.of("decision", "APPROVE"));
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(refused.getResponse().getContentAsString()).contains("discipline-own-decision");
        assertThat(tasks(adminManager)).noneMatch(t -> t.messageKey().equals("home.task.discipline.awaiting")
                && t.args().equals(List.of(0)));
        // A proposal about a member of management: they may not decide it, another may.
        UUID aboutManager = propose(admin, fine(manager.id()));
        assertThat(status(post("/api/v1/discipline/proposals/" + aboutManager + "/decision"), manager,
                Map.of("decision", "REJECT"))).isEqualTo(403);
        assertThat(status(post("/api/v1/discipline/proposals/" + aboutManager + "/decision"), otherManager,
                Map.of("decision", "REJECT"))).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'discipline.proposal.approved' "
                + "and outcome = 'DENIED' and target_id = ?").param(own.toString()).query(Long.class).single()).isOne();
    }

    @Test
    void twoManagersDecidingAtOnceMakeOneDecision() throws Exception {
        UUID id = propose(admin, fine(employee.id()));
        String first = token(manager);
        String second = token(otherManager);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = List.of(
                    pool.submit(() -> decideAt(start, id, first, "APPROVE")),
                    pool.submit(() -> decideAt(start, id, second, "REJECT")));
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action in "
                + "('discipline.proposal.approved', 'discipline.proposal.rejected') and outcome = 'ALLOWED'")
                .param(id.toString()).query(Long.class).single()).isOne();
    }

    private int decideAt(java.util.concurrent.CountDownLatch start, UUID id, String token, String decision)
            throws Exception {
        start.await();
        return mvc.perform(post("/api/v1/discipline/proposals/" + id + "/decision").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("decision", decision)))).andReturn()
                .getResponse().getStatus();
    }

    @Test
    void aProposalRestsOnEvidenceThatHoldsAndAnAmountThatFitsItsKind() throws Exception {
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(employee.id()), "amount", null)))
                .as("a fine needs an amount").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(fine(employee.id()), "kind", "WARNING"),
                "amount", 10))).as("a warning has none").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(employee.id()), "amount", "1.234")))
                .isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(employee.id()), "reason", " ")))
                .isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(fine(employee.id()), "evidenceKind",
                "WHISTLEBLOWING"), "evidenceId", UUID.randomUUID().toString()))).as("no such verified report").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(fine(employee.id()), "evidenceKind",
                "ACCESS_REVIEW"), "evidenceId", UUID.randomUUID().toString()))).as("no such unjustified access")
                .isEqualTo(422);
        Map<String, Object> anonymousWarning = with(with(with(fine(employee.id()), "employeeId", null),
                "anonymousReporter", true), "kind", "WARNING");
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(anonymousWarning, "amount", null)))
                .as("only a reward goes to the anonymous reporter").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(employee.id()), "evidenceId", "<script>")))
                .isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(UUID.randomUUID()), "amount", 10)))
                .as("no such person").isEqualTo(422);
    }

    @Test
    void anInspectionFindingOrAnIncidentNamedAsEvidenceMustExist() throws Exception {
        // Incidents: by reference or id; an unknown one is refused with its own problem.
        MvcResult unknown = call(post("/api/v1/discipline/proposals"), admin,
                with(fine(employee.id()), "evidenceId", "INC-2031-9999"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(422);
        assertThat(unknown.getResponse().getContentAsString()).contains("discipline-incident-unknown", "evidenceId");
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(fine(employee.id()), "evidenceId",
                UUID.randomUUID().toString()))).isEqualTo(422);
        UUID byReference = propose(admin, with(with(fine(employee.id()), "evidenceId",
                incident.reference().toLowerCase(java.util.Locale.ROOT)), "evidenceReference", "anything typed"));
        UUID byId = propose(admin, with(fine(colleague.id()), "evidenceId", incident.id().toString()));
        for (UUID proposal : List.of(byReference, byId)) {
            assertThat(jdbc.sql("select evidence_id || ' ' || evidence_reference from discipline_proposal where id = ?")
                    .param(proposal).query(String.class).single()).as("the incident's own id and reference are kept")
                    .isEqualTo(incident.id() + " " + incident.reference());
        }

        // Inspection findings: by the rectification each became on completion.
        UUID rectification = finding();
        Map<String, Object> onFinding = with(with(fine(employee.id()), "evidenceKind", "INSPECTION_FINDING"),
                "evidenceReference", null);
        for (String id : List.of(UUID.randomUUID().toString(), "R-17", incident.id().toString())) {
            MvcResult refused = call(post("/api/v1/discipline/proposals"), admin, with(onFinding, "evidenceId", id));
            assertThat(refused.getResponse().getStatus()).as(id).isEqualTo(422);
            assertThat(refused.getResponse().getContentAsString()).contains("discipline-finding-unknown");
        }
        UUID onIt = propose(admin, with(onFinding, "evidenceId", rectification.toString()));
        assertThat(jdbc.sql("select evidence_id from discipline_proposal where id = ?").param(onIt).query(String.class)
                .single()).isEqualTo(rectification.toString());
        // The rectification must rest on an item recorded as a finding.
        jdbc.sql("update inspection_result set finding = false where (inspection_id, item_id) in "
                + "(select inspection_id, item_id from rectification where id = ?)").param(rectification).update();
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(onFinding, "evidenceId",
                rectification.toString()))).as("no longer recorded as a finding").isEqualTo(422);
    }

    @Test
    void anUnjustifiedEmergencyAccessProposesAWarningForWhoeverOpenedIt() throws Exception {
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE);
        UUID customer = RetentionFixture.customer(mvc, token(owner), "Discipline Trading " + UUID.randomUUID());
        UUID elsewhere = accounts.customerDepartment("DQ" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account outsider = RetentionFixture.person(accounts, documents, clock.instant(), elsewhere,
                Role.EMPLOYEE);
        TestAccounts.Account security = privileged(Role.SECURITY_ADMIN);
        CustosUser opener = new CustosUser(outsider.id(), outsider.username(), "Outsider", elsewhere, Set.of(Role.EMPLOYEE),
                EmployeeStatus.ACTIVE);
        CustosUser reviewer = new CustosUser(security.id(), security.username(), "Security", null,
                Set.of(Role.SECURITY_ADMIN), EmployeeStatus.ACTIVE);
        FlaggedAccess opened = transactions.execute(status -> reviews.openBreakGlass(opener,
                new Subject(customer, owner.id(), department), "I wanted to see what this customer buys from us."));
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(with(fine(outsider.id()), "evidenceKind",
                "ACCESS_REVIEW"), "evidenceId", opened.id().toString()), "amount", 100)))
                .as("not reviewed yet: no evidence").isEqualTo(422);
        Gate.as(reviewer, () -> transactions.execute(status -> reviews.review(opened.id(), ReviewOutcome.UNJUSTIFIED,
                "No business reason.", reviewer)));

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from discipline_proposal "
                + "where evidence_kind = 'ACCESS_REVIEW' and evidence_id = ? and employee_id = ? and kind = 'WARNING'")
                .params(opened.id().toString(), outsider.id()).query(Long.class).single() == 1);
        // Once per access, however often the event arrives, and a penalty only for the person whose access it was.
        java.util.Optional<Proposal> again = transactions.execute(status -> proposals.proposeWarning(opened.id()));
        assertThat(again).isEmpty();
        assertThat(jdbc.sql("select count(*) from discipline_proposal where evidence_id = ?")
                .param(opened.id().toString()).query(Long.class).single()).isOne();
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(with(fine(colleague.id()),
                "evidenceKind", "ACCESS_REVIEW"), "evidenceId", opened.id().toString()), "amount", 100)))
                .as("the access was not the colleague's").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, with(with(with(fine(outsider.id()),
                "evidenceKind", "ACCESS_REVIEW"), "evidenceId", opened.id().toString()), "amount", 100)))
                .as("a fine on top, by a person").isEqualTo(201);
        String list = call(get("/api/v1/discipline/proposals"), manager, null).getResponse().getContentAsString();
        assertThat(list).contains(opened.id().toString(), "\"automatic\":true");

        // A justified one proposes nothing.
        UUID second = RetentionFixture.customer(mvc, token(owner), "Justified " + UUID.randomUUID());
        FlaggedAccess fine = transactions.execute(status -> reviews.openBreakGlass(opener,
                new Subject(second, owner.id(), department), "The customer phoned about a stuck shipment at customs."));
        Gate.as(reviewer, () -> transactions.execute(status -> reviews.review(fine.id(), ReviewOutcome.JUSTIFIED,
                "Shipment problem confirmed.", reviewer)));
        Thread.sleep(500);
        assertThat(jdbc.sql("select count(*) from discipline_proposal where evidence_id = ?").param(fine.id().toString())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRecordIsItsPersonsAndTheAdministrationDepartmentsOnly() throws Exception {
        UUID decided = propose(admin, fine(employee.id()));
        UUID pending = propose(admin, with(with(with(fine(employee.id()), "kind", "WARNING"), "amount", null), "reason",
                "Second matter still under review"));
        assertThat(status(post("/api/v1/discipline/proposals/" + decided + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(200);

        String own = call(get("/api/v1/discipline/records/" + employee.id()), employee, null).getResponse()
                .getContentAsString();
        assertThat(own).contains(decided.toString()).as("a pending proposal is not on the person's record yet")
                .doesNotContain(pending.toString());
        String all = call(get("/api/v1/discipline/records/" + employee.id()), admin, null).getResponse()
                .getContentAsString();
        assertThat(all).contains(decided.toString(), pending.toString());
        for (TestAccounts.Account other : List.of(colleague, manager)) {
            assertThat(status(get("/api/v1/discipline/records/" + employee.id()), other, null)).isEqualTo(404);
        }
        assertThat(status(get("/api/v1/discipline/proposals"), colleague, null)).isEqualTo(403);
        assertThat(status(get("/api/v1/discipline/proposals/" + decided), colleague, null)).isEqualTo(404);
        assertThat(status(get("/api/v1/discipline/proposals/" + decided), employee, null)).isEqualTo(404);

        // The pages: the person's own record, the administration department's view, nobody else's.
        MockHttpSession mine = Pages.signIn(mvc, employee, clock.instant());
        MvcResult page = mvc.perform(get("/discipline/my-record").session(mine)).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(page.getResponse().getContentAsString()).contains("Left the customer ledger", "Fine", "Approved");
        MockHttpSession theirs = Pages.signIn(mvc, colleague, clock.instant());
        assertThat(mvc.perform(get("/discipline/records/" + employee.id()).session(theirs)).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        MockHttpSession office = Pages.signIn(mvc, admin, clock.instant());
        assertThat(mvc.perform(get("/discipline/records/" + employee.id()).session(office)).andReturn().getResponse()
                .getContentAsString()).contains("Second matter still under review");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'discipline.record.viewed' and target_id = ?")
                .param(employee.id().toString()).query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theProposalPagesKeepWhatWasTypedAndLetManagementDecide() throws Exception {
        jdbc.sql("update employee set display_name = ? where id = ?").params("王测试乙", employee.id()).update();
        jdbc.sql("update employee set display_name = ? where id = ?").params("陈测试甲", colleague.id()).update();
        jdbc.sql("update employee set display_name = ? where id = ?").params("周测试丙", manager.id()).update();
        MockHttpSession office = Pages.signIn(mvc, admin, clock.instant());
        // The form offers evidence by its name, never asks for an id, and leaves the proposer out.
        String form = mvc.perform(get("/discipline/proposals/new").session(office).param("lang", "zh-CN")).andReturn()
                .getResponse().getContentAsString();
        assertThat(form).contains("value=\"INCIDENT:" + incident.id() + "\">" + incident.reference() + "</option>")
                .doesNotContain("value=\"" + admin.id() + "\"", "name=\"evidenceId\"", "name=\"evidenceReference\"");
        assertThat(form.indexOf("陈测试甲")).as("sorted as Chinese sorts names (chen before wang)").isPositive()
                .isLessThan(form.indexOf("王测试乙"));
        String brought = mvc.perform(get("/discipline/proposals/new").session(office).param("lang", "en")
                .param("evidenceKind", "INCIDENT").param("evidenceId", incident.id().toString())).andReturn()
                .getResponse().getContentAsString();
        assertThat(brought).contains("value=\"INCIDENT:" + incident.id() + "\" selected=\"selected\">"
                + incident.reference() + "</option>");
        MvcResult refused = mvc.perform(post("/discipline/proposals").session(office).with(csrf()).param("kind", "FINE")
                .param("person", employee.id().toString()).param("amount", "abc").param("reason", "Took files home")
                .param("evidence", "INCIDENT:" + incident.id())).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentAsString()).contains("Took files home</textarea>", "value=\"abc\"",
                "id=\"amount-problem\"", "is-invalid", "\" selected=\"selected\">" + incident.reference())
                .doesNotContain("id=\"problem\"");
        MvcResult noSuch = mvc.perform(post("/discipline/proposals").session(office).with(csrf()).param("kind", "FINE")
                .param("person", employee.id().toString()).param("amount", "200").param("reason", "Took files home")
                .param("evidence", "INCIDENT:INC-9").param("lang", "zh-CN")).andReturn();
        assertThat(noSuch.getResponse().getStatus()).isEqualTo(422);
        assertThat(noSuch.getResponse().getContentAsString()).contains("没有编号为此的安全事件", "Took files home</textarea>",
                "id=\"evidence-problem\"");
        MvcResult made = mvc.perform(post("/discipline/proposals").session(office).with(csrf()).param("kind", "FINE")
                .param("person", employee.id().toString()).param("amount", "200").param("reason", "Took files home")
                .param("evidence", "INCIDENT:" + incident.id()).param("lang", "en"))
                .andReturn();
        assertThat(made.getResponse().getStatus()).isEqualTo(302);
        String location = made.getResponse().getRedirectedUrl();
        MockHttpSession board = Pages.signIn(mvc, manager, clock.instant());
        String page = mvc.perform(get(location).session(board)).andReturn().getResponse().getContentAsString();
        assertThat(page).as("the evidence named and linked for management").contains("proposal-decide",
                "href=\"/incidents/" + incident.id() + "\">" + incident.reference() + "</a>");
        assertThat(mvc.perform(get(location).session(office)).andReturn().getResponse().getContentAsString())
                .doesNotContain("proposal-decide");
        MvcResult undecided = mvc.perform(post(location + "/decision").session(board).with(csrf())
                .param("note", "Agreed.")).andReturn();
        assertThat(undecided.getResponse().getStatus()).isEqualTo(422);
        assertThat(undecided.getResponse().getContentAsString()).as("the message inside the form that failed")
                .contains("id=\"decide-problem\"", "Agreed.</textarea>").doesNotContain("id=\"problem\"");
        MvcResult approved = mvc.perform(post(location + "/decision").session(board).with(csrf())
                .param("decision", "APPROVE").param("note", "Agreed.")).andReturn();
        assertThat(approved.getResponse().getStatus()).isEqualTo(302);
        MvcResult again = mvc.perform(post(location + "/decision").session(board).with(csrf()).param("decision", "REJECT")
                .param("note", "On second thought")).andReturn();
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(again.getResponse().getContentAsString()).contains("already been decided");
        String decided = mvc.perform(get(location).session(office).param("lang", "en")).andReturn().getResponse()
                .getContentAsString();
        assertThat(decided).as("people by name, not by login; a shown note is not optional")
                .contains("by 周测试丙", "Note</dt>").doesNotContain("by " + manager.username(),
                        "by " + admin.username(), "Note (optional)</dt>");
        String list = mvc.perform(get("/discipline/proposals").session(board).param("lang", "zh-CN")).andReturn()
                .getResponse().getContentAsString();
        assertThat(list).contains("已批准", ">查看</a>", "href=\"/incidents/" + incident.id() + "\">" + incident.reference());
    }

    @Test
    void oneLiveProposalPerEvidenceKindAndPersonEvenWhenTwoOfficersRace() throws Exception {
        UUID first = propose(admin, fine(employee.id()));
        MvcResult twice = call(post("/api/v1/discipline/proposals"), adminManager, with(fine(employee.id()), "reason",
                "The same thing, proposed again by another officer."));
        assertThat(twice.getResponse().getStatus()).isEqualTo(409);
        assertThat(twice.getResponse().getContentAsString()).contains("discipline-duplicate")
                .doesNotContain("proposed again");
        propose(admin, with(with(fine(employee.id()), "kind", "WARNING"), "amount", null));
        propose(admin, fine(colleague.id()));
        assertThat(status(post("/api/v1/discipline/proposals/" + first + "/decision"), manager,
                Map.of("decision", "REJECT"))).isEqualTo(200);
        UUID again = propose(admin, with(fine(employee.id()), "reason", "Proposed again after the rejection, with more."));
        assertThat(status(post("/api/v1/discipline/proposals/" + again + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(200);
        assertThat(status(post("/api/v1/discipline/proposals"), admin, fine(employee.id())))
                .as("approved: still one").isEqualTo(409);

        // Two officers proposing the same thing at the same moment: one proposal.
        TestAccounts.Account other = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE);
        String one = token(admin);
        String two = token(adminManager);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = List.of(
                    pool.submit(() -> proposeAt(start, one, fine(other.id()))),
                    pool.submit(() -> proposeAt(start, two, fine(other.id()))));
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from discipline_proposal where employee_id = ?").param(other.id())
                .query(Long.class).single()).isOne();
    }

    private int proposeAt(java.util.concurrent.CountDownLatch start, String token, Map<String, Object> body)
            throws Exception {
        start.await();
        return mvc.perform(post("/api/v1/discipline/proposals").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn().getResponse().getStatus();
    }

    @Test
    void nobodyReadsAPendingProposalAboutThemselves() throws Exception {
        UUID about = propose(admin, fine(adminManager.id()));
        assertThat(call(get("/api/v1/discipline/proposals"), adminManager, null).getResponse().getContentAsString())
                .doesNotContain(about.toString());
        assertThat(status(get("/api/v1/discipline/proposals/" + about), adminManager, null)).isEqualTo(404);
        assertThat(call(get("/api/v1/discipline/proposals"), manager, null).getResponse().getContentAsString())
                .contains(about.toString());
        assertThat(status(post("/api/v1/discipline/proposals/" + about + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(200);
        assertThat(status(get("/api/v1/discipline/proposals/" + about), adminManager, null))
                .as("once decided, it is on their record anyway").isEqualTo(200);
    }

    @Test
    void aReportAboutTheAdministrationStaysWithTheAuditorsFromPenaltyToPaidReward() throws Exception {
        TestAccounts.Account auditor = privileged(Role.AUDITOR);
        String code = report("The administration officer copies visitor logs onto a private stick.", true);
        UUID id = reportId(code);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), auditor,
                Map.of("action", "CLOSE", "verdict", "VERIFIED"))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from discipline_proposal "
                + "where evidence_id = ? and kind = 'REWARD' and auditors_only").param(id.toString()).query(Long.class)
                .single() == 1);
        UUID reward = jdbc.sql("select id from discipline_proposal where evidence_id = ? and kind = 'REWARD'")
                .param(id.toString()).query(UUID.class).single();

        // The administration department neither sees the reward nor can test the report as evidence.
        assertThat(call(get("/api/v1/discipline/proposals"), admin, null).getResponse().getContentAsString())
                .doesNotContain(reward.toString(), id.toString());
        assertThat(status(get("/api/v1/discipline/proposals/" + reward), admin, null)).isEqualTo(404);
        Map<String, Object> warning = with(with(with(with(fine(employee.id()), "kind", "WARNING"), "amount", null),
                "evidenceKind", "WHISTLEBLOWING"), "evidenceId", id.toString());
        MvcResult tested = call(post("/api/v1/discipline/proposals"), admin, warning);
        MvcResult unknown = call(post("/api/v1/discipline/proposals"), admin, with(warning, "evidenceId",
                UUID.randomUUID().toString()));
        assertThat(tested.getResponse().getStatus()).isEqualTo(422);
        assertThat(tested.getResponse().getContentAsString().replaceAll("\"instance\":\"[^\"]*\"", ""))
                .as("the same answer as for a report that does not exist")
                .isEqualTo(unknown.getResponse().getContentAsString().replaceAll("\"instance\":\"[^\"]*\"", ""));
        assertThat(call(get("/api/v1/discipline/proposals"), manager, null).getResponse().getContentAsString())
                .contains(reward.toString());
        assertThat(call(get("/api/v1/discipline/proposals"), auditor, null).getResponse().getContentAsString())
                .contains(reward.toString());

        // The auditors propose the penalty themselves, on their report only.
        UUID penalty = propose(auditor, warning);
        assertThat(status(get("/api/v1/discipline/proposals/" + penalty), auditor, null)).isEqualTo(200);
        assertThat(status(get("/api/v1/discipline/proposals/" + penalty), admin, null)).isEqualTo(404);
        assertThat(call(get("/api/v1/discipline/records/" + employee.id()), admin, null).getResponse()
                .getContentAsString()).as("pending, not on the record the administration department reads")
                .doesNotContain(penalty.toString());
        assertThat(status(post("/api/v1/discipline/proposals"), auditor, fine(colleague.id())))
                .as("other evidence is the administration department's to propose on").isEqualTo(403);
        String ordinaryCode = report("A salesperson leaves the customer ledger open on a shared screen.", false);
        UUID ordinary = reportId(ordinaryCode);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + ordinary + "/actions"), admin,
                Map.of("action", "CLOSE", "verdict", "VERIFIED"))).isEqualTo(200);
        assertThat(status(post("/api/v1/discipline/proposals"), auditor, with(warning, "evidenceId", ordinary.toString())))
                .as("a report the auditors do not handle").isEqualTo(422);
        assertThat(status(post("/api/v1/discipline/proposals"), auditor, warning)).as("proposed already").isEqualTo(409);

        // The reporter is sent to the auditors, not to the administration department.
        String followUp = mvc.perform(get("/api/public/v1/whistleblowing/" + code)).andReturn().getResponse()
                .getContentAsString();
        assertThat(followUp).contains("\"handledByAuditors\":true");
        String page = mvc.perform(post("/whistleblowing/follow-up").param("code", code).param("lang", "en")).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).as("only proposed: the reporter is told to wait for management, not to come forward")
                .contains("awaits their approval").doesNotContain("Present your code");
        String ordinaryPage = mvc.perform(post("/whistleblowing/follow-up").param("code", ordinaryCode).param("lang", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(ordinaryPage).contains("awaits their approval").doesNotContain("Present your code");

        // Paying: the report's handlers only, after approval, once; the report's words never shown.
        assertThat(status(post("/api/v1/discipline/rewards/paid"), auditor, Map.of("code", code)))
                .as("not approved yet").isEqualTo(409);
        assertThat(status(post("/api/v1/discipline/proposals/" + reward + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(200);
        String approvedPage = mvc.perform(post("/whistleblowing/follow-up").param("code", code).param("lang", "zh-CN"))
                .andReturn().getResponse().getContentAsString();
        assertThat(approvedPage).as("approved: now the reporter is told whom to claim it from")
                .contains("管理层已批准您的奖励", "向审计人员").doesNotContain("请凭查询码到行政部领取");
        assertThat(mvc.perform(get("/api/public/v1/whistleblowing/" + code)).andReturn().getResponse()
                .getContentAsString()).contains("\"reward\":\"APPROVED\"");
        assertThat(status(post("/api/v1/discipline/rewards/paid"), admin, Map.of("code", code)))
                .as("the administration department cannot take this claim").isEqualTo(404);
        assertThat(status(post("/api/v1/discipline/rewards/paid"), employee, Map.of("code", code))).isEqualTo(403);
        MvcResult paid = call(post("/api/v1/discipline/rewards/paid"), auditor, Map.of("code", code));
        assertThat(paid.getResponse().getStatus()).as(paid.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(paid.getResponse().getContentAsString()).contains(reward.toString(), "paidAt")
                .doesNotContain("visitor logs");
        MvcResult twice = call(post("/api/v1/discipline/rewards/paid"), auditor, Map.of("code", code));
        assertThat(twice.getResponse().getStatus()).isEqualTo(409);
        assertThat(twice.getResponse().getContentAsString()).contains("discipline-paid");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'discipline.proposal.paid' and target_id = ?")
                .param(reward.toString()).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("select paid_by from discipline_proposal where id = ?").param(reward).query(UUID.class)
                .single()).isEqualTo(auditor.id());

        // The page, for the ordinary report and the administration department.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from discipline_proposal "
                + "where evidence_id = ? and kind = 'REWARD'").param(ordinary.toString()).query(Long.class).single() == 1);
        UUID ordinaryReward = jdbc.sql("select id from discipline_proposal where evidence_id = ? and kind = 'REWARD'")
                .param(ordinary.toString()).query(UUID.class).single();
        assertThat(status(post("/api/v1/discipline/proposals/" + ordinaryReward + "/decision"), manager,
                Map.of("decision", "APPROVE"))).isEqualTo(200);
        assertThat(mvc.perform(post("/whistleblowing/follow-up").param("code", ordinaryCode).param("lang", "en"))
                .andReturn().getResponse().getContentAsString())
                .contains("Management approved your reward. Present your code to the administration department");
        assertThat(mvc.perform(post("/whistleblowing/follow-up").param("code", code).param("lang", "en"))
                .andReturn().getResponse().getContentAsString()).contains("Your reward has been paid.");
        MockHttpSession office = Pages.signIn(mvc, admin, clock.instant());
        assertThat(mvc.perform(get("/discipline/proposals").session(office)).andReturn().getResponse()
                .getContentAsString()).contains("/discipline/rewards/pay");
        MvcResult wrong = mvc.perform(post("/discipline/rewards/pay").session(office).with(csrf())
                .param("code", "0000-0000-0000-0000-0000")).andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(404);
        assertThat(wrong.getResponse().getContentAsString()).contains("value=\"0000-0000-0000-0000-0000\"", "is-invalid",
                "No report carries this code");
        MvcResult done = mvc.perform(post("/discipline/rewards/pay").session(office).with(csrf())
                .param("code", ordinaryCode)).andReturn();
        assertThat(done.getResponse().getStatus()).isEqualTo(200);
        assertThat(done.getResponse().getContentAsString()).contains("recorded as paid", "pay-done")
                .doesNotContain("customer ledger open on a shared screen");
    }

    private String report(String text, boolean concernsAdministration) throws Exception {
        MvcResult made = mvc.perform(post("/api/public/v1/whistleblowing").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("text", text, "concernsAdministration", concernsAdministration)))).andReturn();
        assertThat(made.getResponse().getStatus()).isEqualTo(201);
        return (String) Api.body(made).get("code");
    }

    private UUID reportId(String code) throws Exception {
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(code.replace("-", "").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return jdbc.sql("select id from whistle_report where code_hash = ?").param(hash).query(UUID.class).single();
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> fine(UUID person) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "FINE");
        body.put("employeeId", person);
        body.put("amount", "300.50");
        body.put("reason", "Left the customer ledger open on an unlocked screen overnight.");
        body.put("evidenceKind", "INCIDENT");
        body.put("evidenceId", incident.reference());
        body.put("evidenceReference", null);
        return body;
    }

    /** An incident opened by IT security, to name as evidence. */
    private IncidentView incident() {
        TestAccounts.Account security = privileged(Role.SECURITY_ADMIN);
        CustosUser it = Gate.user(security, Set.of(Role.SECURITY_ADMIN));
        return Gate.as(it, () -> transactions.execute(status -> incidents.open(new NewIncident(Severity.GENERAL,
                Set.of(DataCategory.CONTACT), clock.instant().minus(Duration.ofHours(1)),
                "A laptop with the customer ledger was left in a taxi.", List.of(), null), it)));
    }

    /** A completed inspection of the department with one finding: the id of the rectification it became. */
    private UUID finding() {
        TestAccounts.Account head = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        CustosUser inspector = Gate.user(admin, Set.of(Role.ADMIN_OFFICER));
        return Gate.as(inspector, () -> transactions.execute(status -> {
            InspectionView plan = inspections.plan(department, Quarter.of(inspections.today()).toString(), null,
                    inspector);
            boolean first = true;
            for (ChecklistItem item : inspections.current().items()) {
                inspections.record(plan.id(), item.id(), first ? 1 : 3, first,
                        first ? "Customer files left on desks overnight." : null, null, null, inspector);
                first = false;
            }
            inspections.complete(plan.id(), inspector);
            return jdbc.sql("select id from rectification where inspection_id = ?").param(plan.id()).query(UUID.class)
                    .single();
        }));
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private UUID propose(TestAccounts.Account by, Map<String, Object> body) throws Exception {
        MvcResult made = call(post("/api/v1/discipline/proposals"), by, body);
        assertThat(made.getResponse().getStatus()).as(made.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(made).get("id"));
    }

    private TestAccounts.Account privileged(Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(clock.instant(), set, TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, clock.instant(), account, set);
        return account;
    }

    private List<HomeTask> tasks(TestAccounts.Account person) {
        return homeTasks.stream().flatMap(p -> p.tasksFor(person.id()).stream()).toList();
    }

    private int status(MockHttpServletRequestBuilder request, TestAccounts.Account by, Map<String, Object> body)
            throws Exception {
        return call(request, by, body).getResponse().getStatus();
    }

    private MvcResult call(MockHttpServletRequestBuilder request, TestAccounts.Account by, Map<String, Object> body)
            throws Exception {
        request.header("Authorization", token(by));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }

    private final Map<UUID, String> tokens = new HashMap<>();

    private String token(TestAccounts.Account account) throws Exception {
        String token = tokens.get(account.id());
        if (token == null) {
            token = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), token);
        }
        return token;
    }
}
