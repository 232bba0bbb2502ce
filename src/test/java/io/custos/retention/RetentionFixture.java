package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/** What the retention tests do alike: people, customers with their business dates, API calls. */
public final class RetentionFixture {

    public static final String PHONE = "+86 139 2468 1357";

    private RetentionFixture() {
    }

    public static TestAccounts.Account person(TestAccounts accounts, PolicyDocuments documents, Instant now,
            @Nullable UUID department, Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(now, set);
        if (department != null) {
            accounts.moveTo(account, department);
        }
        Gate.pass(documents, accounts, now, account, set);
        return account;
    }

    /** A customer of the token's owner, with a phone, consented to sales follow-up and contract. */
    public static UUID customer(MockMvc mvc, String token, String name) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", name);
        fields.put("industry", "Shipping");
        fields.put("city", "Ningbo");
        fields.put("contactName", "李娜");
        fields.put("phone", PHONE);
        Map<String, Object> consent = Map.of("noticeVersion", 1, "purposes", List.of("SALES_FOLLOW_UP", "CONTRACT"),
                "sensitiveConsent", true, "thirdPartyConsent", false, "channel", "PAPER_FORM");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }

    /** Sets the business dates as an import or the activity form would. */
    static void dates(JdbcClient jdbc, UUID customer, @Nullable LocalDate lastContact, @Nullable LocalDate lastTransaction) {
        jdbc.sql("update customer set last_contact_on = ?, last_transaction_on = ? where id = ?")
                .params(lastContact == null ? null : java.sql.Date.valueOf(lastContact),
                        lastTransaction == null ? null : java.sql.Date.valueOf(lastTransaction), customer)
                .update();
    }

    static MvcResult call(MockMvc mvc, MockHttpServletRequestBuilder request, String token, @Nullable Object body)
            throws Exception {
        request.header("Authorization", token);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }

    static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }
}
