package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Sensitivity;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 13.3: the security administrator wrote a policy rule for his own role and revealed L4
 * values at once. Now a version is a draft until a second person (management or the
 * administration officer, never its author) approves it, and no rule may name a role of separated
 * duties: refused when proposed, when approved, and at decision time for a row planted in the
 * database.
 */
@IntegrationTest
class AccessPolicyApprovalTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired AccessPolicies policies;
    @Autowired AccessDecisions decisions;
    @Autowired io.custos.consent.Purposes purposes;

    final List<Integer> planted = new ArrayList<>();

    @AfterEach
    void withdrawWhatTheTestLeft() {
        jdbc.sql("update access_policy set status = 'WITHDRAWN' where status = 'DRAFT'").update();
        for (int version : planted) {
            jdbc.sql("delete from access_rule where version = ?").param(version).update();
            jdbc.sql("delete from access_policy where version = ?").param(version).update();
        }
    }

    @Test
    void aRuleNamingTheSecurityAdministratorTheSystemAdministratorOrTheAuditorIsRefusedNamingTheRule()
            throws Exception {
        String security = token(Role.SECURITY_ADMIN);
        int versions = policies.versions().size();
        for (Role role : List.of(Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN, Role.AUDITOR)) {
            List<Map<String, Object>> rules = currentRules(security);
            rules.add(peek(role));
            MvcResult refused = putPolicy(security, "Need to check the phone numbers myself", rules);
            assertThat(refused.getResponse().getStatus()).isEqualTo(422);
            assertThat(Api.body(refused)).containsEntry("code", "access-rule-role-forbidden")
                    .containsEntry("rule", "own-peek");
            assertThat(refused.getResponse().getContentAsString()).contains("Rule own-peek names");
        }
        assertThat(policies.versions()).hasSize(versions);
    }

    @Test
    void aRulePlantedInTheDatabaseGivesTheSecurityAdministratorNothingAndCannotBeApproved() throws Exception {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        CustosUser admin = new CustosUser(account.id(), account.username(), account.username(), null,
                Set.of(Role.SECURITY_ADMIN), EmployeeStatus.ACTIVE);
        int version = plant("PUBLISHED");
        AccessPolicy withPlantedRule = policies.version(version).orElseThrow();
        assertThat(withPlantedRule.rules()).extracting(AccessRule::id).contains("planted");
        Subject subject = new Subject(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<FieldRef> fields = List.of(new FieldRef("companyName", Sensitivity.L1),
                new FieldRef("idNumber", Sensitivity.L4));
        AccessDecision view = decisions.decide(withPlantedRule, admin, subject, AccessAction.VIEW, null, fields);
        assertThat(view.visible()).isFalse();
        assertThat(view.allowed()).isFalse();
        AccessDecision reveal = decisions.decide(withPlantedRule, admin, subject, AccessAction.REVEAL, "CONTRACT",
                fields);
        assertThat(reveal.with(FieldOutcome.SHOW)).isEmpty();

        int draft = plant("DRAFT");
        MvcResult approval = approve(token(Role.MANAGEMENT), draft, "Looks fine to me");
        assertThat(approval.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(approval)).containsEntry("code", "access-rule-role-forbidden").containsEntry("rule", "planted");
        assertThat(policies.summary(draft).orElseThrow().status()).isEqualTo(AccessPolicies.Status.DRAFT);
    }

    @Test
    void nobodyApprovesTheirOwnVersionAndOnlyManagementOrTheOfficerApproves() throws Exception {
        TestAccounts.Account both = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN, Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        String author = Api.token(mvc, both, clock.instant());
        int before = policies.current().version();
        List<Map<String, Object>> rules = currentRules(author);
        rules.removeIf(r -> "management".equals(r.get("id")));
        MvcResult proposed = putPolicy(author, "Management needs no access any more", rules);
        assertThat(proposed.getResponse().getStatus()).isEqualTo(200);
        int draft = (Integer) Api.body(proposed).get("version");

        MvcResult own = approve(author, draft, "I wrote it, I approve it");
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(own)).containsEntry("code", "own-policy-change");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'access.policy.approved' and actor_id = ? "
                + "and outcome = 'DENIED'").param(both.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(approve(token(Role.SECURITY_ADMIN), draft, "A colleague approves").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(approve(token(Role.AUDITOR), draft, "The auditor approves").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(approve(token(Role.DEPT_HEAD), draft, "A head approves").getResponse().getStatus()).isEqualTo(403);
        assertThat(policies.current().version()).isEqualTo(before);

        String officer = token(Role.ADMIN_OFFICER);
        MvcResult noReason = approve(officer, draft, " ");
        assertThat(noReason.getResponse().getStatus()).isIn(400, 422);
        MvcResult rejected = mvc.perform(post("/api/v1/access/policy/versions/" + draft + "/rejection")
                .header("Authorization", officer).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("reason", "Management must keep its overview")))).andReturn();
        assertThat(rejected.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(rejected)).containsEntry("status", "REJECTED");
        assertThat(approve(token(Role.MANAGEMENT), draft, "Approved anyway").getResponse().getStatus()).isEqualTo(409);
        assertThat(policies.current().version()).isEqualTo(before);
        assertThat(jdbc.sql("select details from audit_event where action = 'access.policy.rejected' and target_id = ?")
                .param("v" + draft).query(String.class).single())
                .contains(AccessPolicies.digest("Management must keep its overview"));
        assertThat(policies.summary(draft).orElseThrow().decisionReason()).isEqualTo("Management must keep its overview");
    }

    @Test
    void aNewProposalWithdrawsThePendingDraftSoTheApproverNeverApprovesWhatWasReplaced() throws Exception {
        String security = token(Role.SECURITY_ADMIN);
        List<Map<String, Object>> rules = currentRules(security);
        int first = (Integer) Api.body(putPolicy(security, "First try", rules)).get("version");
        int second = (Integer) Api.body(putPolicy(security, "Second try", rules)).get("version");
        assertThat(policies.summary(first).orElseThrow().status()).isEqualTo(AccessPolicies.Status.WITHDRAWN);
        assertThat(policies.draft().orElseThrow().version()).isEqualTo(second);
        assertThat(approve(token(Role.MANAGEMENT), first, "Approving the first").getResponse().getStatus())
                .isEqualTo(409);
    }

    /** Issue 15.4: the upgrade adds the grant rule in a version of its own, over version 1 unchanged. */
    @Test
    void theGrantRuleCameInAVersionOfItsOwn() {
        assertThat(policies.version(2).orElseThrow().rules()).isEqualTo(ShippedPolicy.withGrants().rules());
    }

    /** Issue 14.19: the decision table runs without a database on these fixtures; they must be what is stored. */
    @Test
    void theDecisionTablesFixturesAreTheShippedVersionOneAndPurposes() {
        assertThat(ShippedPolicy.rules()).isEqualTo(policies.version(1).orElseThrow().rules());
        // Other test classes in the shared context add fields of their own to purposes; the fixtures
        // stand for the shipped catalog's fields only.
        Set<String> shippedFields = new java.util.HashSet<>();
        ShippedPolicy.purposeFields().values().forEach(shippedFields::addAll);
        Map<String, Set<String>> stored = new LinkedHashMap<>();
        purposes.all().forEach(p -> stored.put(p.code(), p.fields().stream().filter(shippedFields::contains)
                .collect(java.util.stream.Collectors.toSet())));
        assertThat(stored).isEqualTo(ShippedPolicy.purposeFields());
    }

    // --- helpers ---

    /** A copy of the version in force plus a rule for the security administrator, written straight into the tables. */
    private int plant(String status) {
        AccessPolicy current = policies.current();
        int version = jdbc.sql("select max(version) from access_policy").query(Integer.class).single() + 1;
        planted.add(version);
        jdbc.sql("insert into access_policy (version, created_at, created_by, reason, status, decided_at) "
                        + "values (?, ?, 'intruder', 'planted', ?, ?)")
                .params(version, Timestamp.from(clock.instant()), status,
                        status.equals("DRAFT") ? null : Timestamp.from(clock.instant()))
                .update();
        jdbc.sql("insert into access_rule select ?, rule_id, position, relation, roles, actions, show_level, mask_level, "
                + "reveal_level, purposes, sensitive_purposes, review from access_rule where version = ?")
                .params(version, current.version()).update();
        jdbc.sql("insert into access_rule (version, rule_id, position, relation, roles, actions, show_level, mask_level, "
                        + "reveal_level, purposes, sensitive_purposes, review) values (?, 'planted', 5, 'ANY', "
                        + "'SECURITY_ADMIN', 'LIST,REVEAL,VIEW', 'L4', 'L4', null, '', '', false)")
                .param(version).update();
        return version;
    }

    private static Map<String, Object> peek(Role role) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", "own-peek");
        rule.put("relation", "ANY");
        rule.put("roles", List.of(role.name()));
        rule.put("actions", List.of("LIST", "VIEW", "REVEAL"));
        rule.put("show", "L2");
        rule.put("mask", "L4");
        rule.put("reveal", "L4");
        rule.put("purposes", List.of("CONTRACT"));
        rule.put("sensitivePurposes", List.of("CONTRACT"));
        rule.put("review", false);
        return rule;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> currentRules(String token) throws Exception {
        Map<String, Object> current = Api.body(mvc.perform(get("/api/v1/access/policy").header("Authorization", token))
                .andReturn());
        return new ArrayList<>((List<Map<String, Object>>) current.get("rules"));
    }

    private String token(Role role) throws Exception {
        TestAccounts.Account account = Role.requiresSecondFactor(Set.of(role))
                ? accounts.create(clock.instant(), Set.of(role), TestAccounts.newSecret(), false)
                : accounts.create(clock.instant(), Set.of(role));
        return Api.token(mvc, account, clock.instant());
    }

    private MvcResult putPolicy(String token, String reason, List<Map<String, Object>> rules) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("rules", rules);
        return mvc.perform(put("/api/v1/access/policy").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en").content(Api.json(body)))
                .andReturn();
    }

    private MvcResult approve(String token, int version, String reason) throws Exception {
        return mvc.perform(post("/api/v1/access/policy/versions/" + version + "/approval").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", reason)))).andReturn();
    }
}
