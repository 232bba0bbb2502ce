package io.custos.sharing;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/** What the sharing tests do alike: people ready to read customer data, statuses, sharing requests. */
final class SharingFixture {

    private SharingFixture() {
    }

    /** A person holding the roles, in the department, past the agreement and training gate. */
    static TestAccounts.Account person(TestAccounts accounts, PolicyDocuments documents, Instant now,
            @Nullable UUID department, Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(now, set);
        if (department != null) {
            accounts.moveTo(account, department);
        }
        Gate.pass(documents, accounts, now, account, set);
        return account;
    }

    static int status(MockMvc mvc, MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", token)).andReturn().getResponse().getStatus();
    }

    static MvcResult submit(MockMvc mvc, String token, Object body) throws Exception {
        return mvc.perform(post("/api/v1/sharing/requests").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
    }
}
