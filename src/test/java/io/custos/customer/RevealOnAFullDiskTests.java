package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.support.TestDatabaseInitializer;
import io.custos.training.PolicyDocuments;

/**
 * Issue 13.15: a reveal whose transaction cannot be written (a full disk makes the commit fail) used
 * to answer 500. It is a 503 problem with no value, in the API and behind the page's reveal button.
 * The disk fills up in a wrapper around the application's own database connections, with the error
 * each engine gives: H2's I/O error (90028), PostgreSQL's disk_full (53100).
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({MutableClock.Config.class, TestAccounts.class, RevealOnAFullDiskTests.FullDisk.class,
        io.custos.support.MockMvcSessions.Config.class})
class RevealOnAFullDiskTests {

    static final String PHONE = "+86 139 2468 1357";
    static final AtomicBoolean DISK_FULL = new AtomicBoolean();

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account owner;
    String token;
    UUID customer;

    @BeforeEach
    void anOwnerWithACustomer() throws Exception {
        UUID department = accounts.department("D" + UUID.randomUUID().toString().substring(0, 6));
        owner = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        token = Api.token(mvc, owner, clock.instant());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "满盘测试 " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("phone", PHONE);
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent",
                        Consents.of(List.of("SALES_FOLLOW_UP"), false))))).andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        customer = UUID.fromString(Api.body(created).get("id").toString());
    }

    @AfterEach
    void diskHasSpaceAgain() {
        DISK_FULL.set(false);
    }

    @Test
    void aRevealOnAFullDiskIsA503ProblemWithoutTheValue() throws Exception {
        DISK_FULL.set(true);
        MvcResult result = mvc.perform(post("/api/v1/customers/" + customer + "/reveal").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", List.of("phone"), "purpose", "SALES_FOLLOW_UP")))).andReturn();
        DISK_FULL.set(false);

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(503);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(Api.body(result)).containsEntry("code", "storage-unavailable")
                .containsEntry("type", "/problems/storage-unavailable");
        assertThat(result.getResponse().getContentAsString()).doesNotContain("13924681357", "139 2468", "2468 1357", "SQL", "Exception");
        assertThat(revealedEvents()).as("the reveal rolled back with its event").isZero();
    }

    @Test
    void theRevealButtonOnAFullDiskGetsA503WithoutTheValue() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        DISK_FULL.set(true);
        MvcResult result = mvc.perform(post("/customers/" + customer + "/reveal").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON).param("field", "phone").param("purpose", "SALES_FOLLOW_UP"))
                .andReturn();
        DISK_FULL.set(false);

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(503);
        assertThat(result.getResponse().getContentAsString()).contains("storage-unavailable")
                .doesNotContain("13924681357", "139 2468", "2468 1357", "Exception");
        assertThat(revealedEvents()).isZero();
    }

    private long revealedEvents() {
        return jdbc.sql("select count(*) from audit_event where target_id = ? and action = 'customer.field.revealed'")
                .param(customer.toString()).query(Long.class).single();
    }

    /** Every connection of the application fails to commit while the disk is full. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FullDisk {
        @Bean
        static BeanPostProcessor fullDiskDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)) {
                        return new DelegatingDataSource(dataSource) {
                            @Override
                            public Connection getConnection() throws SQLException {
                                return failingCommits(super.getConnection());
                            }
                        };
                    }
                    return bean;
                }
            };
        }

        static Connection failingCommits(Connection connection) {
            return (Connection) Proxy.newProxyInstance(FullDisk.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit") && DISK_FULL.get()) {
                            // As the database does: a commit that cannot be written leaves nothing of the transaction.
                            connection.rollback();
                            throw TestDatabaseInitializer.onPostgres()
                                    ? new SQLException("could not extend file: No space left on device", "53100")
                                    : new SQLException("IO Exception: No space left on device", "90028", 90028);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
