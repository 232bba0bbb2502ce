package io.custos.sharing;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.lowagie.text.Document;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import io.custos.support.Api;
import io.custos.support.TestAccounts;

/** Partners, NDAs and partner users made through the API, as the administration officer makes them. */
final class PartnerFixture {

    private PartnerFixture() {
    }

    static byte[] pdf(String text) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Document document = new Document();
            PdfWriter.getInstance(document, out);
            document.open();
            document.add(new Paragraph(text));
            document.close();
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> partnerBody(String name, UUID managerId) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("nameZh", name + "中文");
        body.put("nameEn", name);
        body.put("type", "FREIGHT_FORWARDER");
        body.put("country", "CN");
        body.put("contacts", List.of(Map.of("name", "Contact", "phone", "+86 21 5555 0100",
                "email", "ops@example.com")));
        body.put("riskNotes", "Handles delivery addresses");
        body.put("reassessOn", LocalDate.now().plusYears(1).toString());
        body.put("managerId", managerId.toString());
        body.put("active", true);
        return body;
    }

    static UUID createPartner(MockMvc mvc, String officerToken, String name, UUID managerId) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/partners").header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(partnerBody(name, managerId)))).andReturn();
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("partner refused: " + result.getResponse().getContentAsString());
        }
        return UUID.fromString((String) Api.body(result).get("id"));
    }

    static MockMultipartHttpServletRequestBuilder nda(UUID partnerId, String version, LocalDate signedOn,
            LocalDate expiresOn, MockMultipartFile file) {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/v1/partners/" + partnerId + "/ndas").file(file);
        request.param("version", version).param("signatory", "Signatory").param("signedOn", signedOn.toString())
                .param("expiresOn", expiresOn.toString());
        return request;
    }

    static MockMultipartFile pdfFile() {
        return new MockMultipartFile("file", "nda.pdf", "application/pdf", pdf("Confidentiality agreement"));
    }

    static UUID fileNda(MockMvc mvc, String officerToken, UUID partnerId, String version, LocalDate signedOn,
            LocalDate expiresOn) throws Exception {
        MvcResult result = mvc.perform(nda(partnerId, version, signedOn, expiresOn, pdfFile())
                .header("Authorization", officerToken)).andReturn();
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("NDA refused: " + result.getResponse().getContentAsString());
        }
        return UUID.fromString((String) Api.body(result).get("id"));
    }

    /**
     * A partner user made through the API; the one-time password is then replaced by the tests'
     * password, as the person would at first sign-in.
     */
    static TestAccounts.Account partnerUser(MockMvc mvc, JdbcClient jdbc, PasswordEncoder passwords,
            String officerToken, UUID partnerId, Instant now) throws Exception {
        String username = "p" + UUID.randomUUID().toString().substring(0, 8);
        MvcResult result = mvc.perform(post("/api/v1/partners/" + partnerId + "/users")
                .header("Authorization", officerToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("username", username, "displayName", "Agent " + username)))).andReturn();
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("partner user refused: " + result.getResponse().getContentAsString());
        }
        UUID id = UUID.fromString((String) Api.body(result).get("id"));
        jdbc.sql("update employee set password_hash = ?, must_change_password = false, password_changed_at = ? "
                + "where id = ?").params(passwords.encode(TestAccounts.PASSWORD), now.atOffset(java.time.ZoneOffset.UTC),
                        id).update();
        return new TestAccounts.Account(id, username, null);
    }
}
