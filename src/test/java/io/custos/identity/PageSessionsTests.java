package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.IntegrationTest;
import io.custos.support.MockMvcSessions;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 23.1 (R-X-3): page sessions live in the database, so any node continues them; one person
 * has at most {@code custos.security.max-sessions} (3) at once, counted in the database, the least
 * recently used ending with a message; stored attributes are read back through an allow-list.
 */
@IntegrationTest
class PageSessionsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    @Test
    void aSignInIsStoredInTheDatabaseAndContinuesWithTheCookieAlone() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = Pages.signIn(mvc, someone, clock.instant());
        String id = MockMvcSessions.storedId(session);

        assertThat(jdbc.sql("select principal_name, max_inactive_interval from spring_session where session_id = ?")
                .param(id).query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2)).single())
                .isEqualTo(someone.username() + "/1800");
        // What a browser sends to whichever node: the cookie, nothing held in this node's memory.
        Cookie cookie = new Cookie("SESSION", Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
        mvc.perform(get("/account").cookie(cookie)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(someone.username())));
    }

    @Test
    void aFourthSignInEndsTheLeastRecentlyUsedSessionWhichIsToldWhy() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        List<MockHttpSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(Pages.signIn(mvc, someone, clock.instant()));
            // Last access times a millisecond apart at least, so "least recently used" is the first.
            Thread.sleep(5);
        }
        mvc.perform(get("/").session(sessions.get(0))).andExpect(status().isOk());
        Thread.sleep(5);
        MockHttpSession fourth = Pages.signIn(mvc, someone, clock.instant());

        // The first was used again after the others signed in: the second is the least recently used.
        mvc.perform(get("/").session(sessions.get(1))).andExpect(redirectedUrl("/login?replaced"));
        mvc.perform(get("/").session(sessions.get(0))).andExpect(status().isOk());
        mvc.perform(get("/").session(sessions.get(2))).andExpect(status().isOk());
        mvc.perform(get("/").session(fourth)).andExpect(status().isOk());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.session.replaced' "
                + "and actor_id = ?").param(someone.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(someone.username())
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void theSignInPageSaysWhyTheSessionEndedInBothLanguages() throws Exception {
        mvc.perform(get("/login?replaced").header("Accept-Language", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("at most 3 sessions at once")));
        mvc.perform(get("/login?replaced").header("Accept-Language", "zh-CN"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("每人最多同时保持 3 个会话")));
    }

    @Test
    void anUnreadableStoredSignInSignsThePersonOutInsteadOfFailingEveryRequest() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = Pages.signIn(mvc, someone, clock.instant());
        String id = MockMvcSessions.storedId(session);
        // As another version of Custos, or someone with write access to the table, could leave it.
        jdbc.sql("update spring_session_attributes set attribute_bytes = ? where attribute_name = "
                + "'SPRING_SECURITY_CONTEXT' and session_primary_id = (select primary_id from spring_session "
                + "where session_id = ?)").params(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3}, id).update();

        mvc.perform(get("/").session(session)).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void onlyClassesOfTheJdkSpringAndCustosAreReadBack() throws Exception {
        SecurityContextImpl context = new SecurityContextImpl(CustosAuthenticationProvider.authenticated(
                new CustosUser(java.util.UUID.randomUUID(), "someone", "Someone", null, Set.of(Role.EMPLOYEE),
                        EmployeeStatus.ACTIVE)));
        ClassLoader loader = getClass().getClassLoader();

        assertThat(PageSessions.read(serialize(context), loader)).isEqualTo(context);
        // A serializable class of a library on the class path: the kind a deserialization gadget is made of.
        assertThat(PageSessions.read(serialize(ch.qos.logback.classic.Level.INFO), loader)).isNull();
        assertThat(PageSessions.read(serialize(new ArrayList<>(List.of(ch.qos.logback.classic.Level.INFO))), loader))
                .isNull();
        assertThat(PageSessions.read(new byte[] {1, 2, 3}, loader)).isNull();
    }

    private static byte[] serialize(Serializable value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
