package io.custos.monitoring;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.customer.CustomerListing;
import io.custos.customer.CustomerReading;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;

/**
 * The demo's security monitoring (profile {@code demo}, issue 21.6): a little history that the rules
 * catch, made through the same use cases as real work, then evaluated at once so the alerts are there
 * when the demo opens.
 * <ul>
 * <li>huang.li, on notice (the demo handover), opens three of her customers: a high alert, which
 * also reaches her head li.na;</li>
 * <li>liu.yang of Sales 1 tries to open customers of Sales 2 again and again: refusals;</li>
 * <li>zhang.wei, head of Sales 1, opens an emergency access to one of them: a high alert, which
 * zhao.lei of IT security has triaged already as justified.</li>
 * </ul>
 * Seeded once, into a demo without alerts.
 */
@Component
@Profile("demo")
@Order(90)
class DemoMonitoring implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoMonitoring.class);

    private final CustomerListing listing;
    private final CustomerReading reading;
    private final Employees employees;
    private final MonitoringEvaluator evaluator;
    private final Alerts alerts;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoMonitoring(CustomerListing listing, CustomerReading reading, Employees employees, MonitoringEvaluator evaluator,
            Alerts alerts, JdbcClient jdbc, TransactionTemplate transaction) {
        this.listing = listing;
        this.reading = reading;
        this.employees = employees;
        this.evaluator = evaluator;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        Optional<EmployeeView> huang = employees.byUsername("huang.li");
        Optional<EmployeeView> liu = employees.byUsername("liu.yang");
        Optional<EmployeeView> zhang = employees.byUsername("zhang.wei");
        Optional<EmployeeView> zhao = employees.byUsername("zhao.lei");
        if (huang.isEmpty() || liu.isEmpty() || zhang.isEmpty() || zhao.isEmpty()
                || jdbc.sql("select count(*) from monitoring_alert").query(Long.class).single() > 0) {
            return;
        }
        CustosUser leaver = user(huang.get());
        List<UUID> hers = mine(leaver, 3);
        for (UUID customer : hers) {
            attempt(leaver, () -> reading.view(customer, leaver));
        }
        CustosUser curious = user(liu.get());
        for (UUID customer : hers) {
            for (int i = 0; i < 2; i++) {
                attempt(curious, () -> reading.view(customer, curious));
            }
        }
        CustosUser head = user(zhang.get());
        if (!hers.isEmpty()) {
            UUID customer = hers.get(0);
            attempt(head, () -> reading.breakGlass(customer,
                    "客户来电投诉订单延误，销售二部今日无人值守，需要临时查看联系方式回电处理。", head));
        }
        awaitSealed();
        awaitEvaluated();
        CustosUser security = user(zhao.get());
        for (Alerts.AlertView alert : alerts.visibleTo(security, Alerts.Filter.all())) {
            if (alert.kind() == RuleKind.BREAK_GLASS && alert.status() == Alerts.Status.OPEN) {
                transaction.executeWithoutResult(s -> as(security, () -> alerts.triage(alert.id(),
                        new Alerts.Triage(Alerts.Status.FALSE_POSITIVE,
                                "已与张伟核实：客户来电投诉，销售二部当天无人值守，紧急访问理由属实，访问范围与理由相符。", null),
                        security)));
            }
        }
        log.info("Demo monitoring seeded: {} alerts raised from the demo's history",
                jdbc.sql("select count(*) from monitoring_alert").query(Long.class).single());
    }

    private List<UUID> mine(CustosUser person, int count) {
        return transaction.execute(s -> as(person, () -> listing.search(
                new CustomerListing.CustomerQuery(null, null, null, null, 0, count), person).items().stream()
                .map(CustomerListing.CustomerSummary::id).toList()));
    }

    /** A use that the policy may refuse: a refusal is what some of the demo's history is about. */
    private void attempt(CustosUser person, Runnable use) {
        try {
            transaction.executeWithoutResult(s -> as(person, () -> {
                use.run();
                return null;
            }));
        } catch (DomainException | org.springframework.security.access.AccessDeniedException refused) {
            log.debug("Demo monitoring: a use by {} was refused, as intended", person.username());
        }
    }

    /** Evaluates now; the scheduled evaluation may be at it already, then its alerts are awaited. */
    private void awaitEvaluated() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            evaluator.catchUp();
            if (jdbc.sql("select count(*) from monitoring_alert where rule_kind = ?").param(RuleKind.BREAK_GLASS.name())
                    .query(Long.class).single() > 0) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The sealer links new events every half second; the evaluation reads sealed events only. */
    private void awaitSealed() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (jdbc.sql("select count(*) from audit_event where seq is null").query(Long.class).single() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
