package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * What the customer page offers for revealing (issue 14.8) and after a refusal (issue 14.2): only
 * the purposes this person's rules allow for each field, most likely first, no Reveal button where
 * none could work, and emergency access only where opening it would lift the refusal.
 */
@IntegrationTest
class RevealOfferPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;

    @Test
    void aDepartmentHeadRevealingAnL4FieldForSalesFollowUpIsToldWhichPurposeWorksAndIsNotOfferedEmergencyAccess()
            throws Exception {
        UUID department = accounts.department("RO" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        String location = customer(Pages.signIn(mvc, owner, clock.instant()));
        MockHttpSession session = Pages.signIn(mvc, head, clock.instant());

        String page = page(location, session);
        // Contract is consented and works; customs would need the customer's consent; nothing else may reveal an ID number.
        assertThat(page).containsPattern("id=\"reveal-idNumber\"[^>]*data-purposes=\"CONTRACT CUSTOMS\"")
                .containsPattern("id=\"reveal-phone\"[^>]*data-purposes=\"SALES_FOLLOW_UP CONTRACT ")
                .doesNotContain("id=\"break-glass-form\"", "data-break-glass-offer");

        mvc.perform(reveal(location, session, "idNumber", "SALES_FOLLOW_UP").header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("purpose-not-allowed-for-level"))
                .andExpect(jsonPath("$.message").value(
                        "This purpose does not allow revealing sensitive (L4) data: Sales follow-up. "
                                + "For this field you may choose: Contract."))
                .andExpect(jsonPath("$.breakGlass").value(false));
        mvc.perform(reveal(location, session, "idNumber", "SALES_FOLLOW_UP").header("Accept-Language", "zh-CN"))
                .andExpect(jsonPath("$.message").value(Matchers.endsWith("此字段可选择的目的：签订合同。")));
        mvc.perform(reveal(location, session, "idNumber", "CONTRACT"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value").value("11010519491231002X"));
    }

    @Test
    void theAdministrationOfficerIsOfferedInspectionAndOnlyForTheFieldsItCanReveal() throws Exception {
        UUID department = accounts.department("RA" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account officer = accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER));
        Gate.pass(documents, accounts, clock.instant(), officer, Set.of(Role.ADMIN_OFFICER));
        String location = customer(Pages.signIn(mvc, owner, clock.instant()));
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());

        String page = page(location, session);
        assertThat(page).containsPattern("id=\"reveal-phone\"[^>]*data-purposes=\"INSPECTION\"")
                .containsPattern("id=\"reveal-contactName\"[^>]*data-purposes=\"INSPECTION\"")
                .doesNotContain("id=\"reveal-idNumber\"");
        mvc.perform(reveal(location, session, "phone", "INSPECTION")).andExpect(status().isOk());
    }

    @Test
    void anUntrainedOwnerKeepsTheRevealButtonButIsNeverOfferedEmergencyAccessForTraining() throws Exception {
        UUID department = accounts.department("RT" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String location = customer(session);
        assertThat(page(location, session)).contains("id=\"reveal-phone\"").doesNotContain("id=\"break-glass-form\"");
        mvc.perform(reveal(location, session, "phone", "SALES_FOLLOW_UP").header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("agreement-missing"))
                .andExpect(jsonPath("$.breakGlass").value(false));
    }

    private TestAccounts.Account member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(roles));
        accounts.moveTo(account, department);
        Gate.pass(documents, accounts, clock.instant(), account, Set.of(roles));
        return account;
    }

    private String customer(MockHttpSession session) throws Exception {
        return mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "揭示建议贸易公司").param("f.contactName", "周建议")
                        .param("f.phone", "138 0013 8000").param("f.email", "offer.test@example.cn")
                        .param("f.idNumber", "11010519491231002X")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.purpose.CONTRACT", "1").param("consent.purpose.INSPECTION", "1")
                        .param("consent.sensitive", "1").param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
    }

    private String page(String location, MockHttpSession session) throws Exception {
        return mvc.perform(get(location).session(session).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private static MockHttpServletRequestBuilder reveal(String location, MockHttpSession session, String field,
            String purpose) {
        return post(location + "/reveal").session(session).with(csrf()).accept("application/json")
                .param("field", field).param("purpose", purpose);
    }
}
