package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** The registry over its API: encrypted at rest, masked by default, found by blind index (R-STO-1, R-STO-6, R-USE-1). */
@IntegrationTest
class CustomerRegistryTests {

    static final String PHONE = "+86 139 2468 1357";
    static final String PHONE_DIGITS = "13924681357";
    static final String EMAIL = "Li.Ming@Example-Trade.cn";
    static final String ID_NUMBER = "11010519491231002x";

    @Autowired MockMvc mvc;
    @Autowired io.custos.training.PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired DataKeys dataKeys;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;

    @BeforeEach
    void aSalesDepartmentWithAnOwner() throws Exception {
        department = departmentNamed("S" + UUID.randomUUID().toString().substring(0, 6));
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        moveTo(owner, department);
        // Finding a customer by a confidential value needs what revealing it needs (issue 13.1).
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @Test
    void createsACustomerAndShowsL3AndL4MaskedEvenToItsOwner() throws Exception {
        MvcResult created = create(ownerToken, fullCustomer("李明贸易有限公司"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/customers/")))
                .andReturn();
        String id = (String) Api.body(created).get("id");
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", ownerToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ownerUsername").value(owner.username()))
                .andExpect(jsonPath("$.fields.companyName").value("李明贸易有限公司"))
                .andExpect(jsonPath("$.fields.contactName").value("李明"))
                .andExpect(jsonPath("$.fields.phone").value("*******1357"))
                .andExpect(jsonPath("$.fields.email").value("***@Example-Trade.cn"))
                .andExpect(jsonPath("$.fields.idNumber").value("**************002X"))
                .andExpect(jsonPath("$.fields.bankAccount").value("***************0123"))
                .andExpect(jsonPath("$.fields.address").value("••••••"))
                .andExpect(jsonPath("$.masked").value(org.hamcrest.Matchers.containsInAnyOrder("phone", "email",
                        "idNumber", "bankAccount", "address")));
    }

    @Test
    void storesL3AndL4OnlyAsCiphertextBoundToCustomerAndField() throws Exception {
        UUID id = idOf(create(ownerToken, fullCustomer("密文测试公司")).andReturn());
        record Row(String field, String plain, String search, String ciphertext, String blindIndex) {
        }
        List<Row> rows = jdbc.sql("select field_key, plain_value, search_value, ciphertext, blind_index "
                + "from customer_value where customer_id = ?").param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
        // Markers are long or contain a space so that random Base64 or hex can never produce them by chance.
        assertThat(rows.toString()).contains("密文测试公司", "李明")
                .doesNotContain(PHONE_DIGITS, "139 2468", "Li.Ming", "li.ming", "example-trade", "19491231",
                        "6222 0212", "3456 7890", "朝阳");
        for (Row row : rows) {
            boolean sensitive = List.of("phone", "email", "idNumber", "bankAccount", "address").contains(row.field());
            assertThat(row.plain() == null).as(row.field()).isEqualTo(sensitive);
            assertThat(row.ciphertext() != null).as(row.field()).isEqualTo(sensitive);
            assertThat(row.blindIndex() != null).as(row.field())
                    .isEqualTo(List.of("phone", "email", "idNumber").contains(row.field()));
        }
    }

    @Test
    void aCiphertextMovedToAnotherCustomerOrFieldOrAlteredDoesNotDecrypt() throws Exception {
        UUID a = idOf(create(ownerToken, fullCustomer("甲公司")).andReturn());
        UUID b = idOf(create(ownerToken, fullCustomer("乙公司")).andReturn());
        String phoneOfA = ciphertext(a, "phone");
        jdbc.sql("update customer_value set ciphertext = ? where customer_id = ? and field_key = 'phone'")
                .params(phoneOfA, b).update();
        jdbc.sql("update customer_value set ciphertext = ? where customer_id = ? and field_key = 'email'")
                .params(phoneOfA, a).update();
        String idNumber = ciphertext(a, "idNumber");
        char flipped = idNumber.charAt(20) == 'A' ? 'B' : 'A';
        jdbc.sql("update customer_value set ciphertext = ? where customer_id = ? and field_key = 'idNumber'")
                .params(idNumber.substring(0, 20) + flipped + idNumber.substring(21), a).update();

        mvc.perform(get("/api/v1/customers/" + b).header("Authorization", ownerToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unreadable").value(org.hamcrest.Matchers.contains("phone")))
                .andExpect(jsonPath("$.fields.phone").doesNotExist());
        mvc.perform(get("/api/v1/customers/" + a).header("Authorization", ownerToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unreadable").value(org.hamcrest.Matchers.containsInAnyOrder("email", "idNumber")));
    }

    @Test
    void findsByEveryNotationOfPhoneEmailAndIdNumberAndByNamePrefix() throws Exception {
        String company = "Qingdao Harbour " + UUID.randomUUID().toString().substring(0, 6);
        UUID id = idOf(create(ownerToken, fullCustomer(company)).andReturn());
        for (String phone : List.of(PHONE_DIGITS, "+8613924681357", "+86 139 2468 1357", "0086-139-2468-1357",
                "139 2468 1357")) {
            search("phone", phone).andExpect(jsonPath("$.items[*].id").value(org.hamcrest.Matchers.contains(id.toString())));
        }
        search("email", "li.ming@example-trade.cn").andExpect(jsonPath("$.total").value(1));
        search("email", "  LI.MING@EXAMPLE-TRADE.CN ").andExpect(jsonPath("$.total").value(1));
        search("idNumber", "11010519491231002X").andExpect(jsonPath("$.total").value(1));
        search("name", company.substring(0, 12).toLowerCase()).andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].fields.phone").value("*******1357"));
        search("name", "李").andExpect(jsonPath("$.items[*].id").value(org.hamcrest.Matchers.hasItem(id.toString())));
        search("phone", "13924681358").andExpect(jsonPath("$.total").value(0));
        search("name", "%").andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void findsNothingAndShowsNothingEncryptedAfterTheKeyIsDestroyed() throws Exception {
        UUID id = idOf(create(ownerToken, fullCustomer("销毁测试公司")).andReturn());
        search("phone", PHONE_DIGITS).andExpect(jsonPath("$.items[*].id").value(org.hamcrest.Matchers.hasItem(id.toString())));
        dataKeys.destroy(id);
        search("phone", PHONE_DIGITS).andExpect(jsonPath("$.items[*].id")
                .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id.toString()))));
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", ownerToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields.companyName").value("销毁测试公司"))
                .andExpect(jsonPath("$.fields.phone").doesNotExist());
        assertThat(jdbc.sql("select count(*) from customer_value where customer_id = ? and (ciphertext is not null "
                + "or blind_index is not null)").param(id).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'keys.data-key.destroyed' and target_id = ?")
                .param(id.toString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void othersSeeWhatTheirRelationAllows() throws Exception {
        UUID id = idOf(create(ownerToken, fullCustomer("可见性公司")).andReturn());
        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        moveTo(colleague, department);
        TestAccounts.Account stranger = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        moveTo(stranger, departmentNamed("O" + UUID.randomUUID().toString().substring(0, 6)));

        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", Api.token(mvc, colleague, clock.instant())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields.contactName").value("李明"))
                .andExpect(jsonPath("$.editable").value(false));
        String management = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false), clock.instant());
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", management))
                .andExpect(status().isOk()).andExpect(jsonPath("$.fields.contactName").value("李明"));
        String adminOfficer = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)), clock.instant());
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", adminOfficer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields.companyName").value("可见性公司"))
                .andExpect(jsonPath("$.masked").value(org.hamcrest.Matchers.hasItem("contactName")));

        String missing = mvc.perform(get("/api/v1/customers/" + UUID.randomUUID()).header("Authorization", ownerToken))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        for (TestAccounts.Account nobody : List.of(stranger,
                accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false),
                accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(), false))) {
            String token = Api.token(mvc, nobody, clock.instant());
            String body = mvc.perform(get("/api/v1/customers/" + id).header("Authorization", token))
                    .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
            assertThat(withoutInstance(body)).isEqualTo(withoutInstance(missing));
            mvc.perform(get("/api/v1/customers").param("name", "可见性").header("Authorization", token))
                    .andExpect(jsonPath("$.total").value(0));
        }
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and outcome = 'DENIED'")
                .param(id.toString()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void refusesUnknownFieldsAndMalformedValuesNamingTheFieldNotTheValue() throws Exception {
        Map<String, String> unknown = new LinkedHashMap<>(Map.of("companyName", "X", "favouriteColour", "blue"));
        create(ownerToken, unknown).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("unknown-customer-field"))
                .andExpect(jsonPath("$.field").value("favouriteColour"));
        String body = create(ownerToken, Map.of("companyName", "X", "phone", "call me 555"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("field-value-invalid"))
                .andExpect(jsonPath("$.field").value("phone"))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("call me");
        create(ownerToken, Map.of("city", "Qingdao")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("companyName"));
        assertThat(jdbc.sql("select count(*) from customer where owner_id = ?").param(owner.id()).query(Long.class)
                .single()).isZero();
    }

    @Test
    void updatesSetAndClearFieldsWithAnOptimisticVersion() throws Exception {
        UUID id = idOf(create(ownerToken, fullCustomer("更新公司")).andReturn());
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", ownerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"fields\":{\"phone\":\"13800001111\",\"address\":null},\"version\":0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields.phone").value("*******1111"))
                .andExpect(jsonPath("$.fields.address").doesNotExist())
                .andExpect(jsonPath("$.version").value(1));
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", ownerToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"fields\":{\"city\":\"上海\"},\"version\":0}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("customer-changed"));
        search("phone", "13800001111").andExpect(jsonPath("$.total").value(1));
        search("phone", PHONE_DIGITS).andExpect(jsonPath("$.items[*].id")
                .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id.toString()))));
        List<String> actions = jdbc.sql("select action from audit_event where target_id = ? order by id")
                .param(id.toString()).query(String.class).list();
        assertThat(actions).containsSubsequence("customer.record.created", "customer.record.updated");
        String details = String.join(" ", jdbc.sql("select details from audit_event where target_id = ?")
                .param(id.toString()).query(String.class).list());
        assertThat(details).contains("\"cleared\":[\"address\"]").doesNotContain("13800001111", "1111\"");
    }

    @Test
    void customersToAskAgainComePageByPageAndOnlyFromThePersonsScope() throws Exception {
        List<String> mine = new java.util.ArrayList<>();
        for (String company : List.of("再同意甲公司", "再同意乙公司", "再同意丙公司")) {
            mine.add(idOf(create(ownerToken, Map.of("companyName", company)).andReturn()).toString());
        }
        TestAccounts.Account other = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        create(Api.token(mvc, other, clock.instant()), Map.of("companyName", "别人的公司")).andExpect(status().isCreated());
        String security = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false), clock.instant());
        String key = "line" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 4);
        mvc.perform(post("/api/v1/catalog/fields").header("Authorization", security).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("key", key, "sensitivity", "L2", "kind", "TEXT", "searchable", false,
                        "labelZh", "备用联系", "labelEn", "Spare contact")))).andExpect(status().isCreated());
        io.custos.support.Notices.publishCoveringEveryField(mvc, accounts, clock.instant());

        List<Object> seen = new java.util.ArrayList<>();
        for (int page = 0; page < 2; page++) {
            MvcResult result = mvc.perform(get("/api/v1/customers/reconsent").param("page", String.valueOf(page))
                    .param("size", "2").header("Authorization", ownerToken))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.total").value(3))
                    .andExpect(jsonPath("$.items.length()").value(page == 0 ? 2 : 1))
                    .andReturn();
            seen.addAll(com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.items[*].id"));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
    }

    private Map<String, String> fullCustomer(String company) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("industry", "进出口贸易");
        fields.put("city", "青岛");
        fields.put("contactName", "李明");
        fields.put("phone", PHONE);
        fields.put("email", EMAIL);
        fields.put("address", "北京市朝阳区建国路 88 号");
        fields.put("idNumber", ID_NUMBER);
        fields.put("bankAccount", "6222 0212 3456 7890 123");
        return fields;
    }

    private org.springframework.test.web.servlet.ResultActions create(String token, Map<String, String> fields)
            throws Exception {
        return mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent",
                        Consents.full()))));
    }

    private org.springframework.test.web.servlet.ResultActions search(String filter, String value) throws Exception {
        return mvc.perform(Api.search(filter, value).header("Authorization", ownerToken))
                .andExpect(status().isOk());
    }

    private static UUID idOf(MvcResult created) throws Exception {
        return UUID.fromString((String) Api.body(created).get("id"));
    }

    private String ciphertext(UUID customer, String field) {
        return jdbc.sql("select ciphertext from customer_value where customer_id = ? and field_key = ?")
                .params(customer, field).query(String.class).single();
    }

    private UUID departmentNamed(String code) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, ?, ?, current_timestamp)")
                .params(id, code, code, code).update();
        return id;
    }

    private void moveTo(TestAccounts.Account account, UUID departmentId) {
        jdbc.sql("update employee set department_id = ? where id = ?").params(departmentId, account.id()).update();
    }

    private static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
    }
}
