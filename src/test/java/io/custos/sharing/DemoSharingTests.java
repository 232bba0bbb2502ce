package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;

/**
 * Issue 15.8: the demo company shares the delivery contacts of 20 Sales 1 customers with Oceanic
 * Freight through a request approved by the head and the administration officer; the customers
 * without third-party consent that were asked for are listed as left out; the README's agent sees them.
 */
@IntegrationTest
@ActiveProfiles("demo")
@SuppressWarnings("unchecked")
class DemoSharingTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void oceanicFreightReceivesTwentySalesOneCustomersDeliveryContacts() throws Exception {
        Map<String, Object> grant = jdbc.sql("select g.id, g.purpose, g.fields, r.status, r.head_decided_by, "
                + "r.admin_decided_by from sharing_grant g join sharing_request r on r.id = g.request_id "
                + "join partner p on p.id = g.recipient_id where p.name_en = 'Oceanic Freight'").query().singleRow();
        assertThat(grant).containsEntry("purpose", "DELIVERY").containsEntry("fields", "contactName,phone,address")
                .containsEntry("status", "APPROVED");
        UUID id = (UUID) grant.get("id");
        assertThat(jdbc.sql("select count(*) from sharing_grant_customer where grant_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(20);
        assertThat(jdbc.sql("select reason from sharing_grant_exclusion where grant_id = ?").param(id)
                .query(String.class).list()).containsOnly("no-third-party-consent").hasSize(2);
        assertThat(jdbc.sql("select username from employee where id in (?, ?) order by username")
                .params(grant.get("head_decided_by"), grant.get("admin_decided_by")).query(String.class).list())
                .containsExactly("wang.fang", "zhang.wei");

        MvcResult token = Api.tokenRequest(mvc, "ocean.agent", "Demo#2026", null);
        assertThat(token.getResponse().getStatus()).isEqualTo(201);
        String bearer = "Bearer " + Api.body(token).get("token");
        List<Map<String, Object>> shared = Api.JSON.readValue(mvc.perform(get("/api/v1/shared/customers")
                .param("size", "50").header("Authorization", bearer)).andReturn().getResponse()
                .getContentAsString(), List.class);
        assertThat(shared).hasSize(1);
        assertThat((List<Object>) shared.get(0).get("customers")).hasSize(20);
    }
}
