package io.custos.customer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;

/**
 * Demo profile: about 200 synthetic customers for the two sales departments, generated from a fixed
 * seed, so that lists, masks and searches have something to show. Seeded once, into an empty
 * registry, after the demo accounts. Every name, number and address is invented; the e-mail
 * domains are the reserved example domains.
 */
@Component
@Profile("demo")
@Order(20)
class DemoCustomers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomers.class);
    static final int COUNT = 200;
    static final List<String> OWNERS = List.of("zhang.wei", "liu.yang", "li.na", "huang.li");

    private static final String[] CITIES_ZH = {"上海", "青岛", "宁波", "广州", "深圳", "天津", "厦门", "大连", "苏州", "义乌"};
    private static final String[] WORDS_ZH = {"华信", "远航", "海通", "恒达", "瑞丰", "金桥", "东盛", "嘉禾", "宏图", "新源", "鼎泰", "合众"};
    private static final String[] TRADES_ZH = {"贸易", "进出口", "实业", "供应链", "国际物流", "纺织品"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英"};
    private static final String[] CITIES_EN = {"Hamburg", "Rotterdam", "Singapore", "Dubai", "Antwerp", "Busan", "Osaka",
            "Felixstowe", "Valencia", "Genoa"};
    private static final String[] WORDS_EN = {"Harbour", "Northwind", "Bluewater", "Crescent", "Meridian", "Summit",
            "Evergreen", "Lighthouse", "Silverline", "Keystone"};
    private static final String[] FIRST_EN = {"Anna", "Lukas", "Sofia", "Jan", "Mila", "Omar", "Hana", "Daniel", "Emma", "Kenji"};
    private static final String[] LAST_EN = {"Schmidt", "de Vries", "Tan", "Haddad", "Janssens", "Kim", "Sato", "Brown",
            "Garcia", "Rossi"};
    private static final String[] INDUSTRIES = {"进出口贸易", "Electronics", "纺织服装", "Machinery", "食品", "Chemicals",
            "家具", "Logistics"};
    private static final String[] NEEDS = {"季度采购钢材，关注交期", "Looking for LED suppliers for Q3", "需要冷链运输报价",
            "Wants FOB Ningbo prices for furniture", "关注环保认证与检测报告"};

    private final Employees employees;
    private final CustomerRepository customers;
    private final FieldCatalog catalog;
    private final ValueStore values;
    private final DataKeys dataKeys;
    private final CustomerAudit audit;
    private final ConsentLedger consents;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoCustomers(Employees employees, CustomerRepository customers, FieldCatalog catalog, ValueStore values,
            DataKeys dataKeys, CustomerAudit audit, ConsentLedger consents, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        this.consents = consents;
        this.employees = employees;
        this.customers = customers;
        this.catalog = catalog;
        this.values = values;
        this.dataKeys = dataKeys;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("select count(*) from customer").query(Long.class).single() > 0) {
            return;
        }
        List<EmployeeView> owners = new ArrayList<>();
        for (String username : OWNERS) {
            employees.byUsername(username).ifPresent(owners::add);
        }
        if (owners.isEmpty()) {
            return;
        }
        Random random = new Random(2026);
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        catalog.fields().forEach(f -> fields.put(f.key(), f));
        Actor seeder = Actor.system("demo-seed");
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < COUNT; i++) {
                EmployeeView owner = owners.get(i % owners.size());
                UUID id = UUID.randomUUID();
                customers.insert(id, owner.id(), owner.departmentId(), owner.id(), clock.instant(), null, null);
                dataKeys.create(id);
                Map<String, String> customer = customer(random, i);
                customer.forEach((key, value) -> values.put(id, fields.get(key), value));
                audit.customerBy(seeder, "customer.record.created", id, Map.of("fields",
                        customer.keySet().stream().sorted().toList(), "owner", owner.id()));
                consents.grant(id, consentFor(customer, i % 3 != 1));
            }
        });
        log.info("Demo: created {} synthetic customers for {}", COUNT, OWNERS);
    }

    static Map<String, String> customer(Random random, int i) {
        Map<String, String> c = new LinkedHashMap<>();
        boolean chinese = i % 3 != 2;
        if (chinese) {
            String city = pick(random, CITIES_ZH);
            c.put("companyName", city + pick(random, WORDS_ZH) + pick(random, TRADES_ZH) + "有限公司");
            c.put("city", city);
            c.put("country", "中国");
            c.put("contactName", pick(random, SURNAMES) + pick(random, GIVEN));
            c.put("email", "contact" + (1000 + i) + "@example.cn");
            c.put("address", city + "市" + pick(random, WORDS_ZH) + "路 " + (1 + random.nextInt(300)) + " 号");
        } else {
            String city = pick(random, CITIES_EN);
            c.put("companyName", pick(random, WORDS_EN) + " Trading " + city + " Ltd.");
            c.put("city", city);
            c.put("country", "International");
            String first = pick(random, FIRST_EN);
            c.put("contactName", first + " " + pick(random, LAST_EN));
            c.put("email", first.toLowerCase() + "." + (1000 + i) + "@example.com");
            c.put("address", (1 + random.nextInt(200)) + " " + pick(random, WORDS_EN) + " Street, " + city);
        }
        c.put("industry", pick(random, INDUSTRIES));
        c.put("jobTitle", chinese ? "采购经理" : "Purchasing manager");
        c.put("businessNeeds", pick(random, NEEDS));
        c.put("tags", i % 5 == 0 ? "VIP" : "regular");
        c.put("phone", String.format("1%d%d %04d %04d", 3 + random.nextInt(7), random.nextInt(10), random.nextInt(10000),
                random.nextInt(10000)));
        if (i % 4 == 0) {
            c.put("transactionNotes", "2026 Q" + (1 + random.nextInt(4)) + ": " + (10 + random.nextInt(90)) + " 吨");
        }
        if (i % 10 == 0) {
            c.put("pricingStrategy", "阶梯报价，年度框架协议优惠 " + (2 + random.nextInt(6)) + "%");
        }
        return c;
    }

    /**
     * Purposes that cover the invented fields; the sensitive consent only where an L4 field was filled;
     * two customers in three also agree to their data going to third parties (forwarders, banks), so
     * the demo sharing with a partner has customers to include and customers it must leave out.
     */
    static ConsentGrant consentFor(Map<String, String> customer, boolean thirdParty) {
        // The notice tells customers the administration department inspects records (INSPECTION).
        Set<String> purposes = new java.util.TreeSet<>(Set.of("SALES_FOLLOW_UP", "DELIVERY", "AFTER_SALES",
                "INSPECTION"));
        boolean sensitive = customer.containsKey("pricingStrategy");
        if (sensitive || customer.containsKey("transactionNotes")) {
            purposes.add("CONTRACT");
        }
        return new ConsentGrant(1, purposes, sensitive, thirdParty, Channel.PAPER_FORM);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
