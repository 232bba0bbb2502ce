package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** Issue 13.12 (pages whose offset overflows) and issue 14.5 (a page past the end) on the customer lists. */
@IntegrationTest
class CustomerPagingTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    TestAccounts.Account owner;
    String token;

    @BeforeEach
    void anOwnerWithThreeCustomers() throws Exception {
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        token = Api.token(mvc, owner, clock.instant());
        for (String company : new String[] {"分页甲公司", "分页乙公司", "分页丙公司"}) {
            mvc.perform(post("/api/v1/customers").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("fields", Map.of("companyName", company), "consent", Consents.full()))))
                    .andExpect(status().isCreated());
        }
    }

    @Test
    void aPageWhoseOffsetOverflowsIsA422NotA500() throws Exception {
        for (String[] paging : new String[][] {{"10737419", "200"}, {"2147483647", "20"}, {"50001", "200"}}) {
            for (String path : new String[] {"/api/v1/customers", "/api/v1/customers/reconsent"}) {
                mvc.perform(get(path).param("page", paging[0]).param("size", paging[1]).header("Authorization", token))
                        .andExpect(status().isUnprocessableContent())
                        .andExpect(jsonPath("$.code").value("page-too-far"))
                        .andExpect(jsonPath("$.field").value("page"));
            }
        }
        mvc.perform(get("/api/v1/customers").param("page", "49999").param("size", "200").header("Authorization", token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(3));
    }

    @Test
    void thePagesSayInWordsThatSuchAPageIsTooFar() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        for (String path : new String[] {"/customers", "/customers/reconsent"}) {
            String zh = mvc.perform(get(path).param("page", "2147483647").session(session)
                    .header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(zh).as(path).contains("分页最多只能翻到第 10,000,000 条结果").doesNotContain("page-too-far");
            String en = mvc.perform(get(path).param("page", "10737419").session(session)
                    .header("Accept-Language", "en")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(en).as(path).contains("Results can be paged up to number 10,000,000");
        }
    }

    @Test
    void aPagePastTheEndSaysSoAndLinksToTheLastInsteadOfClaimingNothingMatches() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String zh = mvc.perform(get("/customers").param("page", "999").session(session)
                .header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("共 3 位客户", "没有第 1,000 页：结果到第 1 页为止。", "id=\"last-page\"", "page=0")
                .doesNotContain("没有匹配的客户");
        String en = mvc.perform(get("/customers").param("page", "999").session(session)
                .header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(en).contains("There is no page 1,000: the results end on page 1.").doesNotContain("No customer matches");
        String first = mvc.perform(get("/customers").session(session).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(first).contains("分页丙公司").doesNotContain("There is no page");
    }
}
