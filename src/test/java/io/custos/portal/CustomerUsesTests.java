package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditFacts;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.customer.CustomerOwnership;
import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerRegistration;
import io.custos.customer.CustomerSelfView;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.IssuedCredential;
import io.custos.identity.PartnerAccounts;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.sharing.PartnerContact;
import io.custos.sharing.PartnerForm;
import io.custos.sharing.PartnerRegister;
import io.custos.sharing.PartnerType;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Who used a customer's data and for what, as the customer reads it in the portal (R-CUS-1,
 * R-COL-5): the department (as it was at the time) and the purpose, in words, never the person's
 * name or login; only the customer's own uses; refusals and the customer's own looks are not uses.
 */
@IntegrationTest
class CustomerUsesTests {

    @Autowired CustomerUses uses;
    @Autowired AuditFacts facts;
    @Autowired CustomerSelfView selfView;
    @Autowired CustomerRegistration registration;
    @Autowired CustomerReading reading;
    @Autowired EmployeeManagement management;
    @Autowired Employees employees;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired PartnerRegister partners;
    @Autowired PartnerAccounts partnerAccounts;
    @Autowired AuditLog auditLog;
    @Autowired TransactionTemplate transactions;
    @Autowired CustomerOwnership ownership;

    String departmentName;
    CustosUser owner;
    UUID customer;
    UUID other;

    @BeforeEach
    void anOwnerInANamedDepartmentWithTwoCustomers() {
        departmentName = "Sales-" + UUID.randomUUID().toString().substring(0, 6);
        UUID department = accounts.customerDepartment(departmentName);
        owner = PortalDataFixture.staff(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        customer = PortalDataFixture.customer(registration, owner, "用途测试公司 " + UUID.randomUUID().toString().substring(0, 6));
        other = PortalDataFixture.customer(registration, owner, "别的公司 " + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    @DisplayName("R-CUS-1, R-COL-5: a view and a reveal show the department and the purpose in words, never the person")
    void departmentAndPurposeNeverTheName() {
        Gate.as(owner, () -> reading.view(customer, owner));
        clock.advance(Duration.ofSeconds(1));
        Gate.as(owner, () -> reading.reveal(customer, List.of("phone", "address"), "DELIVERY", owner));
        // A refusal used nothing, and the customer's own look is not a use by the company.
        clock.advance(Duration.ofSeconds(1));
        Gate.as(owner, () -> reading.reveal(customer, List.of("idNumber"), "DELIVERY", owner));
        PortalDataFixture.asCustomer(customer, () -> selfView.heldAbout(customer, Locale.ENGLISH));

        List<AuditFacts.Use> raw = facts.usesOf(customer, 50);
        assertThat(raw).extracting(AuditFacts.Use::action).containsOnly("customer.record.viewed",
                "customer.field.revealed");
        assertThat(raw).allSatisfy(u -> {
            assertThat(u.actorType()).isEqualTo(Actor.ActorType.EMPLOYEE);
            assertThat(u.actorId()).isEqualTo(owner.id());
        });
        assertThat(raw.get(0).purpose()).isEqualTo("DELIVERY");
        assertThat(raw.get(0).at()).isAfterOrEqualTo(raw.get(raw.size() - 1).at());

        List<CustomerUses.UseLine> lines = PortalDataFixture.asCustomer(customer, () -> uses.of(customer, Locale.ENGLISH));
        assertThat(lines).hasSize(2);
        CustomerUses.UseLine reveal = lines.get(0);
        assertThat(reveal.department()).isEqualTo(departmentName);
        assertThat(reveal.purpose()).isEqualTo("Delivery");
        assertThat(reveal.what()).contains("Phone", "Address", "in full");
        assertThat(lines.get(1).what()).isEqualTo("Looked at your record");
        assertThat(lines.get(1).department()).isEqualTo(departmentName);
        String everything = lines.toString();
        assertThat(everything).doesNotContain(owner.username(), owner.displayName(), owner.id().toString(),
                PortalDataFixture.PHONE, PortalDataFixture.PHONE_DIGITS, "青岛市");

        List<CustomerUses.UseLine> inChinese = PortalDataFixture.asCustomer(customer,
                () -> uses.of(customer, Locale.SIMPLIFIED_CHINESE));
        assertThat(inChinese.get(0).purpose()).isEqualTo("发货交付");
        assertThat(inChinese.get(0).what()).contains("电话", "地址");
    }

    @Test
    @DisplayName("R-CUS-1: a customer sees only the uses of their own data; staff and other customers get 404")
    void onlyTheCustomersOwnUses() {
        Gate.as(owner, () -> reading.reveal(other, List.of("phone"), "DELIVERY", owner));

        assertThat(PortalDataFixture.asCustomer(customer, () -> uses.of(customer, Locale.ENGLISH))).isEmpty();
        assertThat(PortalDataFixture.asCustomer(other, () -> uses.of(other, Locale.ENGLISH))).hasSize(1);
        PortalDataFixture.asCustomer(customer, () -> assertThatThrownBy(() -> uses.of(other, Locale.ENGLISH))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found"));
        assertThatThrownBy(() -> Gate.as(owner, () -> uses.of(other, Locale.ENGLISH)))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found");
    }

    @Test
    @DisplayName("R-CUS-1, R-COL-5: the department shown is the one the person belonged to when they used the data")
    void theDepartmentOfThatTime() {
        Gate.as(owner, () -> reading.reveal(customer, List.of("phone"), "SALES_FOLLOW_UP", owner));
        clock.advance(Duration.ofMinutes(5));
        String laterName = "Logistics-" + UUID.randomUUID().toString().substring(0, 6);
        UUID later = accounts.customerDepartment(laterName);
        TestAccounts.Account admin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        CustosUser adminUser = Gate.user(admin, Set.of(Role.SYSTEM_ADMIN));
        EmployeeView before = employees.byId(owner.id()).orElseThrow();
        Gate.as(adminUser, () -> management.update(owner.id(), new EmployeeManagement.EmployeeUpdate(
                before.displayName(), before.email(), later, before.position(), before.roles(), EmployeeStatus.ACTIVE),
                adminUser));
        accounts.approvePendingRoles(clock.instant(), owner.id());
        assertThat(employees.byId(owner.id()).orElseThrow().departmentId()).isEqualTo(later);

        List<CustomerUses.UseLine> lines = PortalDataFixture.asCustomer(customer, () -> uses.of(customer, Locale.ENGLISH));
        assertThat(lines).extracting(CustomerUses.UseLine::department).contains(departmentName)
                .doesNotContain(laterName);
    }

    @Test
    @DisplayName("R-CUS-1, R-COL-5: a partner user's use names the partner organisation; a handover names the department")
    void partnerOrganisationAndHandover() {
        TestAccounts.Account officerAccount = accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER));
        CustosUser officer = Gate.user(officerAccount, Set.of(Role.ADMIN_OFFICER));
        String partnerName = "Harbour Freight " + UUID.randomUUID().toString().substring(0, 6);
        UUID partner = Gate.as(officer, () -> partners.create(new PartnerForm(partnerName + " 中文", partnerName,
                PartnerType.values()[0], "CN", List.of(new PartnerContact("Ops", null, "ops@example.com")), null,
                java.time.LocalDate.now().plusYears(1),
                null, true), officer)).id();
        String login = "p" + UUID.randomUUID().toString().substring(0, 8);
        IssuedCredential user = Gate.as(officer, () -> partnerAccounts.create(partner,
                new PartnerAccounts.NewPartnerUser(login, "Partner Person " + login, null), officer));
        // As the log holds a partner user's reveal under a grant (the grant flow itself is the sharing tests').
        transactions.executeWithoutResult(t -> auditLog.record(AuditEvent.of(AuditCategory.DATA,
                "customer.field.revealed", AuditOutcome.ALLOWED).target("customer", customer)
                .actor(new Actor(Actor.ActorType.PARTNER, user.employeeId(), login)).purpose("DELIVERY")
                .detail("field", "address").detail("grant", UUID.randomUUID()).build()));
        clock.advance(Duration.ofSeconds(1));
        CustosUser colleague = PortalDataFixture.staff(accounts, documents, clock.instant(),
                employees.byId(owner.id()).orElseThrow().departmentId(), Role.EMPLOYEE);
        ownership.transfer(List.of(customer), owner.id(), colleague.id(), UUID.randomUUID(), owner.actor());

        clock.advance(Duration.ofSeconds(1));
        // What a handover completes by itself on the leaving date is a use too, by the company.
        ownership.transfer(List.of(customer), colleague.id(), owner.id(), UUID.randomUUID(),
                Actor.system("handover-leaving-date"));

        List<CustomerUses.UseLine> all = PortalDataFixture.asCustomer(customer, () -> uses.of(customer, Locale.ENGLISH));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).department()).isEqualTo("Our staff");
        assertThat(all.get(0).what()).isEqualTo("Handed your record over to a colleague who now looks after you");
        List<CustomerUses.UseLine> lines = all.subList(1, 3);
        assertThat(lines.get(0).what()).isEqualTo("Handed your record over to a colleague who now looks after you");
        assertThat(lines.get(0).department()).isEqualTo(departmentName);
        assertThat(lines.get(1).department()).isEqualTo(partnerName);
        assertThat(lines.get(1).what()).contains("Address", "sharing agreement");
        assertThat(PortalDataFixture.asCustomer(customer, () -> uses.of(customer, Locale.SIMPLIFIED_CHINESE)).get(2)
                .department()).isEqualTo(partnerName + " 中文");
        assertThat(lines.toString()).doesNotContain(login, "Partner Person", colleague.username(), owner.username());
    }
}
