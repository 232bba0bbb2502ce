package io.custos.support;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.web.util.WebUtils;

/**
 * Lets MockMvc tests keep passing a {@link MockHttpSession} from request to request while the
 * application keeps its sessions in the database, as in production: the session's id in the database
 * rides in the mock session (as a browser's cookie would carry it), and every request that names the
 * mock session continues the stored one. Cookies still work as in production, and win.
 */
public final class MockMvcSessions implements HttpSessionIdResolver {

    static final String STORED_ID = MockMvcSessions.class.getName() + ".id";

    private final HttpSessionIdResolver cookies;

    MockMvcSessions() {
        // Spring Session's defaults: Boot makes its cookie serializer only when no resolver is defined.
        this.cookies = new CookieHttpSessionIdResolver();
    }

    /** The id of the stored session a mock session stands for; null before it has one. */
    public static String storedId(MockHttpSession session) {
        return (String) session.getAttribute(STORED_ID);
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        List<String> fromCookies = cookies.resolveSessionIds(request);
        if (!fromCookies.isEmpty()) {
            return fromCookies;
        }
        HttpSession mock = mockSession(request, false);
        return mock != null && mock.getAttribute(STORED_ID) instanceof String id ? List.of(id) : List.of();
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        cookies.setSessionId(request, response, sessionId);
        HttpSession mock = mockSession(request, true);
        if (mock != null) {
            mock.setAttribute(STORED_ID, sessionId);
        }
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        cookies.expireSession(request, response);
        HttpSession mock = mockSession(request, false);
        if (mock != null) {
            mock.removeAttribute(STORED_ID);
        }
    }

    private static HttpSession mockSession(HttpServletRequest request, boolean create) {
        MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
        if (mock == null) {
            return null;
        }
        HttpSession session = mock.getSession(create);
        return session instanceof MockHttpSession m && m.isInvalid() ? null : session;
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        HttpSessionIdResolver mockMvcSessions() {
            return new MockMvcSessions();
        }
    }
}
