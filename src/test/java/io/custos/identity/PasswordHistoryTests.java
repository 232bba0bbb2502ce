package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.shared.DomainException;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** Issue 24.5 (ASVS 6.2, R-IT-1): a new password is none of the person's last 5, nor a common one. */
@IntegrationTest
class PasswordHistoryTests {

    @Autowired MyAccount myAccount;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    @Autowired EmployeeRepository employees;
    @Autowired org.springframework.security.crypto.password.PasswordEncoder passwords;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    @Test
    void noneOfTheLastFiveAndTheSixthIsFreeAgain() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        CustosUser me = user(account);
        String current = TestAccounts.PASSWORD;
        for (int i = 1; i <= 5; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            myAccount.changePassword(me, current, "Harbour#" + i + "Lamp");
            current = "Harbour#" + i + "Lamp";
        }
        // The current one and the four before it are the last five.
        String now = current;
        for (String earlier : new String[] {"Harbour#1Lamp", "Harbour#2Lamp", "Harbour#3Lamp", "Harbour#4Lamp"}) {
            assertThatThrownBy(() -> myAccount.changePassword(me, now, earlier))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("password-reused");
                        assertThat(e.args()).containsExactly(5);
                    });
        }
        assertThatThrownBy(() -> myAccount.changePassword(me, now, "Harbour#5Lamp"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("password-unchanged"));
        clock.advance(java.time.Duration.ofMinutes(1));
        // The one before those five is free again.
        myAccount.changePassword(me, now, TestAccounts.PASSWORD);
        assertThat(jdbc.sql("select count(*) from password_history where employee_id = ?").param(account.id())
                .query(Integer.class).single()).as("only four earlier hashes are kept").isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.password.changed' "
                + "and outcome = 'DENIED' and target_id = ? and details like '%password-reused%'")
                .param(account.id().toString()).query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void aPasswordBeforeAnAdministratorsResetStillCounts() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        CustosUser me = user(account);
        clock.advance(java.time.Duration.ofMinutes(1));
        myAccount.changePassword(me, TestAccounts.PASSWORD, "Orchard#9Kite");
        clock.advance(java.time.Duration.ofMinutes(1));
        // Every reset writes the new one-time password through this one method.
        employees.updatePassword(account.id(), passwords.encode("Temp#Reset2026"), true, clock.instant());
        assertThatThrownBy(() -> myAccount.changePassword(me, "Temp#Reset2026", "Orchard#9Kite"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("password-reused"));
        assertThatThrownBy(() -> myAccount.changePassword(me, "Temp#Reset2026", TestAccounts.PASSWORD))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("password-reused"));
        myAccount.changePassword(me, "Temp#Reset2026", "Orchard#10Kite");
    }

    @Test
    void aCommonPasswordIsRefusedWhenChanging() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        assertThatThrownBy(() -> myAccount.changePassword(user(account), TestAccounts.PASSWORD, "Password123"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("password-too-common"));
    }

    private static CustosUser user(TestAccounts.Account account) {
        return new CustosUser(account.id(), account.username(), "x", null, Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "en    | one of the 100,000 most common | not among your last 5 | At least 8 characters",
            "zh-CN | 最常见的 10 万个密码之一           | 最近 5 个密码               | 至少 8 个字符"})
    void thePageSaysWhichRuleAndKeepsTheRulesInView(String language, String common, String reused, String rules)
            throws Exception {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        org.springframework.mock.web.MockHttpSession session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf())
                .param("username", account.username()).param("password", TestAccounts.PASSWORD));
        String page = mvc.perform(post("/account/password").session(session).with(csrf())
                        .header("Accept-Language", language)
                        .param("currentPassword", TestAccounts.PASSWORD).param("newPassword", "Welcome123")
                        .param("confirmPassword", "Welcome123"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains(common).contains(rules);
        clock.advance(java.time.Duration.ofMinutes(1));
        mvc.perform(post("/account/password").session(session).with(csrf())
                        .param("currentPassword", TestAccounts.PASSWORD).param("newPassword", "Orchard#9Kite")
                        .param("confirmPassword", "Orchard#9Kite"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/"));
        page = mvc.perform(post("/account/password").session(session).with(csrf())
                        .header("Accept-Language", language)
                        .param("currentPassword", "Orchard#9Kite").param("newPassword", TestAccounts.PASSWORD)
                        .param("confirmPassword", TestAccounts.PASSWORD))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains(reused);
    }
}
