package io.custos.identity;

import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** The demo company of the README: seeded once, untouched on restart, with working accounts. */
@IntegrationTest
@ActiveProfiles("demo")
class DemoCompanyTests {

    @Autowired DemoAccounts demo;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired Employees employees;

    @Test
    void seedsTheDepartmentsAndPeopleOfTheReadme() {
        assertThat(count("department")).isEqualTo(DemoAccounts.DEPARTMENTS.size());
        // The staff of the README; the partner's user (ocean.agent) belongs to the partner, not the company.
        assertThat(count("employee where partner_id is null")).isEqualTo(DemoAccounts.PEOPLE.size());
        assertThat(count("employee where partner_id is not null")).isEqualTo(1);
        assertThat(employees.byUsername("admin")).as("no first-start admin in the demo").isEmpty();
        assertThat(employees.departmentByCode("SALES1").orElseThrow().headUsername()).isEqualTo("zhang.wei");
        assertThat(employees.departmentByCode("SALES2").orElseThrow().headUsername()).isEqualTo("li.na");
        assertThat(employees.byUsername("huang.li").orElseThrow().departmentId())
                .isEqualTo(employees.departmentByCode("SALES2").orElseThrow().id());
        assertThat(employees.byUsername("zhou.min").orElseThrow().roles()).containsExactly(Role.AUDITOR);
    }

    /** Issue 13.2: the demo itself keeps duties apart, so its departments can hold the rule. */
    @Test
    void theDemoSeparatesDutiesFromCustomerDepartments() {
        for (DemoAccounts.Person person : DemoAccounts.PEOPLE) {
            EmployeeManagement.checkRoles(person.roles());
            DemoAccounts.Department department = DemoAccounts.DEPARTMENTS.stream()
                    .filter(d -> d.code().equals(person.department())).findFirst().orElseThrow();
            assertThat(Role.separatedDutiesHeld(person.roles()) > 0 && department.handlesCustomerData())
                    .as(person.username()).isFalse();
        }
        assertThat(employees.departmentByCode("SALES1").orElseThrow().handlesCustomerData()).isTrue();
        assertThat(employees.departmentByCode("IT").orElseThrow().handlesCustomerData()).isFalse();
    }

    @Test
    void aRestartSeedsNothingTwice() throws Exception {
        assertThat(demo.seedIfEmpty()).isFalse();
        demo.run(new DefaultApplicationArguments());
        assertThat(count("employee where partner_id is null")).isEqualTo(DemoAccounts.PEOPLE.size());
        assertThat(count("department")).isEqualTo(DemoAccounts.DEPARTMENTS.size());
    }

    @Test
    void demoAccountsSignInWithTheReadmePasswordAndTheirFixedSecrets() throws Exception {
        assertThat(tokenRequest(mvc, "liu.yang", DemoAccounts.PASSWORD, null).getResponse().getStatus()).isEqualTo(201);
        for (DemoAccounts.Person person : DemoAccounts.PEOPLE) {
            if (person.totpSecret() != null) {
                clock.advance(Duration.ofSeconds(30));
                String code = TestAccounts.totp(person.totpSecret(), clock.instant());
                assertThat(tokenRequest(mvc, person.username(), DemoAccounts.PASSWORD, code).getResponse().getStatus())
                        .as(person.username()).isEqualTo(201);
            }
        }
    }

    @Test
    void theReadmeListsEveryDemoAccountAndSecret() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (DemoAccounts.Person person : DemoAccounts.PEOPLE) {
            assertThat(readme).contains(person.username());
            if (person.totpSecret() != null) {
                assertThat(readme).contains(person.totpSecret());
            }
        }
        assertThat(readme).contains(DemoAccounts.PASSWORD);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
