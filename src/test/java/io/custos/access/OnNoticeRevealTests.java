package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * R-EMP-5 (issue 18): what a person on notice reveals goes on the review list, worded "revealed
 * while on notice" for the department head in both languages, and its audit events say so; an active
 * person's reveal does not. A handover waits for the person's open review items (emergency accesses
 * and flagged reveals), which drop off once someone has reviewed them.
 */
@IntegrationTest
class OnNoticeRevealTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;
    @Autowired AccessReviews reviews;

    UUID department;
    TestAccounts.Account leaver;
    TestAccounts.Account stayer;
    TestAccounts.Account head;
    MockHttpSession leaverSession;
    String leaversCustomer;

    @BeforeEach
    void people() throws Exception {
        department = accounts.department("ON" + UUID.randomUUID().toString().substring(0, 6));
        leaver = member(department, Role.EMPLOYEE);
        stayer = member(department, Role.EMPLOYEE);
        head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        leaverSession = Pages.signIn(mvc, leaver, clock.instant());
        leaversCustomer = customer(leaverSession, "离职查看贸易公司");
        jdbc.sql("update employee set status = 'ON_NOTICE' where id = ?").param(leaver.id()).update();
    }

    @Test
    void everyRevealOfAPersonOnNoticeIsListedForTheHeadAsRevealedWhileOnNotice() throws Exception {
        reveal(leaverSession, leaversCustomer, "phone");
        reveal(leaverSession, leaversCustomer, "email");
        MockHttpSession stayerSession = Pages.signIn(mvc, stayer, clock.instant());
        String stayersCustomer = customer(stayerSession, "在职查看贸易公司");
        reveal(stayerSession, stayersCustomer, "phone");

        List<UUID> flagged = jdbc.sql("select id from access_review where employee_id = ? and rule_id = 'ON_NOTICE'")
                .param(leaver.id()).query(UUID.class).list();
        assertThat(flagged).hasSize(2);
        assertThat(jdbc.sql("select count(*) from access_review where employee_id = ?").param(stayer.id())
                .query(Long.class).single()).as("an active person's reveal is not flagged").isZero();
        assertThat(revealDetails(leaver, leaversCustomer)).hasSize(2).allSatisfy(d -> assertThat(d)
                .contains("\"onNotice\":true"));
        assertThat(revealDetails(stayer, stayersCustomer)).singleElement().satisfies(d -> assertThat(d)
                .doesNotContain("onNotice"));

        MockHttpSession headSession = Pages.signIn(mvc, head, clock.instant());
        String english = page(get("/access/reviews"), headSession, "en");
        String row = row(english, flagged.get(0));
        assertThat(row).contains("Revealed while on notice", leaver.username(), "离职查看贸易公司", ">Phone<", ">E-mail<")
                .doesNotContain("ON_NOTICE", ">Rule<");
        assertThat(english.split("离职查看贸易公司", -1)).as("both reveals are one item").hasSize(2);
        assertThat(english).doesNotContain(stayer.username(), "在职查看贸易公司");
        assertThat(row(page(get("/access/reviews"), headSession, "zh-CN"), flagged.get(0))).contains("离职交接期间查看")
                .doesNotContain("ON_NOTICE");
        assertThat(page(get("/access/reviews/" + flagged.get(0)), headSession, "en"))
                .contains("id=\"review-on-notice\"", "Revealed while on notice");
        assertThat(page(get("/access/reviews"), securityAdmin(), "en")).contains("id=\"item-" + flagged.get(0) + "\"");
    }

    @Test
    void theHandoverSeesThePersonsOpenEmergencyAccessesAndFlaggedRevealsUntilTheyAreReviewed() throws Exception {
        reveal(leaverSession, leaversCustomer, "phone");
        clock.advance(java.time.Duration.ofMinutes(5));
        // Five minutes on, an agreement another test class published "later" on the shared clock may be in
        // force: the leaver accepts whatever is in force now, as a person would (CI failed without it).
        Gate.pass(documents, accounts, clock.instant(), leaver, Set.of(Role.EMPLOYEE));
        UUID elsewhere = accounts.department("OE" + UUID.randomUUID().toString().substring(0, 6));
        String othersCustomer = customer(Pages.signIn(mvc, member(elsewhere, Role.EMPLOYEE), clock.instant()),
                "应急访问贸易公司");
        mvc.perform(post(othersCustomer + "/break-glass").session(leaverSession).with(csrf())
                .param("justification", "The owner is away and the customer needs the delivery changed today."))
                .andExpect(redirectedUrl(othersCustomer));
        reveal(leaverSession, othersCustomer, "phone");
        UUID emergency = jdbc.sql("select id from break_glass where employee_id = ?").param(leaver.id())
                .query(UUID.class).single();
        UUID onNotice = jdbc.sql("select id from access_review where employee_id = ? and customer_id = ?")
                .params(leaver.id(), id(leaversCustomer)).query(UUID.class).single();

        List<FlaggedAccess> open = reviews.openItemsOf(leaver.id());
        assertThat(open).extracting(FlaggedAccess::kind).containsExactly("BREAK_GLASS", "REVEAL");
        FlaggedAccess underEmergency = open.get(0);
        assertThat(underEmergency.id()).isEqualTo(emergency);
        assertThat(underEmergency.onNotice()).as("used while on notice").isTrue();
        assertThat(underEmergency.fields()).containsExactly("phone");
        assertThat(underEmergency.members()).hasSizeGreaterThan(1);
        assertThat(open.get(1).id()).isEqualTo(onNotice);
        assertThat(open.get(1).onNotice()).isTrue();
        assertThat(open.get(1).companyName()).isEqualTo("离职查看贸易公司");
        assertThat(reviews.openItemsOf(stayer.id())).isEmpty();

        mvc.perform(post("/access/reviews/" + onNotice).session(Pages.signIn(mvc, head, clock.instant())).with(csrf())
                .param("outcome", "JUSTIFIED").param("note", "Asked: handing the customer over to a colleague."))
                .andExpect(redirectedUrl("/access/reviews"));
        assertThat(reviews.openItemsOf(leaver.id())).extracting(FlaggedAccess::id).containsExactly(emergency);

        mvc.perform(post("/access/reviews/" + emergency).session(securityAdmin()).with(csrf())
                .param("outcome", "UNJUSTIFIED").param("note", "Not their customer and leaving: escalated."))
                .andExpect(redirectedUrl("/access/reviews"));
        assertThat(reviews.openItemsOf(leaver.id())).isEmpty();
    }

    private void reveal(MockHttpSession session, String customer, String field) throws Exception {
        mvc.perform(post(customer + "/reveal").session(session).with(csrf()).accept("application/json")
                .param("field", field).param("purpose", "SALES_FOLLOW_UP")).andExpect(status().isOk());
    }

    private List<String> revealDetails(TestAccounts.Account who, String customer) {
        return jdbc.sql("select details from audit_event where action = 'customer.field.revealed' and actor_id = ? "
                + "and target_id = ?").params(who.id(), id(customer).toString()).query(String.class).list();
    }

    private String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            MockHttpSession session, String language) throws Exception {
        return mvc.perform(request.session(session).header("Accept-Language", language)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private static String row(String page, UUID item) {
        int start = page.indexOf("id=\"item-" + item + "\"");
        assertThat(start).as("item " + item + " listed").isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private MockHttpSession securityAdmin() throws Exception {
        TestAccounts.Account security = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        return Pages.signIn(mvc, security, clock.instant());
    }

    private TestAccounts.Account member(UUID in, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(roles));
        accounts.moveTo(account, in);
        Gate.pass(documents, accounts, clock.instant(), account, Set.of(roles));
        return account;
    }

    private String customer(MockHttpSession session, String name) throws Exception {
        return mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", name).param("f.phone", "139 0000 1234")
                        .param("f.email", "on.notice@example.cn")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
    }

    private static UUID id(String location) {
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }
}
