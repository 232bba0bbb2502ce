package io.custos.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** The notice pages: everyone reads the published text; the workflow's buttons appear for the right roles. */
@IntegrationTest
class PrivacyNoticePagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PrivacyNotices notices;

    @Test
    void administrationDraftsAndPublishesManagementApprovesThroughThePages() throws Exception {
        MockHttpSession employee = signIn(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)));
        mvc.perform(get("/privacy-notices/1").session(employee).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("保护措施")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"notice-form\""))));

        MockHttpSession officer = signIn(accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)));
        String draft = mvc.perform(post("/privacy-notices").session(officer).with(csrf()))
                .andExpect(redirectedUrlPattern("/privacy-notices/*")).andReturn().getResponse().getRedirectedUrl();
        String version = draft.substring(draft.lastIndexOf('/') + 1);
        mvc.perform(get(draft).session(officer)).andExpect(content().string(Matchers.containsString("id=\"notice-form\"")));
        mvc.perform(post(draft).session(officer).with(csrf()).param("titleZh", "客户个人信息处理告知书")
                        .param("titleEn", "Privacy notice for customers").param("bodyZh", "新的正文").param("bodyEn", "New text")
                        .param("purpose.SALES_FOLLOW_UP", "1").param("purpose.CONTRACT", "1"))
                .andExpect(redirectedUrl(draft));
        mvc.perform(post(draft + "/submission").session(officer).with(csrf())).andExpect(redirectedUrl(draft));

        MockHttpSession management = signIn(accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false));
        mvc.perform(get(draft).session(management)).andExpect(content().string(Matchers.containsString("id=\"approve\"")));
        mvc.perform(post(draft + "/approval").session(management).with(csrf())).andExpect(redirectedUrl(draft));
        mvc.perform(post(draft + "/publication").session(officer).with(csrf())).andExpect(redirectedUrl(draft));

        PrivacyNotice published = notices.get(Integer.parseInt(version));
        assertThat(published.status()).isEqualTo(NoticeStatus.PUBLISHED);
        assertThat(published.purposes()).containsExactlyInAnyOrder("SALES_FOLLOW_UP", "CONTRACT");
        assertThat(notices.current().version()).isEqualTo(published.version());
        mvc.perform(get("/privacy-notices").session(employee)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("v" + version)));
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        return Pages.signIn(mvc, account, clock.instant());
    }
}
