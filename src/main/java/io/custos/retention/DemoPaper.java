package io.custos.retention;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;

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
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * The demo paper register (profile {@code demo}, issue 16.6): liu.yang of Sales 1 keeps four paper
 * documents about the department's customers. The trade-fair business cards were ordered for
 * shredding, approved by zhang.wei (head) and wang.fang (administration), shredded before wang.fang
 * with a photograph, and certified; the registration forms wait for zhang.wei's approval; the printed
 * customer list is taken out by zhang.wei. Made through the same use cases people use, so it is
 * audited like theirs. Customers under a legal hold are left out.
 */
@Component
@Profile("demo")
@Order(60)
class DemoPaper implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPaper.class);

    private final PaperRecords records;
    private final PaperDestructions destructions;
    private final Employees employees;
    private final CustomerSelection selection;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final PaperRules rules;

    DemoPaper(PaperRecords records, PaperDestructions destructions, Employees employees, CustomerSelection selection,
            JdbcClient jdbc, TransactionTemplate transaction, Clock clock, PaperRules rules) {
        this.records = records;
        this.destructions = destructions;
        this.employees = employees;
        this.selection = selection;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.rules = rules;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> keeper = employees.byUsername("liu.yang");
        Optional<EmployeeView> head = employees.byUsername("zhang.wei");
        Optional<EmployeeView> officer = employees.byUsername("wang.fang");
        if (keeper.isEmpty() || head.isEmpty() || officer.isEmpty() || keeper.get().departmentId() == null
                || jdbc.sql("select count(*) from paper_record").query(Long.class).single() > 0) {
            return;
        }
        List<UUID> customers = new ArrayList<>(selection.ofDepartment(keeper.get().departmentId(),
                keeper.get().id(), null, 40));
        List<UUID> held = jdbc.sql("select customer_id from legal_hold where released_at is null").query(UUID.class)
                .list();
        customers.removeAll(held);
        customers.removeAll(selection.notLive(customers));
        if (customers.size() < 12) {
            return;
        }
        CustosUser liu = user(keeper.get());
        CustosUser zhang = user(head.get());
        CustosUser wang = user(officer.get());
        LocalDate today = rules.today();
        transaction.executeWithoutResult(status -> {
            as(liu, () -> records.register(new PaperRecords.NewRecord(PaperType.CONTRACT, "2023 年度框架合同 Framework contracts 2023",
                    "签字原件 Signed originals", "销售一部档案柜 A-2 Sales 1 cabinet A-2", liu.id(),
                    customers.subList(0, 3)), liu));
            UUID forms = as(liu, () -> records.register(new PaperRecords.NewRecord(PaperType.FORM,
                    "客户登记表 Customer registration forms", null, "销售一部档案柜 A-3 Sales 1 cabinet A-3", liu.id(),
                    customers.subList(3, 6)), liu));
            UUID list = as(liu, () -> records.register(new PaperRecords.NewRecord(PaperType.PRINTOUT,
                    "客户名单打印件 Printed customer list", null, "销售一部抽屉 Sales 1 drawer", liu.id(),
                    customers.subList(6, 9)), liu));
            UUID cards = as(liu, () -> records.register(new PaperRecords.NewRecord(PaperType.BUSINESS_CARD,
                    "2022 年展会名片 Trade fair business cards 2022", null, "销售一部档案柜 A-1 Sales 1 cabinet A-1",
                    liu.id(), customers.subList(9, 12)), liu));
            as(liu, () -> {
                records.checkOut(list, zhang.id(), "季度客户拜访 Quarterly customer visits", today.plusDays(7), liu);
                return null;
            });
            as(liu, () -> destructions.order(new PaperDestructions.NewOrder(List.of(forms), PaperMethod.SHREDDING, null,
                    wang.id(), today.plusDays(14), "已录入系统，纸质表格不再需要。Entered into Custos; the paper forms "
                            + "are no longer needed."), liu));
            UUID done = as(liu, () -> destructions.order(new PaperDestructions.NewOrder(List.of(cards),
                    PaperMethod.SHREDDING, null, wang.id(), today, "名片已超过保存期限。The business cards are past "
                            + "their retention period."), liu));
            as(zhang, () -> destructions.approve(done, zhang));
            as(wang, () -> destructions.approve(done, wang));
            as(liu, () -> destructions.addPhoto(done, photo(), liu));
            as(liu, () -> destructions.execute(done, clock.instant(), wang.id(), liu));
        });
        log.info("Demo paper register seeded: 4 documents of Sales 1, one destroyed and certified");
    }

    /** A plain grey picture standing for the photograph of the shredded cards. */
    private static byte[] photo() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
