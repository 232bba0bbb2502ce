package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.custos.customer.CustomerRegistration;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.sharing.RecipientType;
import io.custos.sharing.SharingRequest;
import io.custos.sharing.SharingRequests;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * With whom a customer's data was shared, as the customer reads it (R-CUS-1, PIPL art. 23): the
 * receiving department by name, the purpose in words, the period in the company's dates; nothing of
 * who asked or why; only the customer's own.
 */
@IntegrationTest
class CustomerRecipientsTests {

    @Autowired CustomerRecipients recipients;
    @Autowired SharingRequests requests;
    @Autowired CustomerRegistration registration;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired Times times;

    CustosUser owner;
    CustosUser head;
    String logisticsName;
    UUID logistics;
    UUID customer;
    UUID other;

    @BeforeEach
    void twoDepartmentsAndTwoCustomers() {
        UUID sales = accounts.customerDepartment("S" + UUID.randomUUID().toString().substring(0, 6));
        logisticsName = "Logistics-" + UUID.randomUUID().toString().substring(0, 6);
        logistics = accounts.customerDepartment(logisticsName);
        owner = PortalDataFixture.staff(accounts, documents, clock.instant(), sales, Role.EMPLOYEE);
        head = PortalDataFixture.staff(accounts, documents, clock.instant(), sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        customer = PortalDataFixture.customer(registration, owner, "接收方测试 " + UUID.randomUUID().toString().substring(0, 6));
        other = PortalDataFixture.customer(registration, owner, "未共享公司 " + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    @DisplayName("R-CUS-1: after a grant the customer sees the receiving department, the purpose and the period; nothing of who asked")
    void recipientAfterAGrant() {
        assertThat(PortalDataFixture.asCustomer(customer, () -> recipients.of(customer, Locale.ENGLISH))).isEmpty();
        Instant until = clock.instant().plus(Duration.ofDays(30));
        String justification = "Logistics arranges the deliveries of these orders this month.";
        SharingRequest submitted = Gate.as(owner, () -> requests.submit(new SharingRequests.NewRequest(
                RecipientType.DEPARTMENT, logistics, "DELIVERY", List.of(customer), null, null,
                List.of("contactName", "phone", "address"), null, until, justification), owner));
        SharingRequest approved = Gate.as(head, () -> requests.decide(submitted.id(), SharingRequests.Decision.APPROVE,
                null, head));
        assertThat(approved.grantId()).isNotNull();

        List<CustomerRecipients.Recipient> list = PortalDataFixture.asCustomer(customer,
                () -> recipients.of(customer, Locale.ENGLISH));
        assertThat(list).hasSize(1);
        CustomerRecipients.Recipient recipient = list.get(0);
        assertThat(recipient.name()).isEqualTo(logisticsName);
        assertThat(recipient.kind()).isEqualTo("Department of the company");
        assertThat(recipient.purpose()).isEqualTo("Delivery");
        assertThat(recipient.from()).isEqualTo(LocalDate.ofInstant(submitted.from(), times.companyZone()));
        assertThat(recipient.until()).isEqualTo(LocalDate.ofInstant(until.minusNanos(1), times.companyZone()));
        assertThat(list.toString()).doesNotContain(owner.username(), head.username(), "deliveries of these orders");

        assertThat(PortalDataFixture.asCustomer(customer, () -> recipients.of(customer, Locale.SIMPLIFIED_CHINESE)).get(0)
                .purpose()).isEqualTo("发货交付");
        // The customer left out of the grant has no recipient; nobody else may ask.
        assertThat(PortalDataFixture.asCustomer(other, () -> recipients.of(other, Locale.ENGLISH))).isEmpty();
        PortalDataFixture.asCustomer(other, () -> assertThatThrownBy(() -> recipients.of(customer, Locale.ENGLISH))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found"));
        assertThatThrownBy(() -> Gate.as(owner, () -> recipients.of(customer, Locale.ENGLISH)))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found");
    }
}
