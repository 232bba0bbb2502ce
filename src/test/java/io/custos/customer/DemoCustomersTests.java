package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;

/** The demo has about 200 invented customers of the two sales departments, encrypted like real ones. */
@IntegrationTest
@ActiveProfiles("demo")
class DemoCustomersTests {

    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired DemoCustomers demo;

    @Test
    void seedsTwoHundredCustomersOwnedBySalesStaffOnce() {
        // Besides them, the demo's portal customer with its cases (casework's demo).
        String invented = "select count(*) from customer where id not in (select customer_id from casework_case)";
        assertThat(jdbc.sql(invented).query(Long.class).single()).isEqualTo(DemoCustomers.COUNT);
        List<String> owners = jdbc.sql("select distinct e.username from customer c join employee e on e.id = c.owner_id "
                + "order by e.username").query(String.class).list();
        assertThat(owners).containsExactlyInAnyOrderElementsOf(DemoCustomers.OWNERS);
        assertThat(jdbc.sql("select count(*) from customer_value where field_key = 'phone' and plain_value is not null")
                .query(Long.class).single()).isZero();
        demo.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql(invented).query(Long.class).single()).isEqualTo(DemoCustomers.COUNT);
    }

    @Test
    void aSalesEmployeeFindsADemoCustomerByPhoneMasked() throws Exception {
        Map<String, String> first = DemoCustomers.customer(new Random(2026), 0);
        String token = "Bearer " + Api.body(Api.tokenRequest(mvc, "zhang.wei", "Demo#2026", null)).get("token");
        mvc.perform(Api.search("phone", first.get("phone")).header("Authorization", token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].fields.companyName").value(first.get("companyName")))
                .andExpect(jsonPath("$.items[0].masked").value(org.hamcrest.Matchers.hasItem("phone")));
    }
}
