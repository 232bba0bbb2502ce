package io.custos.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.NoticeEnds;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.DomainException;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * A departure from notice to sign-off, and what ends by itself on the leaving date (R-EMP-5,
 * issue 18): the case lists what the person owns, the head hands it to successors who may hold it,
 * the person gives the undertaking, access ends on the date on an injected clock even with the case
 * open, whatever is left goes to the head, and nothing stays owned by someone who is gone.
 */
@IntegrationTest
class HandoverLifecycleTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired EmployeeManagement management;
    @Autowired NoticeEnds notices;
    @Autowired Handovers handovers;
    @Autowired JdbcClient jdbc;

    UUID department;
    TestAccounts.Account head;
    TestAccounts.Account leaver;
    TestAccounts.Account successor;
    TestAccounts.Account admin;
    String leaverToken;
    List<UUID> customers;

    @BeforeEach
    void company() throws Exception {
        Instant now = clock.instant();
        department = accounts.customerDepartment("HO" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        leaver = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        successor = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        admin = accounts.create(now, Set.of(Role.SYSTEM_ADMIN));
        leaverToken = Api.token(mvc, leaver, now);
        customers = List.of(RetentionFixture.customer(mvc, leaverToken, "Handover One"),
                RetentionFixture.customer(mvc, leaverToken, "Handover Two"),
                RetentionFixture.customer(mvc, leaverToken, "Handover Three"));
    }

    @Test
    void aDepartureRunsFromNoticeToSignOffAndAccessEndsOnTheLeavingDateWithTheCaseOpen() throws Exception {
        LocalDate leavesOn = today().plusDays(7);
        putOnNotice(leaver, leavesOn);

        HandoverCase opened = handovers.openCaseOf(leaver.id()).orElseThrow();
        assertThat(opened.kind()).isEqualTo(HandoverKind.DEPARTURE);
        assertThat(opened.effectiveOn()).isEqualTo(leavesOn);
        assertThat(opened.departmentId()).isEqualTo(department);
        Handovers.CaseDetail detail = Gate.as(user(head, Role.EMPLOYEE, Role.DEPT_HEAD),
                () -> handovers.detail(opened.id(), user(head, Role.EMPLOYEE, Role.DEPT_HEAD)));
        assertThat(detail.items()).extracting(HandoverItem::kind).containsOnly(ItemKind.CUSTOMER);
        assertThat(detail.items()).extracting(HandoverItem::subjectId).containsExactlyInAnyOrderElementsOf(customers);
        assertThat(detail.items()).extracting(HandoverItem::name).contains("Handover One");

        // The head hands two customers to a trained colleague of the department, in one step.
        String headToken = Api.token(mvc, head, clock.instant());
        List<UUID> two = detail.items().stream().filter(i -> !i.subjectId().equals(customers.get(2)))
                .map(HandoverItem::id).toList();
        MvcResult assigned = assign(headToken, opened.id(), two, "REASSIGNED", successor.id());
        assertThat(assigned.getResponse().getStatus()).as(assigned.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(owner(customers.get(0))).isEqualTo(successor.id());
        assertThat(owner(customers.get(1))).isEqualTo(successor.id());
        assertThat(owner(customers.get(2))).isEqualTo(leaver.id());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.owner.transferred' "
                + "and target_id in (?, ?)").params(customers.get(0).toString(), customers.get(1).toString())
                .query(Long.class).single()).as("one event per customer").isEqualTo(2);
        // Settled once: the same items again are refused, not moved twice.
        assertThat(assign(headToken, opened.id(), two, "REASSIGNED", successor.id()).getResponse().getStatus())
                .isEqualTo(409);

        // The successor may read the case? No: only the head, the person and HR, audit, management.
        String successorToken = Api.token(mvc, successor, clock.instant());
        assertThat(mvc.perform(get("/api/v1/handovers/" + opened.id()).header("Authorization", successorToken))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        // The person reads their own case but cannot settle it.
        assertThat(mvc.perform(get("/api/v1/handovers/" + opened.id()).header("Authorization", leaverToken))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        UUID last = itemOf(opened.id(), customers.get(2));
        assertThat(assign(leaverToken, opened.id(), List.of(last), "REASSIGNED", successor.id()).getResponse()
                .getStatus()).isEqualTo(403);

        // Sign-off waits for the undertaking and the last customer.
        assertThat(signOff(headToken, opened.id()).getResponse().getStatus()).isEqualTo(409);
        MvcResult undertaking = mvc.perform(post("/api/v1/handovers/" + opened.id() + "/undertaking")
                .header("Authorization", leaverToken)).andReturn();
        assertThat(undertaking.getResponse().getStatus()).as(undertaking.getResponse().getContentAsString())
                .isEqualTo(200);
        assertThat(Api.body(undertaking).get("undertakingMethod")).isEqualTo("ONLINE");

        // The leaving date comes with one customer unsettled and the case open: access ends anyway.
        clock.set(leavesOn.atStartOfDay(zone()).toInstant().plusSeconds(1));
        notices.endDue(); // or the minute sweep did, on the same clock: either way the notice ends once
        assertThat(status(leaver)).isEqualTo("DEPARTED");
        assertThat(mvc.perform(get("/api/v1/handovers").header("Authorization", leaverToken)).andReturn()
                .getResponse().getStatus()).as("the leaver's token ended").isEqualTo(401);
        assertThat(owner(customers.get(2))).as("what was left went to the head").isEqualTo(head.id());
        assertThat(ownedBy(leaver)).as("nothing is owned by someone who left").isZero();
        HandoverCase ended = handovers.openCaseOf(leaver.id()).orElseThrow();
        assertThat(ended.accessEndedAt()).isNotNull();
        assertThat(ended.openItems()).isZero();

        headToken = Api.token(mvc, head, clock.instant());
        MvcResult signed = signOff(headToken, ended.id());
        assertThat(signed.getResponse().getStatus()).as(signed.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(signed).get("status")).isEqualTo("SIGNED_OFF");
        assertThat(jdbc.sql("select action from audit_event where target_id = ? order by id")
                .param(ended.id().toString()).query(String.class).list()).contains("handover.opened",
                        "handover.items.settled", "handover.undertaking.given", "handover.access-ended",
                        "handover.signed-off");
    }

    @Test
    void aSuccessorWhoMayNotHoldTheCustomersIsRefusedWithTheReason() throws Exception {
        putOnNotice(leaver, today().plusDays(10));
        HandoverCase handover = handovers.openCaseOf(leaver.id()).orElseThrow();
        CustosUser headUser = user(head, Role.EMPLOYEE, Role.DEPT_HEAD);
        List<UUID> items = Gate.as(headUser, () -> handovers.detail(handover.id(), headUser)).items().stream()
                .map(HandoverItem::id).toList();
        Instant now = clock.instant();
        TestAccounts.Account untrained = accounts.create(now, EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(untrained, department);
        UUID elsewhere = accounts.customerDepartment("HX" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account outsider = RetentionFixture.person(accounts, documents, now, elsewhere, Role.EMPLOYEE);
        TestAccounts.Account officer = RetentionFixture.person(accounts, documents, now, department,
                Role.ADMIN_OFFICER);

        assertThat(refusal(headUser, handover, items, untrained.id())).isEqualTo("successor-agreement-missing");
        assertThat(refusal(headUser, handover, items, outsider.id())).isEqualTo("successor-other-department");
        assertThat(refusal(headUser, handover, items, leaver.id())).isEqualTo("successor-is-leaver");
        assertThat(refusal(headUser, handover, items, officer.id())).isEqualTo("successor-no-customer-role");
        putOnNotice(successor, today().plusDays(3));
        assertThat(refusal(headUser, handover, items, successor.id())).isEqualTo("successor-not-active");
        assertThat(ownedBy(leaver)).as("nothing moved").isEqualTo(3);

        String headToken = Api.token(mvc, head, clock.instant());
        MvcResult refused = assign(headToken, handover.id(), items, "REASSIGNED", outsider.id());
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentAsString()).as("the refusal names the person")
                .contains("Test " + outsider.username());
    }

    @Test
    void aWithdrawnNoticeWithdrawsTheCaseAndAHeadMustBeReplacedBeforeLeaving() {
        putOnNotice(leaver, today().plusDays(20));
        HandoverCase handover = handovers.openCaseOf(leaver.id()).orElseThrow();
        update(leaver, EmployeeStatus.ACTIVE, null, department);
        assertThat(handovers.openCaseOf(leaver.id())).isEmpty();
        assertThat(jdbc.sql("select status from handover_case where id = ?").param(handover.id()).query(String.class)
                .single()).isEqualTo("WITHDRAWN");

        assertThatThrownBy(() -> putOnNotice(head, today().plusDays(20))).isInstanceOf(DomainException.class)
                .hasMessageContaining("head-must-be-replaced");
        assertThatThrownBy(() -> update(leaver, EmployeeStatus.ON_NOTICE, null, department))
                .isInstanceOf(DomainException.class).hasMessageContaining("leaving-date-required");
        assertThatThrownBy(() -> update(leaver, EmployeeStatus.ON_NOTICE, today().minusDays(1), department))
                .isInstanceOf(DomainException.class).hasMessageContaining("leaving-date-out-of-range");
    }

    @Test
    void someoneDepartedAtOnceGetsACaseAndTheHeadTheirCustomers() {
        update(leaver, EmployeeStatus.DEPARTED, null, department);
        assertThat(ownedBy(leaver)).isZero();
        assertThat(customers).allSatisfy(c -> assertThat(owner(c)).isEqualTo(head.id()));
        assertThat(jdbc.sql("select count(*) from handover_case where employee_id = ? and kind = 'DEPARTURE' "
                + "and access_ended_at is not null").param(leaver.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCustomerListExportedAsAFileIsListedUntilTheHeadConfirmsNoCopyIsKept() throws Exception {
        MvcResult file = mvc.perform(get("/api/v1/customers/export").param("format", "csv")
                .header("Authorization", leaverToken)).andReturn();
        assertThat(file.getResponse().getStatus()).isEqualTo(200);
        putOnNotice(leaver, today().plusDays(5));
        HandoverCase handover = handovers.openCaseOf(leaver.id()).orElseThrow();
        CustosUser headUser = user(head, Role.EMPLOYEE, Role.DEPT_HEAD);
        List<HandoverItem> exports = Gate.as(headUser, () -> handovers.detail(handover.id(), headUser)).items()
                .stream().filter(i -> i.kind() == ItemKind.EXPORT).toList();
        assertThat(exports).singleElement().satisfies(i -> assertThat(i.label()).startsWith("FILE|3|"));

        String headToken = Api.token(mvc, head, clock.instant());
        List<UUID> ids = exports.stream().map(HandoverItem::id).toList();
        assertThat(assign(headToken, handover.id(), ids, "REASSIGNED", successor.id()).getResponse().getStatus())
                .as("an export is not handed to anyone").isEqualTo(422);
        MvcResult confirmed = mvc.perform(post("/api/v1/handovers/" + handover.id() + "/assignments")
                .header("Authorization", headToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("items", ids, "outcome", "ACKNOWLEDGED")))).andReturn();
        assertThat(confirmed.getResponse().getStatus()).as(confirmed.getResponse().getContentAsString())
                .isEqualTo(200);
        assertThat(jdbc.sql("select outcome from handover_item where id = ?").param(ids.get(0)).query(String.class)
                .single()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aMoveToAnotherDepartmentEndsAccessToTheOldCustomersAtOnceAndOpensAHandover() throws Exception {
        UUID customer = customers.get(0);
        assertThat(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", leaverToken)).andReturn()
                .getResponse().getStatus()).as("the owner reads their customer").isEqualTo(200);
        UUID elsewhere = accounts.customerDepartment("HM" + UUID.randomUUID().toString().substring(0, 6));
        update(leaver, EmployeeStatus.ACTIVE, null, elsewhere);
        // A move of someone who works with customers waits for a second person's approval; then it holds.
        accounts.approvePendingRoles(clock.instant(), leaver.id());
        assertThat(jdbc.sql("select department_id from employee where id = ?").param(leaver.id()).query(UUID.class)
                .single()).isEqualTo(elsewhere);

        assertThat(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", leaverToken)).andReturn()
                .getResponse().getStatus()).as("still the owner on paper, but no longer of that department")
                .isEqualTo(404);
        HandoverCase transfer = handovers.openCaseOf(leaver.id()).orElseThrow();
        assertThat(transfer.kind()).isEqualTo(HandoverKind.TRANSFER);
        assertThat(transfer.departmentId()).isEqualTo(department);
        assertThat(transfer.toDepartmentId()).isEqualTo(elsewhere);
        assertThat(transfer.accessEndedAt()).isNotNull();
        assertThat(transfer.openItems()).isEqualTo(3);

        CustosUser headUser = user(head, Role.EMPLOYEE, Role.DEPT_HEAD);
        List<UUID> items = Gate.as(headUser, () -> handovers.detail(transfer.id(), headUser)).items().stream()
                .map(HandoverItem::id).toList();
        Gate.as(headUser, () -> handovers.settle(transfer.id(), items, ItemOutcome.REASSIGNED, successor.id(),
                headUser));
        assertThat(ownedBy(leaver)).isZero();
        assertThat(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization",
                Api.token(mvc, successor, clock.instant()))).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aChangeOfPostThatNoLongerOwnsCustomersOpensAHandoverButAHeadWhoStaysAnEmployeeDoesNot() {
        CustosUser adminUser = Gate.user(admin, Set.of(Role.SYSTEM_ADMIN));
        Gate.as(adminUser, () -> management.update(leaver.id(), new EmployeeManagement.EmployeeUpdate(
                "Test " + leaver.username(), null, department, null, EnumSet.of(Role.ADMIN_OFFICER),
                EmployeeStatus.ACTIVE, "Moves to the front desk"), adminUser));
        HandoverCase post = handovers.openCaseOf(leaver.id()).orElseThrow();
        assertThat(post.kind()).isEqualTo(HandoverKind.TRANSFER);
        assertThat(post.toDepartmentId()).isEqualTo(department);
        assertThat(post.openItems()).isEqualTo(3);

        // The head stops being head but stays an employee of the department: their customers stay theirs.
        TestAccounts.Account newHead = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(newHead.id(), department).update();
        Gate.as(adminUser, () -> management.update(head.id(), new EmployeeManagement.EmployeeUpdate(
                "Test " + head.username(), null, department, null, EnumSet.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE,
                "No longer head"), adminUser));
        assertThat(handovers.openCaseOf(head.id())).isEmpty();
    }

    private void putOnNotice(TestAccounts.Account person, LocalDate leavesOn) {
        update(person, EmployeeStatus.ON_NOTICE, leavesOn, department);
    }

    private void update(TestAccounts.Account person, EmployeeStatus status, LocalDate leavesOn, UUID departmentId) {
        CustosUser adminUser = Gate.user(admin, Set.of(Role.SYSTEM_ADMIN));
        Set<Role> roles = person.equals(head) ? EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD) : EnumSet.of(Role.EMPLOYEE);
        Gate.as(adminUser, () -> management.update(person.id(), new EmployeeManagement.EmployeeUpdate(
                "Test " + person.username(), null, departmentId, null, roles, status, "Resigned for a new job",
                leavesOn), adminUser));
    }

    private String refusal(CustosUser headUser, HandoverCase handover, List<UUID> items, UUID to) {
        try {
            Gate.as(headUser, () -> handovers.settle(handover.id(), items, ItemOutcome.REASSIGNED, to, headUser));
        } catch (DomainException e) {
            return e.code();
        }
        throw new AssertionError("the successor was accepted");
    }

    private MvcResult assign(String token, UUID caseId, List<UUID> items, String outcome, UUID to) throws Exception {
        return mvc.perform(post("/api/v1/handovers/" + caseId + "/assignments").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("items", items, "outcome", outcome, "successor", to)))).andReturn();
    }

    private MvcResult signOff(String token, UUID caseId) throws Exception {
        int version = handovers.openCaseOf(leaver.id()).map(HandoverCase::version).orElse(0);
        return mvc.perform(post("/api/v1/handovers/" + caseId + "/sign-off").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("version", version)))).andReturn();
    }

    private UUID itemOf(UUID caseId, UUID customer) {
        return jdbc.sql("select id from handover_item where case_id = ? and subject_id = ?").params(caseId, customer)
                .query(UUID.class).single();
    }

    private UUID owner(UUID customer) {
        return jdbc.sql("select owner_id from customer where id = ?").param(customer).query(UUID.class).single();
    }

    private long ownedBy(TestAccounts.Account person) {
        return jdbc.sql("select count(*) from customer where owner_id = ? and destroyed_at is null").param(person.id())
                .query(Long.class).single();
    }

    private String status(TestAccounts.Account person) {
        return jdbc.sql("select status from employee where id = ?").param(person.id()).query(String.class).single();
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
