package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
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

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 13.1: exact search by a confidential value was an oracle. The list showed {@code 139****9876}
 * and the phone search said which of the 10,000 candidates matched; the colleague who is refused
 * every reveal, management and the administration officer recovered full phones and e-mails
 * without one reveal event. Here each of them runs that script and recovers nothing, every try is
 * audited by customer, a script is throttled, and the owner still finds the customer by its phone.
 */
@IntegrationTest
class SearchOracleTests {

    static final String PHONE = "+86 139 1234 9876";
    static final String EMAIL = "zhou.ling@example.com";
    static final String ID_NUMBER = "110105194912310021";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;
    String company;
    UUID customer;

    @BeforeEach
    void anOwnersCustomerWithAPhoneAnEmailAndAnIdNumber() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        department = accounts.department("Q" + tag);
        owner = person(Set.of(Role.EMPLOYEE), department);
        ownerToken = Api.token(mvc, owner, clock.instant());
        company = "神谕测试公司 " + tag;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("contactName", "周玲");
        fields.put("phone", PHONE);
        fields.put("email", EMAIL);
        fields.put("idNumber", ID_NUMBER);
        customer = UUID.fromString((String) Api.body(mvc.perform(post("/api/v1/customers")
                .header("Authorization", ownerToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.full()))))
                .andExpect(status().isCreated()).andReturn()).get("id"));
    }

    @Test
    void aColleagueManagementAndTheAdministrationOfficerEnumeratingCandidatesRecoverNothing() throws Exception {
        Map<String, TestAccounts.Account> attackers = new LinkedHashMap<>();
        attackers.put("colleague", person(Set.of(Role.EMPLOYEE), department));
        attackers.put("management", person(Set.of(Role.MANAGEMENT), null));
        attackers.put("administration officer", person(Set.of(Role.ADMIN_OFFICER), null));
        attackers.put("employee of another department", person(Set.of(Role.EMPLOYEE),
                accounts.department("R" + UUID.randomUUID().toString().substring(0, 6))));

        for (Map.Entry<String, TestAccounts.Account> attacker : attackers.entrySet()) {
            String token = Api.token(mvc, attacker.getValue(), clock.instant());
            // What the list gives away: the last 4 digits and the domain, no network prefix, no name.
            String listed = mvc.perform(get("/api/v1/customers").param("name", company).header("Authorization", token))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(listed).as(attacker.getKey()).doesNotContain("\"phone\":\"139", "1391234", "zhou", "1101051949");
            if (!attacker.getKey().startsWith("employee of another")) {
                assertThat(listed).as(attacker.getKey()).contains("*******9876", "***@example.com");
            }
            // The script: every candidate the mask leaves open, the right one among them.
            for (String candidate : candidates("+86 139 1234 ", "9876", 12)) {
                mvc.perform(Api.search("phone", candidate).header("Authorization", token))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.total").value(0))
                        .andExpect(jsonPath("$.items.length()").value(0));
            }
            for (String local : List.of("zhou", "zhou.l", "zhou.ling", "ling.zhou", "z.ling")) {
                mvc.perform(Api.search("email", local + "@example.com")
                        .header("Authorization", token)).andExpect(jsonPath("$.total").value(0));
            }
            mvc.perform(Api.search("idNumber", ID_NUMBER, "name", company)
                    .header("Authorization", token)).andExpect(jsonPath("$.total").value(0));
            mvc.perform(post("/api/v1/customers/export").contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("format", "csv", "phone", PHONE))).header("Authorization", token))
                    .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                            .as(attacker.getKey() + " export").doesNotContain(company));
        }

        // Each try that hit the value is on the customer's record as a refusal, with field names only.
        List<Map<String, Object>> events = jdbc.sql("select actor_id, outcome, details from audit_event "
                + "where action = 'customer.record.found-by-value' and target_id = ?").param(customer.toString())
                .query().listOfRows();
        List<Object> refusedTo = new ArrayList<>();
        events.forEach(e -> {
            assertThat(e.get("outcome")).isEqualTo("DENIED");
            assertThat(String.valueOf(e.get("details"))).contains("not-revealable").doesNotContain("13912349876", "1234 9876", "zhou",
                    "110105");
            refusedTo.add(e.get("actor_id"));
        });
        assertThat(refusedTo).contains(attackers.get("colleague").id(), attackers.get("management").id(),
                attackers.get("administration officer").id())
                .doesNotContain(attackers.get("employee of another department").id());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.field.revealed' "
                + "and target_id = ?").param(customer.toString()).query(Long.class).single()).isZero();
    }

    @Test
    void theOwnerStillFindsTheCustomerByEachValueAndTheMatchIsOnItsRecord() throws Exception {
        for (Map.Entry<String, String> filter : Map.of("phone", "13912349876", "email", "Zhou.Ling@Example.com",
                "idNumber", ID_NUMBER).entrySet()) {
            mvc.perform(Api.search(filter.getKey(), filter.getValue()).header("Authorization", ownerToken))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.total").value(1))
                    .andExpect(jsonPath("$.items[0].id").value(customer.toString()));
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.record.found-by-value' "
                + "and target_id = ? and outcome = 'ALLOWED' and actor_id = ?").params(customer.toString(), owner.id())
                .query(Long.class).single()).isEqualTo(3);
    }

    /**
     * The API takes a phone, e-mail or ID number only in the body of POST /search: in a URL it would
     * sit in proxy logs and histories, so a GET carrying one is refused before anything is looked up,
     * without echoing it, and the problem names the way to search (issue 14.6).
     */
    @Test
    void aConfidentialValueInTheSearchAddressIsRefusedAndPointsToThePostedSearch() throws Exception {
        long searches = jdbc.sql("select count(*) from audit_event where action = 'customer.records.searched'")
                .query(Long.class).single();
        for (String parameter : List.of("phone", "email", "idNumber")) {
            mvc.perform(get("/api/v1/customers").param(parameter, PHONE).header("Authorization", ownerToken))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("search-value-in-url"))
                    .andExpect(jsonPath("$.field").value(parameter))
                    .andExpect(jsonPath("$.searchWith").value("POST /api/v1/customers/search"))
                    .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                            .doesNotContain("13912349876", "1234 9876", "1234-9876"));
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.records.searched'")
                .query(Long.class).single()).isEqualTo(searches);
        mvc.perform(Api.search("phone", PHONE).header("Authorization", ownerToken))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1));
        mvc.perform(get("/api/v1/customers").param("name", company).header("Authorization", ownerToken))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void anOwnerWhoHasNotPassedTheTrainingGateFindsNothingByAConfidentialValue() throws Exception {
        TestAccounts.Account untrained = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(untrained, department);
        String token = Api.token(mvc, untrained, clock.instant());
        Map<String, String> fields = Map.of("companyName", company + " 2", "phone", "13955550000");
        mvc.perform(post("/api/v1/customers").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.full()))))
                .andExpect(status().isCreated());
        mvc.perform(Api.search("phone", "13955550000").header("Authorization", token))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/customers").param("name", company + " 2").header("Authorization", token))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void searchesByConfidentialValuesAreThrottledPerPersonWithAProblemAndATranslatedPageMessage() throws Exception {
        int allowed = 20;
        for (int i = 0; i < allowed; i++) {
            mvc.perform(Api.search("phone", "1391234" + String.format("%04d", i))
                    .header("Authorization", ownerToken)).andExpect(status().isOk());
        }
        mvc.perform(Api.search("phone", "13912349876").header("Authorization", ownerToken))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")))
                .andExpect(jsonPath("$.code").value("search-throttled"))
                .andExpect(jsonPath("$.retryAfterSeconds").isNumber())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).doesNotContain("13912349876", "1234 9876", "1234-9876"));
        // A search by name is no read of a confidential value and goes on.
        mvc.perform(get("/api/v1/customers").param("name", company).header("Authorization", ownerToken))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1));
        // Another person has tries of their own.
        TestAccounts.Account colleague = person(Set.of(Role.EMPLOYEE), department);
        mvc.perform(Api.search("phone", "13912349876")
                .header("Authorization", Api.token(mvc, colleague, clock.instant()))).andExpect(status().isOk());

        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String zh = mvc.perform(post("/customers/search").with(csrf()).param("phone", "13912349876").session(session)
                .header("Accept-Language", "zh-CN"))
                .andExpect(status().isTooManyRequests()).andExpect(header().exists("Retry-After")).andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("搜索的次数过多").doesNotContain("search-throttled");
        String en = mvc.perform(post("/customers/search").with(csrf()).param("phone", "13912349876").session(session)
                .header("Accept-Language", "en"))
                .andExpect(status().isTooManyRequests()).andReturn().getResponse().getContentAsString();
        assertThat(en).contains("too often");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.records.searched' "
                + "and outcome = 'DENIED' and actor_id = ?").param(owner.id()).query(Long.class).single())
                .isGreaterThanOrEqualTo(3);
    }

    private TestAccounts.Account person(Set<Role> roles, UUID departmentId) {
        TestAccounts.Account account = roles.contains(Role.MANAGEMENT)
                ? accounts.create(clock.instant(), roles, TestAccounts.newSecret(), false)
                : accounts.create(clock.instant(), roles);
        if (departmentId != null) {
            accounts.moveTo(account, departmentId);
        }
        // Trained and bound by the agreement: only the rules stand between them and the values.
        Gate.pass(documents, accounts, clock.instant(), account, roles);
        return account;
    }

    private static List<String> candidates(String prefix, String last4, int count) {
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            candidates.add(prefix.replace("1234", String.format("%04d", 1225 + i)) + last4);
        }
        candidates.add(count / 2, PHONE);
        return candidates;
    }
}
