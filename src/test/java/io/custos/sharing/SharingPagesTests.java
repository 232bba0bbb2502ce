package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 15.7, R-X-1, R-X-2: the request form comes back with what was typed and the problem in the
 * page's language; a request form is not offered to those who may not ask.
 */
@IntegrationTest
class SharingPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    UUID sales;
    UUID logistics;
    MockHttpSession owner;

    @BeforeEach
    void aRequester() throws Exception {
        sales = accounts.department("S" + UUID.randomUUID().toString().substring(0, 6));
        logistics = accounts.department("L" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account person = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(person, sales);
        owner = Pages.signIn(mvc, person, clock.instant());
    }

    @Test
    void aRefusedRequestKeepsTheFormAsTypedAndSaysWhatIsWrongInBothLanguages() throws Exception {
        String justification = "Logistics books the trucks for these orders.";
        for (String[] language : new String[][] {{"en", "cannot be shared for it: Bank account."},
                {"zh-CN", "不能为此用途共享：银行账号"}}) {
            MvcResult result = mvc.perform(post("/sharing/requests").session(owner).with(csrf())
                    .param("lang", language[0]).param("recipient", "DEPARTMENT:" + logistics)
                    .param("purpose", "DELIVERY").param("fields", "phone", "bankAccount").param("choose", "filter")
                    .param("city", "上海").param("until", "2027-01-15T18:00").param("justification", justification))
                    .andReturn();
            String page = result.getResponse().getContentAsString();
            assertThat(result.getResponse().getStatus()).isEqualTo(422);
            assertThat(page).contains(language[1], justification, "value=\"上海\"", "value=\"2027-01-15T18:00\"")
                    .containsPattern("id=\"field-bankAccount\"\\s+value=\"bankAccount\" checked")
                    .containsPattern("value=\"DEPARTMENT:" + logistics + "\"\\s+selected");
        }
    }

    @Test
    void theFormIsForThoseWhoMayAskAndTheListsAreForEveryone() throws Exception {
        assertThat(mvc.perform(get("/sharing/requests/new").session(owner)).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        TestAccounts.Account manager = accounts.create(clock.instant(), EnumSet.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        MockHttpSession management = Pages.signIn(mvc, manager, clock.instant());
        assertThat(mvc.perform(get("/sharing/requests/new").session(management)).andReturn().getResponse()
                .getStatus()).isEqualTo(403);
        String list = mvc.perform(get("/sharing/requests").session(management)).andReturn().getResponse()
                .getContentAsString();
        assertThat(list).contains("Sharing requests").doesNotContain("id=\"new-request\"");
    }
}
