package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * R-USE-1, R-USE-2, R-USE-6 on the customer page: a masked value revealed for a declared purpose
 * (never stored by the browser), a refusal explained in the page's language, and emergency access
 * offered to a colleague the policy refuses, with a justification checked.
 */
@IntegrationTest
class CustomerRevealPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;

    @Test
    void theOwnerRevealsAValueForAPurposeAndIsToldInHisLanguageWhyAnotherIsRefused() throws Exception {
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        Gate.pass(documents, accounts, clock.instant(), owner, java.util.Set.of(Role.EMPLOYEE));
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String location = create(session, "揭示页面贸易公司");

        String page = mvc.perform(get(location).session(session).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"reveal-phone\"", "id=\"reveal-email\"", "data-reveal-url=\"" + location
                        + "/reveal\"", "data-reveal-seconds=\"60\"", "<option value=\"SALES_FOLLOW_UP\">Sales follow-up</option>",
                        "id=\"reveal-purpose\"")
                .containsPattern("id=\"reveal-phone\"[^>]*data-purposes=\"SALES_FOLLOW_UP ")
                .doesNotContain("id=\"reveal-companyName\"", "0013 8000", "13800138000", "reveal.test@");

        mvc.perform(reveal(location, session, "phone", "SALES_FOLLOW_UP").header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andExpect(jsonPath("$.field").value("phone"))
                .andExpect(jsonPath("$.value").value(Matchers.containsString("8000")))
                .andExpect(jsonPath("$.value").value(Matchers.not(Matchers.containsString("*"))));

        mvc.perform(reveal(location, session, "email", "MARKETING").header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andExpect(jsonPath("$.value").doesNotExist())
                .andExpect(jsonPath("$.reason").value("purpose-not-consented"))
                .andExpect(jsonPath("$.message").value(Matchers.startsWith("Customer has not consented to: Marketing. "
                        + "For this field you may choose: Sales follow-up")))
                .andExpect(jsonPath("$.breakGlass").value(false));
        mvc.perform(reveal(location, session, "email", "MARKETING").header("Accept-Language", "zh-CN"))
                .andExpect(jsonPath("$.message").value(Matchers.startsWith("客户未同意：市场营销。")));

        UUID id = id(location);
        assertThat(jdbc.sql("select action || ':' || coalesce(purpose, '') from audit_event where target_id = ? "
                        + "and action like 'customer.field.%' order by id").param(id.toString()).query(String.class).list())
                .containsExactly("customer.field.revealed:SALES_FOLLOW_UP", "customer.field.reveal-refused:MARKETING",
                        "customer.field.reveal-refused:MARKETING");
    }

    @Test
    void aRefusalForAnUnknownPurposeOrACustomerOutOfReachIsAnsweredTranslatedNotWithAnErrorPage() throws Exception {
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String location = create(session, "未知目的公司");
        mvc.perform(reveal(location, session, "phone", "GOSSIP").header("Accept-Language", "en"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("purpose-unknown"))
                .andExpect(jsonPath("$.message").value(Matchers.containsString("GOSSIP")));

        MockHttpSession stranger = Pages.signIn(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)),
                clock.instant());
        mvc.perform(reveal(location, stranger, "phone", "SALES_FOLLOW_UP").header("Accept-Language", "en"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.value").doesNotExist())
                .andExpect(jsonPath("$.message").value("There is nothing here, or you may not see it."));
    }

    @Test
    void aColleagueRefusedEveryFieldMayOpenEmergencyAccessWithAJustification() throws Exception {
        UUID department = accounts.department("RV" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        accounts.moveTo(colleague, department);
        Gate.pass(documents, accounts, clock.instant(), colleague, Set.of(Role.EMPLOYEE));
        String location = create(Pages.signIn(mvc, owner, clock.instant()), "紧急访问页面公司");
        MockHttpSession session = Pages.signIn(mvc, colleague, clock.instant());

        // No purpose could work for the colleague without it, so the page offers emergency access at once.
        assertThat(mvc.perform(get(location).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).contains("id=\"break-glass-form\"",
                "data-break-glass-offer=\"Request emergency access\"").doesNotContain("id=\"reveal-phone\"")
                .doesNotContain("d-none\" id=\"break-glass\"");
        mvc.perform(reveal(location, session, "phone", "SALES_FOLLOW_UP").header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("not-revealable"))
                .andExpect(jsonPath("$.message").value(Matchers.startsWith("Your role may not reveal this field.")))
                .andExpect(jsonPath("$.breakGlass").value(true));

        MvcResult tooShort = mvc.perform(post(location + "/break-glass").session(session).with(csrf())
                        .param("justification", "urgent"))
                .andExpect(redirectedUrl(location))
                .andExpect(flash().attribute("breakGlassProblem", "problem.justification-required.detail"))
                .andReturn();
        String refused = mvc.perform(get(location).session(session).header("Accept-Language", "en")
                        .flashAttrs(tooShort.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("id=\"break-glass-problem\"", "Explain the emergency in 20 to 2,000 characters.",
                ">urgent</textarea>");
        assertThat(jdbc.sql("select count(*) from break_glass where employee_id = ?").param(colleague.id())
                .query(Long.class).single()).isZero();

        MvcResult opened = mvc.perform(post(location + "/break-glass").session(session).with(csrf())
                        .param("justification", "The owner is on leave and the customer's shipment is stuck at customs."))
                .andExpect(redirectedUrl(location))
                .andExpect(flash().attribute("notice", "customer.breakGlass.opened"))
                .andReturn();
        assertThat(mvc.perform(get(location).session(session).header("Accept-Language", "zh-CN")
                        .flashAttrs(opened.getFlashMap())).andReturn().getResponse().getContentAsString())
                .contains("紧急访问已开启一小时");
        assertThat(jdbc.sql("select count(*) from break_glass where employee_id = ? and customer_id = ?")
                .params(colleague.id(), id(location)).query(Long.class).single()).isOne();
        // The emergency access lets the rule for it decide: the page now offers the purposes it allows.
        assertThat(mvc.perform(get(location).session(session)).andReturn().getResponse().getContentAsString())
                .containsPattern("id=\"reveal-phone\"[^>]*data-purposes=\"SALES_FOLLOW_UP[ \"]")
                .doesNotContain("id=\"break-glass-form\"");
        mvc.perform(reveal(location, session, "phone", "SALES_FOLLOW_UP"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value").value(Matchers.containsString("8000")));
    }

    private String create(MockHttpSession session, String company) throws Exception {
        return mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", company).param("f.contactName", "周揭示")
                        .param("f.phone", "138 0013 8000").param("f.email", "reveal.test@example.cn")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder reveal(String location,
            MockHttpSession session, String field, String purpose) {
        return post(location + "/reveal").session(session).with(csrf()).accept("application/json")
                .param("field", field).param("purpose", purpose);
    }

    private static UUID id(String location) {
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }
}
