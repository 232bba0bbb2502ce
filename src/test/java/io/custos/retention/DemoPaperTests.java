package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;

/**
 * Issue 16.6 (R-DEL-3, R-DEL-4) in the demo company: liu.yang's four paper documents, the business
 * cards destroyed and certified, the forms waiting for zhang.wei; the register's pages in both
 * languages, a refused form shown again with what was typed.
 */
@IntegrationTest
@ActiveProfiles("demo")
class DemoPaperTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void theDemoShowsTheWholeFlowWithOneDestructionCertified() throws Exception {
        assertThat(jdbc.sql("select status from paper_record order by title").query(String.class).list())
                .containsExactlyInAnyOrder("KEPT", "KEPT", "CHECKED_OUT", "DESTROYED");
        Map<String, Object> done = jdbc.sql("select id, number from paper_destruction where status = 'DONE'").query()
                .singleRow();
        String code = jdbc.sql("select code from destruction_certificate where subject_id = ?").param(done.get("id"))
                .query(String.class).single();
        assertThat(Api.body(mvc.perform(get("/api/v1/destructions/verify/" + code)).andReturn()))
                .containsEntry("number", done.get("number")).containsEntry("kind", "PAPER");
        UUID pending = jdbc.sql("select id from paper_destruction where status = 'PENDING'").query(UUID.class).single();

        MockHttpSession head = signIn("zhang.wei");
        assertThat(page(head, "/", "zh-CN")).contains("纸质档案销毁申请等待您审批");
        assertThat(page(head, "/paper-records/destructions/" + pending, "en")).contains("Approve", "Send back",
                "Waiting for approval");
        MockHttpSession keeper = signIn("liu.yang");
        String list = page(keeper, "/paper-records", "zh-CN");
        assertThat(list).contains("纸质档案", "名片", "已销毁", "已借出", "登记文件");
        UUID destroyed = (UUID) done.get("id");
        assertThat(page(keeper, "/paper-records/destructions/" + destroyed, "zh-CN")).contains("销毁证明", "碎纸",
                "中文证明（PDF）");
        assertThat(page(keeper, "/paper-records/destructions/" + destroyed, "en")).contains("Certificate in English");
        MvcResult pdf = mvc.perform(get("/paper-records/destructions/" + destroyed + "/certificate").param("lang", "zh-CN")
                .session(keeper)).andReturn();
        assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
        assertThat(DestructionCertificatesTests.text(pdf.getResponse().getContentAsByteArray())).contains("销毁证明",
                "名片", "王芳", "张伟");
        UUID kept = jdbc.sql("select id from paper_record where type = 'CONTRACT'").query(UUID.class).single();
        assertThat(page(keeper, "/paper-records/" + kept, "en")).contains("Order its destruction", "Take out",
                "Framework contracts 2023");

        // Another department's head does not see Sales 1's register.
        MockHttpSession otherHead = signIn("li.na");
        assertThat(page(otherHead, "/paper-records", "en")).doesNotContain("Framework contracts 2023");
        assertThat(mvc.perform(get("/paper-records/" + kept).session(otherHead)).andReturn().getResponse().getStatus())
                .isEqualTo(404);

        // A refused registration keeps what was typed.
        MvcResult refused = mvc.perform(post("/paper-records").session(keeper).with(csrf()).param("lang", "en")
                .param("type", "FORM").param("title", "Visitor sign-in sheets").param("location", "Front desk")
                .param("customerIds", "not-an-id")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentAsString()).contains("Visitor sign-in sheets", "Front desk",
                "not-an-id", "Give each customer");
        // A destruction ordered without ticking the confirmation keeps the reason typed.
        MvcResult unconfirmed = mvc.perform(post("/paper-records/" + kept + "/destruction").session(keeper).with(csrf())
                .param("lang", "zh-CN").param("method", "BURNING").param("reason", "不再需要的旧合同")).andReturn();
        assertThat(unconfirmed.getResponse().getStatus()).isEqualTo(422);
        assertThat(unconfirmed.getResponse().getContentAsString()).contains("不再需要的旧合同", "请勾选确认框");
        assertThat(page(keeper, "/paper-records/new", "zh-CN")).contains("登记文件", "涉及的客户");
        assertThat(List.of(page(keeper, "/paper-records/destructions", "en"))).allMatch(p -> p.contains("PD-"));
    }

    private MockHttpSession signIn(String username) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("username", username)
                .param("password", "Demo#2026")).andExpect(redirectedUrl("/"));
        return session;
    }

    private String page(MockHttpSession session, String path, String lang) throws Exception {
        MvcResult result = mvc.perform(get(path).session(session).param("lang", lang)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }
}
