package io.custos.whistleblowing;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

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

/**
 * The demo's whistleblowing (profile {@code demo}, issue 20.5): one open report whose follow-up code
 * is fixed and printed ({@value #CODE}, the README names it, so anyone can follow it up on the
 * public page), with an answer by wang.fang. A real report's code is random and shown only once.
 * Seeded once, into a demo without reports.
 */
@Component
@Profile("demo")
@Order(80)
class DemoWhistleblowing implements ApplicationRunner {

    static final String CODE = "WB7K-3MQ9-TX4H-PD2W-RC8N";
    static final String HANDLER = "wang.fang";
    private static final Logger log = LoggerFactory.getLogger(DemoWhistleblowing.class);

    private final Whistleblowing reports;
    private final Employees employees;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoWhistleblowing(Whistleblowing reports, Employees employees, JdbcClient jdbc, TransactionTemplate transaction) {
        this.reports = reports;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> handler = employees.byUsername(HANDLER);
        if (handler.isEmpty() || jdbc.sql("select count(*) from whistle_report").query(Long.class).single() > 0) {
            return;
        }
        var wang = user(handler.get());
        transaction.executeWithoutResult(status -> {
            reports.create(CODE, "销售二部有同事把客户名单拍照后用私人微信发给外部人员，时间大约是上周五下午。", false);
            var id = jdbc.sql("select id from whistle_report").query(java.util.UUID.class).single();
            as(wang, () -> reports.answer(id, "感谢您的举报，我们已开始调查，请在两周后凭查询码查看进展。", wang));
        });
        log.info("Demo whistleblowing seeded: one open report answered by {}, follow-up code {}", HANDLER, CODE);
    }
}
