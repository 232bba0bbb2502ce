package io.custos.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.json.JsonMapper;

/** Small helpers for calling the API in tests. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Api() {
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /**
     * A search of the customer registry: the values travel in the body of a POST, never in its URL
     * (issue 14.6); pairs of name and value, e.g. {@code search("phone", "139...", "name", "Acme")}.
     */
    public static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder search(String... filters) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < filters.length; i += 2) {
            body.put(filters[i], filters[i + 1]);
        }
        return post("/api/v1/customers/search").contentType(MediaType.APPLICATION_JSON).content(json(body));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> body(MvcResult result) throws Exception {
        return JSON.readValue(result.getResponse().getContentAsString(), Map.class);
    }

    public static MvcResult tokenRequest(MockMvc mvc, String username, String password, @Nullable String otp)
            throws Exception {
        Map<String, Object> request = otp == null ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "otp", otp);
        return mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content(json(request)))
                .andReturn();
    }

    /**
     * A token request from the client address {@code address}: tests that lock an account try from
     * many addresses, since one address is throttled before it could (issue 24.3).
     */
    public static MvcResult tokenRequestFrom(MockMvc mvc, String address, String username, String password,
            @Nullable String otp) throws Exception {
        Map<String, Object> request = otp == null ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "otp", otp);
        return mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content(json(request))
                .with(r -> {
                    r.setRemoteAddr(address);
                    return r;
                })).andReturn();
    }

    /** A bearer token for an account, computing its current TOTP code when it has a secret. */
    public static String token(MockMvc mvc, TestAccounts.Account account, Instant now) throws Exception {
        String otp = account.totpSecret() == null ? null : TestAccounts.totp(account.totpSecret(), now);
        MvcResult result = tokenRequest(mvc, account.username(), TestAccounts.PASSWORD, otp);
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("token refused: " + result.getResponse().getContentAsString());
        }
        return "Bearer " + body(result).get("token");
    }
}
