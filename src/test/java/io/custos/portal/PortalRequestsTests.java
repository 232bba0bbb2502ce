package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.retention.LegalHolds;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * A customer's requests, complaints and claims through the portal (R-CUS-1, R-CUS-2, issue 19.3,
 * 19.7): filed as the signed-in customer with a reference and a due date, a complaint holding the
 * records, evidence added, the staff's answer read back; never another customer's case, and no
 * staff token reaching the portal's requests nor a portal token the staff's cases.
 */
@IntegrationTest
@Import(RecordingMail.class)
class PortalRequestsTests {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired RecordingMail mail;
    @Autowired LegalHolds holds;

    TestAccounts.Account head;
    String staffToken;
    String email;
    UUID customer;

    @BeforeEach
    void company() throws Exception {
        Instant now = clock.instant();
        UUID department = accounts.customerDepartment("PR" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        staffToken = Api.token(mvc, head, now);
        email = PortalFixture.newEmail();
        customer = PortalFixture.customer(mvc, staffToken, "Portal Requests Ltd", email, PortalFixture.newPhone());
    }

    @Test
    void aCustomerComplainsAddsEvidenceAndReadsTheAnswerAndNobodyElseReachesIt() throws Exception {
        String token = portalToken(email);
        MvcResult filed = mvc.perform(post("/api/portal/v1/requests").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("type", "COMPLAINT", "text", "Your sales rep shared my number.")))).andReturn();
        assertThat(filed.getResponse().getStatus()).as(filed.getResponse().getContentAsString()).isEqualTo(201);
        Map<String, Object> request = Api.body(filed);
        UUID id = UUID.fromString((String) request.get("id"));
        assertThat((String) request.get("reference")).startsWith("CW-");
        assertThat(request.get("recordsKept")).isEqualTo(true);
        assertThat(holds.activeOn(List.of(customer))).hasSize(1);

        MvcResult evidence = mvc.perform(multipart("/api/portal/v1/requests/" + id + "/evidence")
                .file(new MockMultipartFile("file", "whatsapp-screenshot.png", "image/png", PNG))
                .header("Authorization", token)).andReturn();
        assertThat(evidence.getResponse().getStatus()).as(evidence.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(evidence.getResponse().getContentAsString()).contains("evidence-1.png")
                .doesNotContain("whatsapp");

        // The staff's side: the head sees the case filed in the portal, verified by the sign-in, and answers it.
        MvcResult seen = mvc.perform(get("/api/v1/cases/" + id).header("Authorization", staffToken)).andReturn();
        assertThat(seen.getResponse().getStatus()).isEqualTo(200);
        assertThat(seen.getResponse().getContentAsString()).contains("\"verification\":\"PORTAL\"",
                "Your sales rep shared my number.");
        MvcResult closed = mvc.perform(post("/api/v1/cases/" + id + "/actions").header("Authorization", staffToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("action", "CLOSE", "outcome",
                        "GRANTED", "replyZh", "我们已处理。", "replyEn", "We have dealt with it."))))
                .andReturn();
        assertThat(closed.getResponse().getStatus()).as(closed.getResponse().getContentAsString()).isEqualTo(200);

        MvcResult answered = mvc.perform(get("/api/portal/v1/requests/" + id).header("Authorization", token))
                .andReturn();
        assertThat(answered.getResponse().getStatus()).isEqualTo(200);
        assertThat(answered.getResponse().getContentAsString()).contains("We have dealt with it.", "GRANTED",
                "evidence-1.png");
        assertThat(holds.activeOn(List.of(customer))).isEmpty();

        // Another customer: not their case. Staff tokens never reach the portal, nor portal tokens the staff API.
        String otherEmail = PortalFixture.newEmail();
        PortalFixture.customer(mvc, staffToken, "Someone Else Ltd", otherEmail, PortalFixture.newPhone());
        String other = portalToken(otherEmail);
        assertThat(mvc.perform(get("/api/portal/v1/requests/" + id).header("Authorization", other)).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/api/portal/v1/requests").header("Authorization", other)).andReturn()
                .getResponse().getContentAsString()).doesNotContain(id.toString());
        assertThat(mvc.perform(get("/api/portal/v1/requests").header("Authorization", staffToken)).andReturn()
                .getResponse().getStatus()).isEqualTo(401);
        assertThat(mvc.perform(get("/api/v1/cases").header("Authorization", token)).andReturn().getResponse()
                .getStatus()).isEqualTo(401);
        assertThat(mvc.perform(get("/api/portal/v1/requests")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void theRequestPagesFileARequestAndKeepWhatWasTypedAfterARefusal() throws Exception {
        MockHttpSession session = portalSession(email);
        MockHttpServletResponse refused = mvc.perform(post("/portal/requests").session(session).with(csrf())
                .header("Accept-Language", "en").param("type", "CLAIM").param("amount", "300")).andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document form = Jsoup.parse(refused.getContentAsString());
        assertThat(form.getElementById("problem").text()).isNotBlank();
        assertThat(form.select("input[name=type][checked]").val()).isEqualTo("CLAIM");
        assertThat(form.getElementById("amount").val()).isEqualTo("300");

        MockHttpServletResponse sent = mvc.perform(post("/portal/requests").session(session).with(csrf())
                .param("type", "CORRECTION").param("fieldKey", "city").param("correction", "Suzhou")).andReturn()
                .getResponse();
        assertThat(sent.getStatus()).as(sent.getContentAsString()).isEqualTo(302);
        String page = mvc.perform(get(sent.getRedirectedUrl()).session(session).header("Accept-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsString();
        Document shown = Jsoup.parse(page);
        assertThat(shown.body().text()).contains("更正", "办理中", "正确的值：Suzhou").doesNotContain("CORRECTION");
        String list = mvc.perform(get("/portal/requests").session(session).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(list).body().text()).contains("Correction", "we answer by");
        // A staff page stays out of reach of this session.
        assertThat(mvc.perform(get("/cases").session(session)).andReturn().getResponse().getStatus()).isIn(302, 403);
    }

    private String portalToken(String address) throws Exception {
        mail.sent.clear();
        MvcResult asked = mvc.perform(post("/api/portal/v1/sign-in-links").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("address", address))).with(r -> {
                    r.setRemoteAddr(PortalFixture.client());
                    return r;
                })).andReturn();
        assertThat(asked.getResponse().getStatus()).isEqualTo(202);
        String link = PortalFixture.tokenIn(mail.await(address, "登录链接"));
        MvcResult token = mvc.perform(post("/api/portal/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("linkToken", link)))).andReturn();
        assertThat(token.getResponse().getStatus()).as(token.getResponse().getContentAsString()).isEqualTo(200);
        return "Bearer " + Api.body(token).get("token");
    }

    private MockHttpSession portalSession(String address) throws Exception {
        mail.sent.clear();
        String client = PortalFixture.client();
        PortalFixture.ask(mvc, address, client);
        String link = PortalFixture.tokenIn(mail.await(address, "登录链接"));
        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse used = PortalFixture.use(mvc, session, link, client);
        assertThat(used.getRedirectedUrl()).isEqualTo("/portal");
        return (MockHttpSession) mvc.perform(get("/portal").session(session)).andReturn().getRequest().getSession();
    }
}
