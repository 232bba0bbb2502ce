package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** TOTP secrets are stored only encrypted; secrets an earlier version stored in clear are encrypted at start. */
@IntegrationTest
class SecondFactorSecretsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired MyAccount myAccount;
    @Autowired SecondFactorSecretsMigration migration;

    @Test
    void anEnrolmentStoresTheSecretOnlyEncrypted() {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MyAccount.Enrolment enrolment = myAccount.startSecondFactorEnrolment(new CustosUser(someone.id(),
                someone.username(), "x", null, Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE));
        String stored = stored(someone.id());
        assertThat(stored).isNotNull().doesNotContain(enrolment.secret());
        assertThat(myAccount.pendingEnrolment(new CustosUser(someone.id(), someone.username(), "x", null,
                Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE)).orElseThrow().secret()).isEqualTo(enrolment.secret());
    }

    @Test
    void aSecretStoredInClearByAnEarlierVersionIsEncryptedAtStartAndStillWorks() throws Exception {
        String secret = TestAccounts.newSecret();
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), secret, false);
        jdbc.sql("update employee set totp_secret = ? where id = ?").params(secret, admin.id()).update();

        migration.run(new DefaultApplicationArguments());

        assertThat(stored(admin.id())).isNotEqualTo(secret).doesNotContain(secret);
        assertThat(Api.token(mvc, admin, clock.instant())).startsWith("Bearer ");
    }

    private String stored(UUID id) {
        return jdbc.sql("select totp_secret from employee where id = ?").param(id).query(String.class).single();
    }
}
