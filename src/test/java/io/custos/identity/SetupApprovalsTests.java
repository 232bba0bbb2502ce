package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The console's first approver (issue 24.4 follow-up, R-IT-1, R-ORG-2): {@code approve-setup}
 * approves a MANAGEMENT / separated-duty role only while nobody could in the application.
 * <p>
 * The shared test database holds approvers (the demo company, other tests' accounts); a fresh
 * installation is made inside a transaction that marks everyone but the first administrator and
 * the new person departed, and is rolled back at the end.
 */
@IntegrationTest
class SetupApprovalsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Employees employees;
    @Autowired RoleGrants grants;
    @Autowired RoleGrantRepository repository;
    @Autowired SetupApprovals approvals;
    @Autowired TransactionTemplate transactions;

    private CustosUser admin;
    private TestAccounts.Account adminAccount;
    private final List<UUID> planted = new java.util.ArrayList<>();

    private CustosUser firstAdmin() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        adminAccount = account;
        admin = new CustosUser(account.id(), account.username(), "x", null, Set.of(Role.SYSTEM_ADMIN), EmployeeStatus.ACTIVE);
        return admin;
    }

    private UUID requested(Set<Role> roles) {
        TestAccounts.Account person = accounts.create(clock.instant(), Set.of());
        planted.add(person.id());
        return transactions.execute(s -> grants.request(person.id(), null, roles, admin));
    }

    /** Everyone but the first administrator and the people with requests has left: a fresh installation. */
    private void freshInstallation() {
        List<UUID> keep = new java.util.ArrayList<>(planted);
        keep.add(admin.id());
        String marks = String.join(",", keep.stream().map(id -> "?").toList());
        jdbc.sql("update employee set status = 'DEPARTED' where id not in (" + marks + ")").params(keep.toArray()).update();
    }

    private List<Map<String, Object>> consoleEvents(UUID employee, String outcome) {
        return jdbc.sql("select actor_type, actor_name, details from audit_event where action = ? and outcome = ? "
                + "and target_id = ?").params(SetupApprovals.ACTION, outcome, employee.toString()).query().listOfRows();
    }

    private static ApproveSetupCommand.Line line(String operator, String... requests) {
        return new ApproveSetupCommand.Line(operator, List.of(requests), false, List.of());
    }

    @AfterEach
    void cancelWhatWaits() {
        if (admin != null) {
            transactions.executeWithoutResult(s -> planted.forEach(id -> grants.cancelPending(id, admin)));
        }
    }

    @Test
    void approvesTheFirstApproverOnlyWhileNobodyCouldAndAuditsTheOperator() {
        firstAdmin();
        UUID grant = requested(Set.of(Role.SECURITY_ADMIN));
        UUID person = repository.findById(grant).orElseThrow().employeeId();

        // Today's installation has approvers: the console refuses, and says so in the audit log.
        assertThat(approvals.pending()).filteredOn(p -> p.grant().id().equals(grant)).singleElement()
                .satisfies(p -> assertThat(p.approvable()).isFalse());
        assertThatThrownBy(() -> approvals.approve(grant, "li.operator"))
                .isInstanceOfSatisfying(SetupApprovals.Refused.class,
                        e -> assertThat(e.reason()).isEqualTo("approver-exists"));
        assertThat(employees.byId(person).orElseThrow().roles()).isEmpty();
        assertThat(consoleEvents(person, "DENIED")).singleElement().satisfies(e -> {
            assertThat(e.get("actor_name")).isEqualTo("system:console");
            assertThat((String) e.get("details")).contains("approver-exists").contains("li.operator");
        });

        UUID second = requested(Set.of(Role.AUDITOR));
        UUID secondPerson = repository.findById(second).orElseThrow().employeeId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        transactions.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            freshInstallation();
            assertThat(approvals.pending()).filteredOn(p -> p.grant().id().equals(grant)).singleElement()
                    .satisfies(p -> assertThat(p.approvable()).isTrue());

            int status = ApproveSetupCommand.act(line("li.operator", grant.toString()), approvals,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("APPROVED " + grant);
            assertThat(employees.byId(person).orElseThrow().roles()).containsExactly(Role.SECURITY_ADMIN);
            RoleGrantView decided = repository.findById(grant).orElseThrow();
            assertThat(decided.status()).isEqualTo(RoleGrantView.Status.APPROVED);
            assertThat(decided.decidedBy()).isNull();
            assertThat(consoleEvents(person, "ALLOWED")).singleElement().satisfies(e -> {
                assertThat(e.get("actor_type")).isEqualTo("SYSTEM");
                assertThat(e.get("actor_name")).isEqualTo("system:console");
                assertThat((String) e.get("details")).contains("\"operator\":\"li.operator\"");
            });

            // The new security administrator can approve the next one: from now on it is the application's.
            assertThatThrownBy(() -> approvals.approve(second, "li.operator"))
                    .isInstanceOfSatisfying(SetupApprovals.Refused.class,
                            e -> assertThat(e.reason()).isEqualTo("approver-exists"));
            assertThat(employees.byId(secondPerson).orElseThrow().roles()).isEmpty();
        });
    }

    @Test
    void theFirstManagementAccountToo() {
        firstAdmin();
        UUID grant = requested(Set.of(Role.MANAGEMENT));
        UUID person = repository.findById(grant).orElseThrow().employeeId();
        transactions.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            freshInstallation();
            approvals.approve(grant, "ops");
            assertThat(employees.byId(person).orElseThrow().roles()).containsExactly(Role.MANAGEMENT);
        });
    }

    @Test
    void neverOrdinaryRolesNorResets() throws Exception {
        firstAdmin();
        UUID ordinary = requested(Set.of(Role.EMPLOYEE));
        TestAccounts.Account target = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        planted.add(target.id());
        String bearer = Api.token(mvc, adminAccount, clock.instant());
        MvcResult asked = mvc.perform(post("/api/v1/employees/" + target.id() + "/password-reset")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("reason", "Lost the password manager")))).andReturn();
        assertThat(asked.getResponse().getStatus()).as(asked.getResponse().getContentAsString()).isEqualTo(200);
        UUID reset = UUID.fromString((String) body(asked).get("resetRequestId"));
        String hashBefore = jdbc.sql("select password_hash from employee where id = ?").param(target.id())
                .query(String.class).single();

        transactions.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            freshInstallation();
            assertThatThrownBy(() -> approvals.approve(ordinary, "ops"))
                    .isInstanceOfSatisfying(SetupApprovals.Refused.class,
                            e -> assertThat(e.reason()).isEqualTo("not-a-setup-grant"));
            // A reset is no role grant: the console does not know it.
            assertThatThrownBy(() -> approvals.approve(reset, "ops"))
                    .isInstanceOfSatisfying(SetupApprovals.Refused.class,
                            e -> assertThat(e.reason()).isEqualTo("unknown-request"));
        });
        assertThat(jdbc.sql("select status from privileged_reset where id = ?").param(reset).query(String.class).single())
                .isEqualTo("PENDING");
        assertThat(jdbc.sql("select password_hash from employee where id = ?").param(target.id())
                .query(String.class).single()).isEqualTo(hashBefore);
        jdbc.sql("update privileged_reset set status = 'REJECTED' where id = ?").param(reset).update();
    }

    @Test
    void wrongRequestsAndAMissingOperatorAreClearErrors() {
        firstAdmin();
        UUID grant = requested(Set.of(Role.AUDITOR));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        UUID unknown = UUID.randomUUID();

        assertThat(ApproveSetupCommand.act(line("ops", "not-an-id", unknown.toString()), approvals, out, errors)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Not a request id: not-an-id")
                .contains("REFUSED " + unknown + ": No role-grant request " + unknown);
        assertThatThrownBy(() -> approvals.approve(grant, " "))
                .isInstanceOfSatisfying(SetupApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo("operator-invalid"));
        assertThatThrownBy(() -> approvals.approve(grant, "Li Operator"))
                .isInstanceOfSatisfying(SetupApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo("operator-invalid"));
        assertThatThrownBy(() -> approvals.approve(grant, "ops\u0007"))
                .isInstanceOfSatisfying(SetupApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo("operator-invalid"));
        // Checked before anything starts: no application context, no database.
        assertThat(ApproveSetupCommand.run(new String[] {ApproveSetupCommand.NAME, "--request", grant.toString()},
                Object.class, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--operator NAME is required");
        assertThat(ApproveSetupCommand.run(new String[] {ApproveSetupCommand.NAME, "--reset", grant.toString()},
                Object.class, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: --reset");

        transactions.executeWithoutResult(s -> grants.cancelPending(repository.findById(grant).orElseThrow().employeeId(), admin));
        assertThatThrownBy(() -> approvals.approve(grant, "ops"))
                .isInstanceOfSatisfying(SetupApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo("not-pending"));
    }
}
