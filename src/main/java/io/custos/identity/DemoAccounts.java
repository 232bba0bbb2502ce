package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo company (profile {@code demo}), seeded once into an empty database; later starts find
 * people already there and leave everything alone. Every account's password is {@code Demo#2026};
 * the privileged accounts have fixed TOTP secrets, published in the README: demo only.
 */
@Component
@Profile("demo")
@Order(10)
class DemoAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);
    static final String PASSWORD = "Demo#2026";

    record Department(String code, String nameZh, String nameEn, @Nullable String head, boolean handlesCustomerData) {
    }

    record Person(String username, String displayName, String department, String position, Set<Role> roles,
            @Nullable String totpSecret) {
    }

    static final List<Department> DEPARTMENTS = List.of(
            new Department("SALES1", "销售一部", "Sales 1", "zhang.wei", true),
            new Department("SALES2", "销售二部", "Sales 2", "li.na", true),
            new Department("ADMIN", "行政部", "Administration", "wang.fang", true),
            new Department("IT", "信息技术部", "IT", "zhao.lei", false),
            new Department("AUDIT", "内审部", "Internal audit", "zhou.min", false),
            new Department("MGMT", "管理层", "Management", "chen.jie", true));

    static final List<Person> PEOPLE = List.of(
            new Person("zhang.wei", "张伟", "SALES1", "销售经理 Sales manager", EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD), null),
            new Person("liu.yang", "刘洋", "SALES1", "销售代表 Sales representative", EnumSet.of(Role.EMPLOYEE), null),
            new Person("li.na", "李娜", "SALES2", "销售经理 Sales manager", EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD), null),
            new Person("huang.li", "黄丽", "SALES2", "销售代表 Sales representative", EnumSet.of(Role.EMPLOYEE), null),
            new Person("wang.fang", "王芳", "ADMIN", "行政主管 Administration officer", EnumSet.of(Role.ADMIN_OFFICER), null),
            new Person("zhao.lei", "赵磊", "IT", "安全管理员 Security administrator", EnumSet.of(Role.SECURITY_ADMIN),
                    "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"),
            new Person("sun.hao", "孙浩", "IT", "系统管理员 System administrator", EnumSet.of(Role.SYSTEM_ADMIN),
                    "ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S"),
            new Person("zhou.min", "周敏", "AUDIT", "审计员 Auditor", EnumSet.of(Role.AUDITOR),
                    "MF2WI2LUN5ZCAZDFNVXSA43FMNZGK5BA"),
            new Person("chen.jie", "陈杰", "MGMT", "总经理 General manager", EnumSet.of(Role.MANAGEMENT),
                    "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S"));

    private final EmployeeRepository employees;
    private final DepartmentRepository departments;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;
    private final SecondFactorSecrets secrets;
    private final Clock clock;

    DemoAccounts(EmployeeRepository employees, DepartmentRepository departments, PasswordEncoder passwords,
            TransactionTemplate transactions, SecondFactorSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.employees = employees;
        this.departments = departments;
        this.passwords = passwords;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Boolean seeded = transactions.execute(status -> seedIfEmpty());
        if (Boolean.TRUE.equals(seeded)) {
            log.info("Demo company seeded: {} departments, {} accounts", DEPARTMENTS.size(), PEOPLE.size());
        } else {
            log.info("The database already has accounts; demo company not seeded (it is seeded only into an empty database)");
        }
    }

    boolean seedIfEmpty() {
        if (employees.count() > 0) {
            return false;
        }
        Instant now = clock.instant();
        String hash = passwords.encode(PASSWORD);
        Map<String, UUID> departmentIds = new HashMap<>();
        for (Department d : DEPARTMENTS) {
            UUID id = UUID.randomUUID();
            departments.insert(id, d.code(), d.nameZh(), d.nameEn(), d.handlesCustomerData(), now);
            departmentIds.put(d.code(), id);
        }
        Map<String, UUID> personIds = new HashMap<>();
        for (Person p : PEOPLE) {
            UUID id = UUID.randomUUID();
            employees.insert(id, p.username(), p.displayName(), p.username() + "@demo.custos.local",
                    departmentIds.get(p.department()), p.position(), EmployeeStatus.ACTIVE, hash, false, now);
            employees.replaceRoles(id, p.roles());
            if (p.totpSecret() != null) {
                secrets.storePending(id, p.totpSecret());
                employees.enableSecondFactor(id, 0);
            }
            personIds.put(p.username(), id);
        }
        for (Department d : DEPARTMENTS) {
            departments.update(departmentIds.get(d.code()), d.nameZh(), d.nameEn(),
                    d.head() == null ? null : personIds.get(d.head()));
        }
        return true;
    }
}
