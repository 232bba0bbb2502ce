package io.custos.sharing;

import static io.custos.identity.SeedingAs.as;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.lowagie.text.Document;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.IssuedCredential;
import io.custos.identity.DemoPasswords;
import io.custos.identity.PartnerAccounts;
import io.custos.identity.Role;

/**
 * The demo partner (profile {@code demo}, issue 15.8): the forwarder 东方海运 Oceanic Freight, managed
 * by wang.fang, with an NDA on file (a small real PDF) in force for a year, and its user
 * {@code ocean.agent} (password {@code Demo#2026} like every demo account) who has accepted it. Made
 * through the same use cases the administration officer and the agent use, so it is audited like
 * theirs; only into a database that has the demo company and no partner yet.
 */
@Component
@Profile("demo")
@Order(40)
class DemoPartners implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPartners.class);
    static final String AGENT = "ocean.agent";
    static final String PASSWORD = "Demo#2026";

    private final PartnerRepository partners;
    private final PartnerRegister register;
    private final Ndas ndas;
    private final PartnerAccounts accounts;
    private final DemoPasswords demoPasswords;
    private final Employees employees;
    private final TransactionTemplate transaction;

    DemoPartners(PartnerRepository partners, PartnerRegister register, Ndas ndas, PartnerAccounts accounts,
            DemoPasswords demoPasswords, Employees employees, TransactionTemplate transaction) {
        this.partners = partners;
        this.register = register;
        this.ndas = ndas;
        this.accounts = accounts;
        this.demoPasswords = demoPasswords;
        this.employees = employees;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> officer = employees.byUsername("wang.fang");
        if (officer.isEmpty() || partners.count() > 0 || employees.byUsername(AGENT).isPresent()) {
            return;
        }
        CustosUser wang = new CustosUser(officer.get().id(), officer.get().username(), officer.get().displayName(),
                officer.get().departmentId(), officer.get().roles(), EmployeeStatus.ACTIVE);
        transaction.executeWithoutResult(status -> {
            PartnerDetails partner = as(wang, () -> register.create(new PartnerForm("东方海运", "Oceanic Freight",
                    PartnerType.FREIGHT_FORWARDER, "CN", List.of(new PartnerContact("林海 Lin Hai", "+86 21 5555 0188",
                            "operations@oceanic-freight.example")),
                    "Receives delivery contacts and addresses of Sales 1 customers for shipments.",
                    register.today().plusMonths(11), wang.id(), true), wang));
            LocalDate today = register.today();
            NdaView nda = as(wang, () -> ndas.file(new Recipient(RecipientType.PARTNER, partner.id()),
                    new NewNda("2026-1", "林海 Lin Hai", today, today.plusYears(1)), "oceanic-freight-nda.pdf",
                    "application/pdf", agreementPdf(), wang));
            IssuedCredential credential = as(wang, () -> accounts.create(partner.id(),
                    new PartnerAccounts.NewPartnerUser(AGENT, "海洋代理 Ocean Agent", "agent@oceanic-freight.example"),
                    wang));
            CustosUser agent = new CustosUser(credential.employeeId(), AGENT, "海洋代理 Ocean Agent", null,
                    Set.of(Role.PARTNER), EmployeeStatus.ACTIVE, partner.id());
            demoPasswords.publish(credential.employeeId());
            as(agent, () -> ndas.accept(nda.id(), agent));
        });
        log.info("Demo partner seeded: Oceanic Freight with an NDA in force and its user {}", AGENT);
    }

    /** A one-page PDF standing in for the scanned, signed agreement. */
    static byte[] agreementPdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document();
        PdfWriter.getInstance(document, out);
        document.open();
        document.add(new Paragraph("Confidentiality agreement between the company and Oceanic Freight"));
        document.add(new Paragraph("Version 2026-1. Demo document: not a real agreement."));
        document.close();
        return out.toByteArray();
    }
}
