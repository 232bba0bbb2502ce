package io.custos.handover;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.web.TimeProperties;

/**
 * The demo handover (profile {@code demo}, issue 18.7): huang.li of Sales 2 has resigned and
 * leaves in two weeks; sun.hao, the system administrator, put her on notice, so her handover is
 * open with her customers listed for li.na, the head of Sales 2, to hand over. Made through the same
 * use case an administrator uses, so it is audited like theirs. Seeded once, into a fresh demo.
 */
@Component
@Profile("demo")
@Order(70)
class DemoHandover implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoHandover.class);
    static final String LEAVER = "huang.li";
    static final int NOTICE_DAYS = 14;

    private final EmployeeManagement management;
    private final Employees employees;
    private final HandoverRepository cases;
    private final TransactionTemplate transaction;
    private final TimeProperties time;
    private final Clock clock;

    DemoHandover(EmployeeManagement management, Employees employees, HandoverRepository cases,
            TransactionTemplate transaction, TimeProperties time, Clock clock) {
        this.management = management;
        this.employees = employees;
        this.cases = cases;
        this.transaction = transaction;
        this.time = time;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> leaver = employees.byUsername(LEAVER);
        Optional<EmployeeView> admin = employees.byUsername("sun.hao");
        if (leaver.isEmpty() || admin.isEmpty() || leaver.get().status() != EmployeeStatus.ACTIVE
                || !cases.ofEmployee(leaver.get().id()).isEmpty()) {
            return;
        }
        EmployeeView l = leaver.get();
        LocalDate leavesOn = LocalDate.ofInstant(clock.instant(), time.zone()).plusDays(NOTICE_DAYS);
        CustosUser by = user(admin.get());
        transaction.executeWithoutResult(status -> as(by, () -> management.update(l.id(),
                new EmployeeManagement.EmployeeUpdate(l.displayName(), l.email(), l.departmentId(), l.position(),
                        l.roles(), EmployeeStatus.ON_NOTICE, "辞职，两周后离职。Resigned; leaves in two weeks.",
                        leavesOn), by)));
        log.info("Demo handover seeded: {} on notice until {}", LEAVER, leavesOn);
    }
}
