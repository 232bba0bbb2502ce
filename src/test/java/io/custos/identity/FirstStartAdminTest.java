package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/** The first start of an empty database creates one system administrator, printed once. */
class FirstStartAdminTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ApplicationArguments args = new DefaultApplicationArguments();
    private EmployeeRepository employees;
    private JdbcClient jdbc;
    private FirstStartAdmin firstStart;
    private final IdentityAudit audit = Mockito.mock(IdentityAudit.class);

    @BeforeEach
    void emptyDatabase() {
        DataSource dataSource = new SingleConnectionDataSource("jdbc:h2:mem:first_start_" + System.nanoTime(), true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        employees = new EmployeeRepository(jdbc);
        firstStart = new FirstStartAdmin(employees, new PasswordPolicy(PasswordPolicyTest.defaults(), PasswordPolicyTest.COMMON), encoder,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), audit, Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void createsTheAdministratorWithAOneTimePasswordShownOnce() {
        firstStart.run(args);

        String printed = console.toString(StandardCharsets.UTF_8);
        Matcher password = Pattern.compile("one-time password: (\\S+)").matcher(printed);
        assertThat(password.find()).isTrue();
        EmployeeRecord admin = employees.findByUsername("admin").orElseThrow();
        assertThat(admin.roles()).containsExactly(Role.SYSTEM_ADMIN);
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(encoder.matches(password.group(1), admin.passwordHash())).isTrue();
        assertThat(admin.passwordHash()).doesNotContain(password.group(1));
        Mockito.verify(audit).accountBy(Actor.system("first-start"), "identity.employee.created", AuditOutcome.ALLOWED,
                admin.id(), java.util.Map.of("roles", java.util.List.of("SYSTEM_ADMIN")));

        console.reset();
        firstStart.run(args);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(employees.count()).isEqualTo(1);
    }

    @Test
    void leavesADatabaseWithPeopleAlone() {
        jdbc.sql("insert into employee (id, username, display_name, status, password_hash, password_changed_at, "
                + "must_change_password, created_at) values (random_uuid(), 'someone', 'S', 'ACTIVE', 'x', "
                + "current_timestamp, false, current_timestamp)").update();
        firstStart.run(args);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(employees.findByUsername("admin")).isEmpty();
    }
}
