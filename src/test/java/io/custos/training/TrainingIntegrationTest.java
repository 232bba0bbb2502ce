package io.custos.training;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.TrainingFixture.Person;

/** What the training integration tests share: the application, and a fresh officer and manager per test. */
@IntegrationTest
abstract class TrainingIntegrationTest {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TrainingFixture fixture;
    Person officer;
    Person manager;

    @BeforeEach
    void people() {
        fixture = new TrainingFixture(accounts, clock, mvc);
        officer = fixture.person(Role.ADMIN_OFFICER);
        manager = fixture.person(Role.MANAGEMENT);
    }
}
