package io.custos.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Instant;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Signing in through the sign-in form, for tests of pages. */
public final class Pages {

    private Pages() {
    }

    /** A page session of the account, with its current one-time code when it has a second factor. */
    public static MockHttpSession signIn(MockMvc mvc, TestAccounts.Account account, Instant now) throws Exception {
        MockHttpSession session = new MockHttpSession();
        MockHttpServletRequestBuilder login = post("/login").session(session).with(csrf())
                .param("username", account.username()).param("password", TestAccounts.PASSWORD);
        if (account.totpSecret() != null) {
            login = login.param("otp", TestAccounts.totp(account.totpSecret(), now));
        }
        mvc.perform(login).andExpect(redirectedUrl("/"));
        return session;
    }
}
