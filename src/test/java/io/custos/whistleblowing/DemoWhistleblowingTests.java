package io.custos.whistleblowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 20.5 and 20.6 in the demo company: the report whose printed code anyone may follow up,
 * answered by wang.fang; liu.yang's approved reward on his record and on the proposals list; both
 * seeded once however often the demo starts.
 */
@IntegrationTest
@ActiveProfiles("demo")
class DemoWhistleblowingTests {

    private static final String CHEN_JIE = "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;
    @Autowired MutableClock clock;

    @Test
    void thePrintedCodeFollowsUpTheDemoReportAndTheRewardIsOnLiuYangsRecord() throws Exception {
        MvcResult followed = mvc.perform(post("/whistleblowing/follow-up").param("lang", "zh-CN")
                .param("code", DemoWhistleblowing.CODE)).andReturn();
        assertThat(followed.getResponse().getStatus()).isEqualTo(200);
        assertThat(followed.getResponse().getContentAsString()).contains("客户名单", "我们已开始调查", "处理中");

        MockHttpSession wang = signIn("wang.fang", null);
        assertThat(page(wang, "/", "zh-CN")).contains("件举报等待您处理");
        assertThat(page(wang, "/whistleblowing/reports", "en")).contains("Administration department", "Being handled");
        assertThat(page(wang, "/discipline/proposals", "en")).contains("Reward", "Approved");

        MockHttpSession liu = signIn("liu.yang", null);
        assertThat(page(liu, "/discipline/my-record", "zh-CN")).contains("我的奖惩记录", "奖励", "已批准", "笔记本电脑",
                "¥500.00");
        assertThat(page(liu, "/discipline/my-record", "en")).as("people by name; each demo text once, in Chinese")
                .contains("王芳", "陈杰", "同意，请行政部随当月工资发放。")
                .doesNotContain("wang.fang", "chen.jie", "Reported at once", "Agreed.");
        assertThat(followed.getResponse().getContentAsString()).doesNotContain("photographed", "Thank you;");
        assertThat(page(liu, "/", "en")).contains("about you was decided recently");
        MockHttpSession chen = signIn("chen.jie", CHEN_JIE);
        assertThat(mvc.perform(get("/discipline/records/" + jdbc.sql("select id from employee where username = 'liu.yang'")
                .query(java.util.UUID.class).single()).session(chen)).andReturn().getResponse().getStatus())
                .as("management reads proposals, not records").isEqualTo(404);

        long reports = jdbc.sql("select count(*) from whistle_report").query(Long.class).single();
        long proposals = jdbc.sql("select count(*) from discipline_proposal").query(Long.class).single();
        context.getBean("demoWhistleblowing", ApplicationRunner.class).run(null);
        context.getBean("demoDiscipline", ApplicationRunner.class).run(null);
        assertThat(jdbc.sql("select count(*) from whistle_report").query(Long.class).single()).isEqualTo(reports);
        assertThat(jdbc.sql("select count(*) from discipline_proposal").query(Long.class).single()).isEqualTo(proposals);
    }

    private MockHttpSession signIn(String username, @Nullable String totp) throws Exception {
        MockHttpSession session = new MockHttpSession();
        var login = post("/login").session(session).with(csrf()).param("username", username)
                .param("password", "Demo#2026");
        if (totp != null) {
            // Each 30-second step signs in once: another test of the demo company may have used this
            // account's steps ahead of the clock, which is reset before each class. Sign in at the step after.
            Long last = jdbc.sql("select totp_last_step from employee where username = ?").param(username)
                    .query(Long.class).optional().orElse(null);
            long step = Math.max(clock.instant().getEpochSecond() / 30, last == null ? 0 : last) + 1;
            clock.set(Instant.ofEpochSecond(step * 30 + 1));
            login = login.param("otp", TestAccounts.totp(totp, clock.instant()));
        }
        mvc.perform(login).andExpect(redirectedUrl("/"));
        return session;
    }

    private String page(MockHttpSession session, String path, String lang) throws Exception {
        MvcResult result = mvc.perform(get(path).session(session).param("lang", lang)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }
}
