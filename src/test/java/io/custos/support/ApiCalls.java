package io.custos.support;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * API calls made as test accounts with bearer tokens: one token per person while the clock stands
 * still, a fresh one once it moved (a moved clock may have outlived them). The suppliers let a test
 * class hold this in a field before Spring has injected its MockMvc and clock.
 */
public final class ApiCalls {

    private final Supplier<MockMvc> mvc;
    private final Supplier<? extends Clock> clock;
    private final Map<UUID, String> tokens = new HashMap<>();
    private Instant tokensAt = Instant.EPOCH;

    public ApiCalls(Supplier<MockMvc> mvc, Supplier<? extends Clock> clock) {
        this.mvc = mvc;
        this.clock = clock;
    }

    public int status(MockHttpServletRequestBuilder request, TestAccounts.Account by) throws Exception {
        return call(request, by, null).getResponse().getStatus();
    }

    public int status(MockHttpServletRequestBuilder request, TestAccounts.Account by, @Nullable Map<String, Object> body)
            throws Exception {
        return call(request, by, body).getResponse().getStatus();
    }

    public MvcResult call(MockHttpServletRequestBuilder request, TestAccounts.Account by,
            @Nullable Map<String, Object> body) throws Exception {
        request.header("Authorization", token(by));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.get().perform(request).andReturn();
    }

    public String token(TestAccounts.Account account) throws Exception {
        Instant now = clock.get().instant();
        if (!now.equals(tokensAt)) {
            tokens.clear();
            tokensAt = now;
        }
        String token = tokens.get(account.id());
        if (token == null) {
            token = Api.token(mvc.get(), account, now);
            tokens.put(account.id(), token);
        }
        return token;
    }
}
