package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.MailOutbox;
import io.custos.support.MockMvcSessions;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The customer's sign-in to the portal (R-CUS-1) and the wall between the portal and the staff's
 * application (R-CUS-2). Abuse this guards against: a customer or stranger finding out whether an
 * address is on record (identical answers), a link spent twice or late, a stolen older link, a mail
 * scanner spending a link by opening it, a code guessed by trying, an inbox flooded with links, a
 * portal sign-in or token reaching staff pages or endpoints and a staff sign-in or token reaching
 * the portal, a salesperson reading another's customer's code, and a token in the log.
 */
@IntegrationTest
@Import(RecordingMail.class)
@ExtendWith(OutputCaptureExtension.class)
class PortalSignInTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired RecordingMail mail;
    @Autowired MailOutbox outbox;
    @Autowired SignInThrottle throttle;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;
    @Autowired io.custos.customer.CustomerErasure erasure;
    @Autowired io.custos.customer.CustomerContacts contacts;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

    TestAccounts.Account owner;
    String ownerToken;
    String email;
    String phone;
    UUID customer;

    @BeforeEach
    void aCustomerWithAnEmailAndAPhone() throws Exception {
        throttle.reset();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UUID department = accounts.customerDepartment("PS" + tag);
        owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        ownerToken = Api.token(mvc, owner, clock.instant());
        email = PortalFixture.newEmail();
        phone = PortalFixture.newPhone();
        customer = PortalFixture.customer(mvc, ownerToken, "门户客户 " + tag, email, phone);
    }

    @Test
    @DisplayName("R-CUS-1: an e-mailed link signs in once; opening it spends nothing, posting it signs in")
    void aLinkSignsInOnceAndOpeningItSpendsNothing() throws Exception {
        MockHttpServletResponse asked = PortalFixture.ask(mvc, email.toUpperCase(java.util.Locale.ROOT), PortalFixture.client());
        assertThat(asked.getRedirectedUrl()).isEqualTo("/portal/sign-in/sent");
        SimpleMailMessage message = mail.await(email.toUpperCase(java.util.Locale.ROOT), "登录链接");
        assertThat(message.getSubject()).contains("Your sign-in link");
        String token = PortalFixture.tokenIn(message);
        assertThat(message.getText()).contains("http://localhost:8080/portal/sign-in/link?token=" + token);
        assertThat(jdbc.sql("select count(*) from portal_link_token where token_hash = ?").param(token)
                .query(Long.class).single()).as("the token itself is not stored").isZero();
        assertThat(jdbc.sql("select count(*) from portal_link_token where token_hash = ?")
                .param(TokenHashes.sha256(token)).query(Long.class).single()).as("its SHA-256 is").isOne();

        // A mail scanner, then the customer, opens the link: a button, no sign-in, the token unspent.
        for (int i = 0; i < 2; i++) {
            MockHttpServletResponse opened = mvc.perform(get("/portal/sign-in/link").param("token", token))
                    .andReturn().getResponse();
            assertThat(opened.getStatus()).isEqualTo(200);
            Document page = Jsoup.parse(opened.getContentAsString());
            assertThat(page.select("form[action=/portal/sign-in/link][method=post] input[name=token]").attr("value"))
                    .isEqualTo(token);
        }

        MockHttpSession session = new MockHttpSession();
        // The sign-in page keeps its CSRF token in a session: the session a sign-in must not keep.
        mvc.perform(get("/portal/sign-in").session(session)).andExpect(status().isOk());
        String before = MockMvcSessions.storedId(session);
        assertThat(before).isNotNull();
        MockHttpServletResponse used = PortalFixture.use(mvc, session, token, PortalFixture.client());
        assertThat(used.getRedirectedUrl()).isEqualTo("/portal");
        List<String> stored = jdbc.sql("select a.attribute_name from spring_session_attributes a join spring_session s "
                + "on s.primary_id = a.session_primary_id where s.session_id = ?").param(MockMvcSessions.storedId(session))
                .query(String.class).list();
        assertThat(stored).as("the portal's own key").contains(PortalSecurityConfiguration.CONTEXT_KEY);
        assertThat(stored).as("never the staff's key").doesNotContain("SPRING_SECURITY_CONTEXT");
        MockHttpServletResponse home = mvc.perform(get("/portal").session(session).param("lang", "en"))
                .andReturn().getResponse();
        assertThat(home.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(home.getContentAsString());
        assertThat(page.getElementById("portal-heading").text()).isEqualTo("Your information with us");
        assertThat(page.getElementById("portal-section-held").text()).contains("What we hold about you")
                .as("an internal id is no word for a customer").doesNotContain(customer.toString());
        assertThat(page.getElementById("portal-sign-out")).isNotNull();
        assertThat(home.getHeader("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(MockMvcSessions.storedId(session)).as("a new session id at sign-in").isNotEqualTo(before);

        MockHttpServletResponse again = PortalFixture.use(mvc, new MockHttpSession(), token, PortalFixture.client());
        assertThat(again.getRedirectedUrl()).as("single use").isEqualTo("/portal/sign-in?invalid");
        assertThat(actions(customer)).contains("portal.sign-in.link-sent", "portal.sign-in.succeeded");

        MockHttpServletResponse out = mvc.perform(post("/portal/sign-out").session(session).with(csrf()))
                .andReturn().getResponse();
        assertThat(out.getRedirectedUrl()).isEqualTo("/portal/sign-in?signedOut");
        assertThat(mvc.perform(get("/portal").session(session)).andReturn().getResponse().getRedirectedUrl())
                .endsWith("/portal/sign-in");
        assertThat(actions(customer)).contains("portal.signed-out");
    }

    @Test
    @DisplayName("R-CUS-1: a link expires after 15 minutes, and a newer link ends the older one")
    void aLinkExpiresAndANewerOneEndsTheOlder() throws Exception {
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String first = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        mail.sent.clear();
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String second = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        assertThat(second).isNotEqualTo(first);
        assertThat(PortalFixture.use(mvc, new MockHttpSession(), first, PortalFixture.client()).getRedirectedUrl())
                .as("the older link is dead").isEqualTo("/portal/sign-in?invalid");

        clock.advance(Duration.ofMinutes(16));
        try {
            assertThat(PortalFixture.use(mvc, new MockHttpSession(), second, PortalFixture.client())
                    .getRedirectedUrl()).as("expired").isEqualTo("/portal/sign-in?invalid");
        } finally {
            clock.advance(Duration.ofMinutes(-16));
        }
    }

    @Test
    @DisplayName("R-CUS-1: an unknown address gets the very same answer on the page and in the API, and no mail")
    void anUnknownAddressGetsTheSameAnswer() throws Exception {
        String unknown = PortalFixture.newEmail();
        String client = PortalFixture.client();
        MockHttpServletResponse known = PortalFixture.ask(mvc, email, client);
        MockHttpServletResponse stranger = PortalFixture.ask(mvc, unknown, client);
        assertThat(stranger.getStatus()).isEqualTo(known.getStatus()).isEqualTo(302);
        assertThat(stranger.getRedirectedUrl()).isEqualTo(known.getRedirectedUrl());
        assertThat(stranger.getContentAsString()).isEqualTo(known.getContentAsString());
        assertThat(stranger.getHeaderNames()).containsExactlyInAnyOrderElementsOf(known.getHeaderNames());
        for (String header : known.getHeaderNames()) {
            assertThat(stranger.getHeaders(header)).as(header).isEqualTo(known.getHeaders(header));
        }

        String sentPage = mvc.perform(get("/portal/sign-in/sent").param("lang", "en")).andReturn().getResponse()
                .getContentAsString();
        assertThat(withoutCsrf(sentPage)).isEqualTo(withoutCsrf(mvc.perform(get("/portal/sign-in/sent")
                .param("lang", "en")).andReturn().getResponse().getContentAsString()));
        assertThat(sentPage).contains("If the address is on record, a link is on its way; it works once, for 15 minutes.");

        MvcResult apiKnown = link(email, client);
        MvcResult apiUnknown = link(unknown, client);
        assertThat(apiUnknown.getResponse().getStatus()).isEqualTo(apiKnown.getResponse().getStatus()).isEqualTo(202);
        assertThat(apiUnknown.getResponse().getContentAsString())
                .isEqualTo(apiKnown.getResponse().getContentAsString());

        mail.await(email, "登录链接");
        outboxDrained();
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(unknown));
        assertThat(link("   ", client).getResponse().getStatus()).as("blank: malformed").isEqualTo(422);
        assertThat(link("x".repeat(201) + "@example.com", client).getResponse().getStatus()).isEqualTo(422);
        MockHttpServletResponse blankPage = PortalFixture.ask(mvc, "not an address", client);
        assertThat(blankPage.getStatus()).isEqualTo(422);
        assertThat(Jsoup.parse(blankPage.getContentAsString()).getElementById("address").val())
                .as("the input is kept").isEqualTo("not an address");
    }

    @Test
    @DisplayName("R-CUS-2: a customer reaches the portal but never a staff page; staff never reach the portal")
    void theTwoSignInsNeverCross() throws Exception {
        MockHttpSession session = signedIn();
        assertThat(mvc.perform(get("/portal").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        for (String staffPage : List.of("/", "/customers", "/account", "/portal-codes", "/admin/employees")) {
            MockHttpServletResponse response = mvc.perform(get(staffPage).session(session)).andReturn().getResponse();
            assertThat(response.getRedirectedUrl()).as(staffPage).endsWith("/login");
        }
        // Even a portal sign-in that did reach the staff's chains passes none of their rules.
        var portal = PortalSecurityConfiguration.authenticated(new PortalCustomer(customer));
        assertThat(mvc.perform(get("/customers").with(authentication(portal))).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(get("/account").with(authentication(portal))).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(get("/api/v1/me").with(authentication(portal))).andReturn().getResponse().getStatus())
                .isEqualTo(403);

        MockHttpSession staff = Pages.signIn(mvc, owner, clock.instant());
        MockHttpServletResponse portalAsStaff = mvc.perform(get("/portal").session(staff)).andReturn().getResponse();
        assertThat(portalAsStaff.getRedirectedUrl()).endsWith("/portal/sign-in");
        assertThat(mvc.perform(get("/").session(staff)).andReturn().getResponse().getStatus())
                .as("the staff session still works").isEqualTo(200);
    }

    @Test
    @DisplayName("R-CUS-2: portal tokens only at the portal API, staff tokens only at the staff API")
    void tokensNeverCross() throws Exception {
        String client = PortalFixture.client();
        assertThat(link(email, client).getResponse().getStatus()).isEqualTo(202);
        String linkToken = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        MvcResult issued = mvc.perform(post("/api/portal/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("linkToken", linkToken)))).andReturn();
        assertThat(issued.getResponse().getStatus()).as(issued.getResponse().getContentAsString()).isEqualTo(200);
        String portalToken = (String) Api.body(issued).get("token");
        assertThat(portalToken).startsWith("cpt_");
        assertThat(Api.body(issued)).containsKey("expiresAt");

        MvcResult me = mvc.perform(get("/api/portal/v1/me").header("Authorization", "Bearer " + portalToken))
                .andReturn();
        assertThat(me.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(me)).containsEntry("customerId", customer.toString());

        for (String staffApi : List.of("/api/v1/me", "/api/v1/customers")) {
            MvcResult refused = mvc.perform(get(staffApi).header("Authorization", "Bearer " + portalToken)).andReturn();
            assertThat(refused.getResponse().getStatus()).as(staffApi).isEqualTo(401);
            assertThat(refused.getResponse().getContentAsString()).doesNotContain(portalToken);
        }
        MvcResult staffAtPortal = mvc.perform(get("/api/portal/v1/me").header("Authorization", ownerToken)).andReturn();
        assertThat(staffAtPortal.getResponse().getStatus()).isEqualTo(401);
        assertThat(Api.body(staffAtPortal)).containsEntry("code", "token-invalid");
        assertThat(mvc.perform(get("/api/portal/v1/me")).andReturn().getResponse().getStatus()).isEqualTo(401);

        MvcResult reused = mvc.perform(post("/api/portal/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("linkToken", linkToken)))).andReturn();
        assertThat(reused.getResponse().getStatus()).isEqualTo(401);
        assertThat(Api.body(reused)).containsEntry("code", "link-invalid");
        assertThat(actions(customer)).contains("portal.token.issued");

        clock.advance(Duration.ofMinutes(31));
        try {
            assertThat(mvc.perform(get("/api/portal/v1/me").header("Authorization", "Bearer " + portalToken))
                    .andReturn().getResponse().getStatus()).as("30 minutes").isEqualTo(401);
        } finally {
            clock.advance(Duration.ofMinutes(-31));
        }

        mail.sent.clear();
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String another = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        String second = (String) Api.body(mvc.perform(post("/api/portal/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("linkToken", another)))).andReturn())
                .get("token");
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/api/portal/v1/tokens/current").header("Authorization", "Bearer " + second))
                .andReturn().getResponse().getStatus()).isEqualTo(204);
        assertThat(mvc.perform(get("/api/portal/v1/me").header("Authorization", "Bearer " + second))
                .andReturn().getResponse().getStatus()).as("revoked").isEqualTo(401);
    }

    @Test
    @DisplayName("R-CUS-1: sign-in is by link or code only: a password posted anywhere signs nobody in")
    void noPasswordSignsIn() throws Exception {
        MockHttpSession session = new MockHttpSession();
        for (String url : List.of("/portal/sign-in/link", "/portal/login", "/portal/sign-in")) {
            mvc.perform(post(url).session(session).with(csrf()).param("username", email)
                    .param("password", TestAccounts.PASSWORD)).andReturn();
        }
        assertThat(mvc.perform(post("/login").session(session).with(csrf()).param("username", email)
                .param("password", TestAccounts.PASSWORD)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/login?error");
        assertThat(mvc.perform(get("/portal").session(session)).andReturn().getResponse().getRedirectedUrl())
                .endsWith("/portal/sign-in");
        assertThat(mvc.perform(post("/portal/sign-in/link").with(csrf()).param("token", "a-guess"))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo("/portal/sign-in?invalid");
        assertThat(mvc.perform(post("/portal/sign-in/link").param("token", "a-guess"))
                .andReturn().getResponse().getStatus()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    @DisplayName("R-CUS-1: limits per address (same answer, no link), per client (429) and on tries")
    void throttles() throws Exception {
        String client = PortalFixture.client();
        for (int i = 0; i < 5; i++) {
            assertThat(PortalFixture.ask(mvc, email, PortalFixture.client()).getRedirectedUrl())
                    .isEqualTo("/portal/sign-in/sent");
        }
        long links = jdbc.sql("select count(*) from audit_event where action = 'portal.sign-in.link-sent' "
                + "and target_id = ?").param(customer.toString()).query(Long.class).single();
        assertThat(PortalFixture.ask(mvc, email, PortalFixture.client()).getRedirectedUrl())
                .as("the same answer").isEqualTo("/portal/sign-in/sent");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'portal.sign-in.link-sent' "
                + "and target_id = ?").param(customer.toString()).query(Long.class).single())
                .as("but no sixth link").isEqualTo(links).isEqualTo(5);
        assertThat(link(email, PortalFixture.client()).getResponse().getStatus()).as("the API too").isEqualTo(202);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'portal.sign-in.link-sent' "
                + "and target_id = ?").param(customer.toString()).query(Long.class).single()).isEqualTo(5);

        for (int i = 0; i < 20; i++) {
            assertThat(link(PortalFixture.newEmail(), client).getResponse().getStatus()).isEqualTo(202);
        }
        MvcResult tooMany = link(PortalFixture.newEmail(), client);
        assertThat(tooMany.getResponse().getStatus()).isEqualTo(429);
        assertThat(Api.body(tooMany)).containsEntry("code", "too-many-requests");
        assertThat(tooMany.getResponse().getHeader("Retry-After")).as("issue 24.3").isNotBlank();
        MockHttpServletResponse page = PortalFixture.ask(mvc, PortalFixture.newEmail(), client);
        assertThat(page.getStatus()).isEqualTo(429);
        assertThat(page.getHeader("Retry-After")).isNotBlank();
        assertThat(page.getContentAsString()).containsAnyOf("minutes", "分钟");

        String guesser = PortalFixture.client();
        for (int i = 0; i < 20; i++) {
            assertThat(PortalFixture.use(mvc, new MockHttpSession(), "0000-0000-" + String.format("%04d", i), guesser)
                    .getRedirectedUrl()).isEqualTo("/portal/sign-in?invalid");
        }
        MockHttpServletResponse throttled = PortalFixture.use(mvc, new MockHttpSession(), "0000-0000-9999", guesser);
        assertThat(throttled.getStatus()).as("the page again, not a redirect (issue 24.3)").isEqualTo(429);
        assertThat(throttled.getHeader("Retry-After")).isNotBlank();
        assertThat(throttled.getForwardedUrl()).isEqualTo("/portal/sign-in/throttled");
    }

    @Test
    @DisplayName("R-CUS-1: a phone code is shown to the customer's owner only, and signs in typed with spaces")
    void aPhoneCodeGoesToTheOwnerOnly() throws Exception {
        mail.sent.clear();
        assertThat(PortalFixture.ask(mvc, phone.replace(" ", "-"), PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal/sign-in/sent");
        MockHttpSession ownerSession = Pages.signIn(mvc, owner, clock.instant());
        Document home = Jsoup.parse(mvc.perform(get("/").session(ownerSession).param("lang", "en")).andReturn()
                .getResponse().getContentAsString());
        assertThat(home.select("a[href=/portal-codes]")).as("the owner's home page says a code waits").isNotEmpty();
        assertThat(home.text()).contains("A customer of yours waits for a portal sign-in code");
        MockHttpServletResponse page = mvc.perform(get("/portal-codes").session(ownerSession).param("lang", "en"))
                .andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        Document codes = Jsoup.parse(page.getContentAsString());
        String code = codes.select("#code-" + customer + " td.font-monospace").text();
        assertThat(code).matches("\\d{4}-\\d{4}-\\d{4}");
        assertThat(codes.getElementById("code-" + customer).text()).contains("门户客户");
        assertThat(jdbc.sql("select count(*) from portal_link_token where code_ciphertext like ?")
                .param("%" + code.substring(0, 4) + "-" + code.substring(5, 9) + "%").query(Long.class).single())
                .as("not stored in clear").isZero();
        assertThat(actions(customer)).contains("portal.sign-in.code-shown");

        TestAccounts.Account colleague = RetentionFixture.person(accounts, documents, clock.instant(),
                accounts.customerDepartment("PC" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        Document theirs = Jsoup.parse(mvc.perform(get("/portal-codes").session(Pages.signIn(mvc, colleague,
                clock.instant()))).andReturn().getResponse().getContentAsString());
        assertThat(theirs.getElementById("code-" + customer)).as("another salesperson's page").isNull();
        assertThat(theirs.text()).doesNotContain(code);

        MockHttpSession session = new MockHttpSession();
        assertThat(PortalFixture.use(mvc, session, code.replace("-", " "), PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal");
        assertThat(mvc.perform(get("/portal").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        Document after = Jsoup.parse(mvc.perform(get("/portal-codes").session(Pages.signIn(mvc, owner,
                clock.instant()))).andReturn().getResponse().getContentAsString());
        assertThat(after.getElementById("code-" + customer)).as("a used code leaves the list").isNull();
        outboxDrained();
        assertThat(mail.sent).as("a phone sends no mail").isEmpty();
    }

    @Test
    @DisplayName("R-CUS-1, R-CUS-2: every portal page reads in words in Chinese and English, on the portal's own layout")
    void portalPagesInBothLanguages() throws Exception {
        MockHttpSession session = signedIn();
        for (String language : List.of("zh-CN", "en")) {
            for (String path : List.of("/portal/sign-in", "/portal/sign-in/sent", "/portal/sign-in/link?token=abc",
                    "/portal/sign-in?invalid", "/portal/sign-in/throttled", "/portal/sign-in?signedOut", "/portal")) {
                MockHttpServletResponse response = mvc.perform(get(path).session(session).param("lang", language))
                        .andReturn().getResponse();
                assertThat(response.getStatus()).as(path).isEqualTo(200);
                Document page = Jsoup.parse(response.getContentAsString());
                assertThat(page.text()).as(path + " " + language).doesNotContain("??", "portal.", "#{");
                assertThat(page.getElementById("nav-customers")).as("not the staff's navigation").isNull();
                assertThat(page.select("script")).as("no script at all").isEmpty();
                assertThat(page.getElementById("lang-en")).isNotNull();
                assertThat(page.text()).contains(language.equals("en") ? "Customer portal" : "客户门户");
            }
        }
        Document codes = Jsoup.parse(mvc.perform(get("/portal-codes").session(Pages.signIn(mvc, owner,
                clock.instant())).param("lang", "zh-CN")).andReturn().getResponse().getContentAsString());
        assertThat(codes.text()).contains("您的客户没有待读的验证码").doesNotContain("??");
    }

    @Test
    @DisplayName("R-CUS-1, R-DEL-3: a destroyed customer's links and tokens stop working, and the address finds no one")
    void aDestroyedCustomerSignsInNoMore() throws Exception {
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String link = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        mail.sent.clear();
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String issuedWith = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        String portalToken = (String) Api.body(mvc.perform(post("/api/portal/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("linkToken", issuedWith)))).andReturn())
                .get("token");
        mail.sent.clear();
        PortalFixture.ask(mvc, email, PortalFixture.client());
        link = PortalFixture.tokenIn(mail.await(email, "登录链接"));

        new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(s -> erasure.erase(List.of(customer), UUID.randomUUID()));

        assertThat(PortalFixture.use(mvc, new MockHttpSession(), link, PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal/sign-in?invalid");
        assertThat(mvc.perform(get("/api/portal/v1/me").header("Authorization", "Bearer " + portalToken))
                .andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(contacts.findByContact(email)).isEmpty();
    }

    @Test
    @DisplayName("R-CUS-1: an address on record for two customers proves neither: no link, the same answer")
    void anAddressOnTwoCustomersProvesNeither() throws Exception {
        UUID twin = PortalFixture.customer(mvc, ownerToken, "门户双胞胎", email, PortalFixture.newPhone());
        assertThat(PortalFixture.ask(mvc, email, PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal/sign-in/sent");
        assertThat(actions(customer)).doesNotContain("portal.sign-in.link-sent");
        assertThat(actions(twin)).doesNotContain("portal.sign-in.link-sent");
    }

    @Test
    @DisplayName("R-CUS-1: outside the demo profile no sign-in link or token is ever logged")
    void noTokenInTheLogOutsideTheDemo(CapturedOutput output) throws Exception {
        assertThat(context.getBeanNamesForType(DemoSignInLog.class)).isEmpty();
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String token = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("Portal sign-in link");
    }

    private MvcResult link(String address, String client) throws Exception {
        return mvc.perform(post("/api/portal/v1/sign-in-links").contentType(MediaType.APPLICATION_JSON)
                .with(request -> {
                    request.setRemoteAddr(client);
                    return request;
                }).content(Api.json(Map.of("address", address)))).andReturn();
    }

    private MockHttpSession signedIn() throws Exception {
        PortalFixture.ask(mvc, email, PortalFixture.client());
        String token = PortalFixture.tokenIn(mail.await(email, "登录链接"));
        MockHttpSession session = new MockHttpSession();
        assertThat(PortalFixture.use(mvc, session, token, PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal");
        return session;
    }

    private List<String> actions(UUID customerId) {
        return jdbc.sql("select action from audit_event where target_id = ?").param(customerId.toString())
                .query(String.class).list();
    }

    private void outboxDrained() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
    }

    private static String withoutCsrf(String html) {
        return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
    }
}
