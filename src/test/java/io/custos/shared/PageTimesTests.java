package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** Pages show times in the company's zone, or in the zone a person chose, and name it (issue 14.14). */
@IntegrationTest
class PageTimesTests {

    /** 22:17 in Shanghai, 15:17 in Berlin, 14:17 UTC. */
    static final Instant KNOWN = Instant.parse("2026-12-04T14:17:00Z");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired io.custos.shared.web.Times times;

    MockHttpSession session;

    @BeforeEach
    void signInWithAPasswordChangedAtAKnownInstant() throws Exception {
        clock.set(KNOWN);
        TestAccounts.Account employee = accounts.create(KNOWN, Set.of(Role.EMPLOYEE));
        session = Pages.signIn(mvc, employee, KNOWN);
    }

    @Test
    void showsTimesInTheCompanysZoneAndNamesIt() throws Exception {
        String page = account("zh-CN");
        assertThat(page).contains("2026-12-04 22:17").doesNotContain("2026-12-04 14:17")
                .contains("时间按").contains("Asia/Shanghai, UTC+08:00");
        assertThat(account("en")).contains("2026-12-04 22:17").contains("Times are shown in")
                .contains("Asia/Shanghai, UTC+08:00");
    }

    @Test
    void showsTimesInTheZoneThePersonChose() throws Exception {
        mvc.perform(post("/account/time-zone").session(session).with(csrf()).param("timeZone", "Europe/Berlin"))
                .andExpect(redirectedUrl("/account"));
        String page = account("en");
        assertThat(page).contains("2026-12-04 15:17").doesNotContain("2026-12-04 22:17")
                .contains("Europe/Berlin, UTC+01:00")
                .contains("<option value=\"Europe/Berlin\" selected=\"selected\">");

        mvc.perform(post("/account/time-zone").session(session).with(csrf()).param("timeZone", ""))
                .andExpect(redirectedUrl("/account"));
        assertThat(account("en")).contains("2026-12-04 22:17");
    }

    @Test
    void refusesAZoneThatIsNotInTheListAndKeepsTheOldOne() throws Exception {
        String page = mvc.perform(post("/account/time-zone").session(session).with(csrf())
                        .header("Accept-Language", "zh-CN").param("timeZone", "Mars/Olympus_Mons"))
                .andExpect(status().isUnprocessableEntity())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("请从列表中选择时区").doesNotContain("time-zone-unknown");
        assertThat(account("en")).contains("2026-12-04 22:17");
    }

    @Test
    void readsATypedTimeInTheZoneAndKeepsAnOffsetAsGiven() {
        assertThat(times.parse("2026-12-04T22:17")).isEqualTo(KNOWN);
        assertThat(times.parse("2026-12-04T14:17:00Z")).isEqualTo(KNOWN);
        assertThat(times.parse("2026-12-04T15:17+01:00")).isEqualTo(KNOWN);
        assertThat(times.field(KNOWN)).isEqualTo("2026-12-04T22:17:00");
    }

    private String account(String language) throws Exception {
        return mvc.perform(get("/account").session(session).header("Accept-Language", language))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
