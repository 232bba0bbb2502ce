package io.custos.discipline;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.math.BigDecimal;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;

/**
 * The demo's rewards and penalties (profile {@code demo}, issue 20.6): a reward for liu.yang, who
 * reported at once the laptop left on a train (the demo's closed incident, its evidence), proposed by
 * wang.fang and approved by chen.jie, so that the proposals list, the person's record and the record
 * page have something to show. Seeded once, after the demo incident.
 */
@Component
@Profile("demo")
@Order(81)
class DemoDiscipline implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDiscipline.class);

    private final Proposals proposals;
    private final Employees employees;
    private final Incidents incidents;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoDiscipline(Proposals proposals, Employees employees, Incidents incidents, JdbcClient jdbc,
            TransactionTemplate transaction) {
        this.proposals = proposals;
        this.employees = employees;
        this.incidents = incidents;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> admin = employees.byUsername("wang.fang");
        Optional<EmployeeView> manager = employees.byUsername("chen.jie");
        Optional<EmployeeView> person = employees.byUsername("liu.yang");
        if (admin.isEmpty() || manager.isEmpty() || person.isEmpty()
                || jdbc.sql("select count(*) from discipline_proposal where automatic_key is null").query(Long.class)
                .single() > 0) {
            return;
        }
        var wang = user(admin.get());
        var chen = user(manager.get());
        Optional<IncidentView> laptop = incidents.visibleTo(wang, true).stream().findFirst();
        if (laptop.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            Proposal made = as(wang, () -> proposals.propose(new NewProposal(ProposalKind.REWARD, person.get().id(),
                    false, new BigDecimal("500"), "发现同事的笔记本电脑遗落在高铁上后立即报告信息安全部，电脑得以及时远程锁定和擦除，"
                    + "客户资料没有外泄。",
                    EvidenceKind.INCIDENT, laptop.get().reference(), null), wang));
            as(chen, () -> proposals.decide(made.id(), true, "同意，请行政部随当月工资发放。", chen));
        });
        log.info("Demo rewards and penalties seeded: an approved reward for liu.yang");
    }
}
