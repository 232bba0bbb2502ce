package io.custos.casework;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.customer.CustomerRegistration;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.Actor;

/**
 * The demo's casework (profile {@code demo}, issue 19.8): a customer of Sales 1, owned by
 * zhang.wei, whose e-mail address on record is {@value #EMAIL} (the README names it, so anyone can
 * sign in to the portal as that customer), with an open complaint the customer filed in the portal
 * and a request for a copy that arrived by letter a month ago and is overdue. Made through the same
 * use cases as real cases, so the audit log reads as it would. Seeded once, into a fresh demo.
 */
@Component
@Profile("demo")
@Order(75)
class DemoCasework implements ApplicationRunner {

    static final String EMAIL = "portal.demo@example.com";
    static final String OWNER = "zhang.wei";
    private static final Logger log = LoggerFactory.getLogger(DemoCasework.class);

    private final CustomerRegistration registration;
    private final Cases cases;
    private final Employees employees;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoCasework(CustomerRegistration registration, Cases cases, Employees employees, JdbcClient jdbc,
            TransactionTemplate transaction) {
        this.registration = registration;
        this.cases = cases;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> owner = employees.byUsername(OWNER);
        if (owner.isEmpty() || jdbc.sql("select count(*) from casework_case").query(Long.class).single() > 0) {
            return;
        }
        CustosUser zhang = user(owner.get());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "示范门户贸易有限公司");
        fields.put("contactName", "周敏");
        fields.put("email", EMAIL);
        fields.put("phone", "138 0013 8000");
        fields.put("city", "宁波");
        fields.put("country", "中国");
        fields.put("industry", "纺织品");
        ConsentGrant consent = new ConsentGrant(1, Set.of("SALES_FOLLOW_UP", "DELIVERY", "AFTER_SALES"), false,
                true, Channel.PAPER_FORM);
        transaction.executeWithoutResult(status -> {
            UUID customer = as(zhang, () -> registration.create(
                    new CustomerRegistration.NewCustomer(null, fields, consent), zhang));
            Actor portal = new Actor(Actor.ActorType.CUSTOMER, customer, "customer:" + customer);
            // Signed in as the customer for the call, as the portal would be, so the hold's record names them too.
            var previous = SecurityContextHolder.getContext().getAuthentication();
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                    .authenticated((Actor.Source) () -> portal, null, List.of()));
            try {
                cases.file(customer, new NewCase(customer, CaseType.COMPLAINT, null, null,
                        "贵司销售人员在晚上十一点打电话推销，请停止。A salesperson called me at eleven at night to sell; please stop.",
                        null, null, null), portal);
            } finally {
                SecurityContextHolder.getContext().setAuthentication(previous);
            }
            as(zhang, () -> cases.enter(new NewCase(customer, CaseType.COPY, CaseChannel.LETTER,
                    cases.today().minusDays(30), "请提供贵司保存的我司全部信息的副本。Please send a copy of all you hold about us.",
                    null, null, null), zhang));
        });
        log.info("Demo casework seeded: a portal customer of {} with an open complaint and an overdue request", OWNER);
    }
}
