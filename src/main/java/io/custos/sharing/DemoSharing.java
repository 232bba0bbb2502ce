package io.custos.sharing;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.Duration;
import java.util.ArrayList;
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

import io.custos.customer.CustomerSelection;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * The demo grant (profile {@code demo}, issue 15.8): liu.yang of Sales 1 asks to share 22 of the
 * department's customers' delivery contacts (contact name, phone, address) with Oceanic Freight for
 * deliveries, for 90 days; zhang.wei approves as head, wang.fang for the administration department;
 * the 20 customers who agreed to third-party sharing are in the grant, the others are listed as left
 * out. Made through the same use cases people use, so it is audited like theirs.
 */
@Component
@Profile("demo")
@Order(50)
class DemoSharing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSharing.class);
    static final String PARTNER = "Oceanic Freight";
    private static final int SHARED = 20;

    private final SharingRequests requests;
    private final Partners partners;
    private final Employees employees;
    private final CustomerSelection selection;
    private final io.custos.consent.ConsentLedger consents;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final java.time.Clock clock;

    DemoSharing(SharingRequests requests, Partners partners, Employees employees, CustomerSelection selection,
            io.custos.consent.ConsentLedger consents, JdbcClient jdbc, TransactionTemplate transaction,
            java.time.Clock clock) {
        this.requests = requests;
        this.partners = partners;
        this.employees = employees;
        this.selection = selection;
        this.consents = consents;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<PartnerSummary> oceanic = partners.active().stream().filter(p -> PARTNER.equals(p.nameEn())).findFirst();
        Optional<EmployeeView> requester = employees.byUsername("liu.yang");
        Optional<EmployeeView> head = employees.byUsername("zhang.wei");
        Optional<EmployeeView> officer = employees.byUsername("wang.fang");
        if (oceanic.isEmpty() || requester.isEmpty() || head.isEmpty() || officer.isEmpty()
                || requester.get().departmentId() == null
                || jdbc.sql("select count(*) from sharing_request").query(Long.class).single() > 0) {
            return;
        }
        List<UUID> consenting = new ArrayList<>();
        List<UUID> notConsenting = new ArrayList<>();
        for (UUID id : selection.ofDepartment(requester.get().departmentId(), null, null, 500)) {
            boolean thirdParty = consents.state(id).map(c -> c.thirdPartyConsent() && c.consentedTo("DELIVERY"))
                    .orElse(false);
            (thirdParty ? consenting : notConsenting).add(id);
        }
        if (consenting.size() < SHARED) {
            return;
        }
        List<UUID> chosen = new ArrayList<>(consenting.subList(0, SHARED));
        chosen.addAll(notConsenting.stream().limit(2).toList());
        transaction.executeWithoutResult(status -> {
            SharingRequest request = as(user(requester.get()), () -> requests.submit(new SharingRequests.NewRequest(
                    RecipientType.PARTNER, oceanic.get().id(), "DELIVERY", chosen, null, null,
                    List.of("contactName", "phone", "address"), null, clock.instant().plus(Duration.ofDays(90)),
                    "东方海运负责本季度销售一部订单的送货，需要收货联系人、电话和地址。Oceanic Freight delivers "
                            + "Sales 1 orders this quarter and needs the consignee's contact, phone and address."),
                    user(requester.get())));
            as(user(head.get()), () -> requests.decide(request.id(), SharingRequests.Decision.APPROVE, null,
                    user(head.get())));
            as(user(officer.get()), () -> requests.decide(request.id(), SharingRequests.Decision.APPROVE, null,
                    user(officer.get())));
        });
        log.info("Demo sharing seeded: {} Sales 1 customers shared with {}", SHARED, PARTNER);
    }
}
