package io.custos.retention;

import static io.custos.identity.SeedingAs.user;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.web.Times;

/**
 * Demo retention (profile {@code demo}, issue 16.9): the rules of migration V62 are in force; the
 * administration officer wang.fang has put the Sales 2 customer whose last contact is oldest under a
 * legal hold for a complaint; and the first sweep has run, so the due list shows the Sales 2
 * customers the demo registry made past their period (one of them held) and one falling due soon.
 */
@Component
@Profile("demo")
@Order(60)
class DemoRetention implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRetention.class);

    private final Employees employees;
    private final LegalHolds holds;
    private final RetentionSweeps sweeps;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Times times;
    private final Clock clock;

    DemoRetention(Employees employees, LegalHolds holds, RetentionSweeps sweeps, JdbcClient jdbc,
            TransactionTemplate transaction, Times times, Clock clock) {
        this.employees = employees;
        this.holds = holds;
        this.sweeps = sweeps;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.times = times;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> officer = employees.byUsername("wang.fang");
        Optional<EmployeeView> salesTwo = employees.byUsername("huang.li");
        if (officer.isEmpty() || salesTwo.isEmpty() || salesTwo.get().departmentId() == null
                || jdbc.sql("select count(*) from legal_hold").query(Long.class).single() > 0
                || jdbc.sql("select count(*) from retention_sweep").query(Long.class).single() > 0) {
            return;
        }
        SweepResult sweep = sweeps.sweep(null);
        List<UUID> stale = jdbc.sql("select customer_id from retention_due where department_id = ? "
                + "and rule_code = 'prospect-no-deal' and due_on <= ? order by basis_on, customer_id")
                .params(salesTwo.get().departmentId(), Date.valueOf(LocalDate.ofInstant(clock.instant(),
                        times.companyZone())))
                .query(UUID.class).list();
        if (stale.isEmpty()) {
            return;
        }
        CustosUser wang = user(officer.get());
        transaction.executeWithoutResult(status -> {
            var previous = SecurityContextHolder.getContext().getAuthentication();
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    wang, null, wang.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
            try {
                holds.place(stale.get(0), HoldKind.COMPLAINT, "TS-2026-017",
                        "客户投诉交货延误，调查未结束。The customer complained about a late delivery; the "
                                + "investigation is still open.", wang);
            } finally {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
        });
        log.info("Demo retention seeded: one legal hold; first sweep found {} due, {} falling due soon", sweep.due(),
                sweep.upcoming());
    }
}
