package io.custos.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.shared.Actor;
import io.custos.support.MutableClock;

/**
 * Four events of one test's own, a minute apart, recorded the way a module records them: an action
 * root, actors and targets nobody else uses, so searches in the shared database find exactly these.
 * <ol>
 * <li>SECURITY {@code <root>.sign-in.succeeded} ALLOWED by alice, target employee one</li>
 * <li>ADMINISTRATION {@code <root>.employee.updated} ALLOWED by alice, target employee two</li>
 * <li>DATA {@code <root>.customer.viewed} DENIED by bob, target the customer</li>
 * <li>DATA {@code <root>.customer.exported} FAILED by bob, target the customer</li>
 * </ol>
 */
final class SeededEvents {

    final String root = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Actor alice = new Actor(Actor.ActorType.EMPLOYEE, UUID.randomUUID(), "Alice-" + root);
    final Actor bob = new Actor(Actor.ActorType.EMPLOYEE, UUID.randomUUID(), "bob." + root);
    final UUID employeeOne = UUID.randomUUID();
    final UUID employeeTwo = UUID.randomUUID();
    final String customer = "cust-" + root;
    /** When each event happened, in recording order. */
    final List<Instant> times = new ArrayList<>();
    private final AuditLog log;
    private final TransactionTemplate transaction;
    private final MutableClock clock;

    SeededEvents(ApplicationContext context) {
        this.log = context.getBean(AuditLog.class);
        this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        this.clock = context.getBean(MutableClock.class);
        record(AuditEvent.of(AuditCategory.SECURITY, root + ".sign-in.succeeded", AuditOutcome.ALLOWED).actor(alice)
                .target("employee", employeeOne).detail("method", "password").build());
        record(AuditEvent.of(AuditCategory.ADMINISTRATION, root + ".employee.updated", AuditOutcome.ALLOWED)
                .actor(alice).target("employee", employeeTwo).detail("fields", List.of("roles", "status")).build());
        record(AuditEvent.of(AuditCategory.DATA, root + ".customer.viewed", AuditOutcome.DENIED).actor(bob)
                .target("customer", customer).purpose("SALES_FOLLOW_UP").detail("reason", "no-consent").build());
        record(AuditEvent.of(AuditCategory.DATA, root + ".customer.exported", AuditOutcome.FAILED).actor(bob)
                .target("customer", customer).purpose("SALES_FOLLOW_UP").detail("rows", 12).build());
    }

    String action(int event) {
        return switch (event) {
            case 1 -> root + ".sign-in.succeeded";
            case 2 -> root + ".employee.updated";
            case 3 -> root + ".customer.viewed";
            case 4 -> root + ".customer.exported";
            default -> throw new IllegalArgumentException("events are numbered 1 to 4");
        };
    }

    Instant at(int event) {
        return times.get(event - 1);
    }

    void record(AuditEvent event) {
        times.add(clock.instant().truncatedTo(ChronoUnit.MICROS));
        transaction.executeWithoutResult(status -> log.record(event));
        clock.advance(Duration.ofMinutes(1));
    }
}
