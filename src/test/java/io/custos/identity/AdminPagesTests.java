package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** The system administrator's pages render, create accounts and refuse what the rules refuse, in both languages. */
@IntegrationTest
class AdminPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired Employees employees;

    MockHttpSession session;

    @BeforeEach
    void signInAsSystemAdmin() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("username", admin.username())
                        .param("password", TestAccounts.PASSWORD)
                        .param("otp", TestAccounts.totp(admin.totpSecret(), clock.instant())))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void createsAnAccountAndShowsItsOneTimePasswordOnce() throws Exception {
        mvc.perform(get("/admin/employees/new").session(session)).andExpect(status().isOk());
        String page = mvc.perform(post("/admin/employees/new").session(session).with(csrf())
                        .param("username", "page.made").param("displayName", "Page Made").param("roles", "EMPLOYEE")
                        .param("status", "ACTIVE"))
                .andExpect(status().isOk())
                // Issue 24.4: the administrator gets a link to hand over, never the password itself.
                .andExpect(content().string(Matchers.containsString("id=\"one-time-password-link\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"one-time-password\""))))
                .andReturn().getResponse().getContentAsString();
        EmployeeView created = employees.byUsername("page.made").orElseThrow();
        assertThat(created.mustChangePassword()).isTrue();
        mvc.perform(get("/admin/employees/" + created.id()).session(session).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("重置密码")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("one-time-password"))));
        assertThat(page).contains("page.made");
    }

    @Test
    void theFormShowsTheSeparationOfDutiesRefusal() throws Exception {
        mvc.perform(post("/admin/employees/new").session(session).with(csrf()).header("Accept-Language", "zh-CN")
                        .param("username", "two.hats").param("displayName", "Two Hats")
                        .param("roles", "SYSTEM_ADMIN", "AUDITOR").param("status", "ACTIVE"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("三员分立")));
        assertThat(employees.byUsername("two.hats")).isEmpty();
    }

    @Test
    void listsEmployeesAndDepartments() throws Exception {
        mvc.perform(get("/admin/employees").session(session)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"employees\"")));
        mvc.perform(post("/admin/departments").session(session).with(csrf())
                        .param("code", "PAGES").param("nameZh", "页面部").param("nameEn", "Pages"))
                .andExpect(redirectedUrl("/admin/departments"));
        DepartmentView department = employees.departmentByCode("PAGES").orElseThrow();
        mvc.perform(get("/admin/departments").session(session)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("页面部")));
        mvc.perform(get("/admin/departments/" + department.id()).session(session)).andExpect(status().isOk());
        mvc.perform(get("/admin/departments/00000000-0000-0000-0000-000000000009").session(session))
                .andExpect(status().isNotFound());
    }

    @Test
    void othersCannotOpenTheAdministrationPages() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession other = new MockHttpSession();
        mvc.perform(post("/login").session(other).with(csrf()).param("username", employee.username())
                .param("password", TestAccounts.PASSWORD));
        mvc.perform(get("/admin/employees").session(other)).andExpect(status().isForbidden());
        mvc.perform(get("/account").session(other)).andExpect(status().isOk());
        mvc.perform(get("/account/password").session(other)).andExpect(status().isOk());
    }
}
