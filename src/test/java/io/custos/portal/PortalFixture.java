package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;

/** What the portal tests do alike: customers with an address of their own, asking for links, signing in. */
final class PortalFixture {

    private static final Pattern LINK = Pattern.compile("/portal/sign-in/link\\?token=([A-Za-z0-9_-]{43})");

    private PortalFixture() {
    }

    /** An e-mail address no other customer of the shared test database has. */
    static String newEmail() {
        return "portal." + UUID.randomUUID().toString().substring(0, 12) + "@Example.com";
    }

    /** A mainland mobile number no other customer has (the fixtures of other tests use 139…). */
    static String newPhone() {
        return "+86 188 " + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** A customer of the token's owner with this e-mail and phone, consented to sales follow-up. */
    static UUID customer(MockMvc mvc, String token, String name, String email, String phone) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", name);
        fields.put("contactName", "王芳");
        fields.put("email", email);
        fields.put("phone", phone);
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", List.of("SALES_FOLLOW_UP", "CONTRACT"),
                "sensitiveConsent", true, "thirdPartyConsent", false, "channel", "PAPER_FORM");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }

    /** Asks for a link on the sign-in page from this client address, in a session of its own. */
    static MockHttpServletResponse ask(MockMvc mvc, String address, String client) throws Exception {
        return mvc.perform(post("/portal/sign-in").session(new MockHttpSession()).with(csrf())
                .with(request -> {
                    request.setRemoteAddr(client);
                    return request;
                }).param("address", address)).andReturn().getResponse();
    }

    /** Uses a link or code in this session; the response's redirect says how it went. */
    static MockHttpServletResponse use(MockMvc mvc, MockHttpSession session, String token, String client)
            throws Exception {
        return mvc.perform(post("/portal/sign-in/link").session(session).with(csrf())
                .with(request -> {
                    request.setRemoteAddr(client);
                    return request;
                }).param("token", token)).andReturn().getResponse();
    }

    static String tokenIn(SimpleMailMessage message) {
        Matcher matcher = LINK.matcher(message.getText());
        assertThat(matcher.find()).as("the mail holds a sign-in link").isTrue();
        return matcher.group(1);
    }

    static String client() {
        return "10.19." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256);
    }
}
