package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.portal.PortalDataFixture;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * What a customer sees of their own record in the portal (R-CUS-1, R-COL-5): everything held, L1-L3
 * in clear, L4 masked as staff pages mask it, recorded with the customer as the actor; never another
 * customer's data, and never for a caller who is not that customer signed in (a member of staff
 * cannot use it to get round the access policy).
 */
@IntegrationTest
class CustomerSelfViewTests {

    @Autowired CustomerSelfView selfView;
    @Autowired CustomerRegistration registration;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired DataKeys dataKeys;

    CustosUser owner;
    UUID customer;
    UUID other;

    @BeforeEach
    void aCustomerWithAValueAtEveryLevel() {
        UUID department = accounts.customerDepartment("P" + UUID.randomUUID().toString().substring(0, 6));
        owner = PortalDataFixture.staff(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        customer = PortalDataFixture.customer(registration, owner, "自助查看公司 " + UUID.randomUUID().toString().substring(0, 6));
        other = PortalDataFixture.customer(registration, owner, "别家公司 " + UUID.randomUUID().toString().substring(0, 6));
        // The other customer's values differ, so a leak would show.
        jdbc.sql("update customer_value set plain_value = ?, search_value = ? where customer_id = ? and field_key = 'contactName'")
                .params("钱多多", "钱多多", other).update();
    }

    @Test
    @DisplayName("R-CUS-1: the customer sees every field held, L1-L3 in clear and L4 masked like staff pages, in catalog order")
    void showsL1ToL3InClearAndL4Masked() {
        List<CustomerSelfView.HeldField> held = PortalDataFixture.asCustomer(customer,
                () -> selfView.heldAbout(customer, Locale.ENGLISH));

        assertThat(held).extracting(CustomerSelfView.HeldField::key).containsExactly("companyName", "city",
                "contactName", "phone", "email", "address", "idNumber", "bankAccount");
        Map<String, CustomerSelfView.HeldField> byKey = new java.util.HashMap<>();
        held.forEach(f -> byKey.put(f.key(), f));
        assertThat(byKey.get("contactName").shown()).isEqualTo(PortalDataFixture.CONTACT);
        assertThat(byKey.get("contactName").level()).isEqualTo(Sensitivity.L2);
        assertThat(byKey.get("phone").shown()).isEqualTo(PortalDataFixture.PHONE);
        assertThat(byKey.get("phone").masked()).isFalse();
        assertThat(byKey.get("phone").label()).isEqualTo("Phone");
        assertThat(byKey.get("email").shown()).isEqualTo(PortalDataFixture.EMAIL);
        assertThat(byKey.get("idNumber").masked()).isTrue();
        assertThat(byKey.get("idNumber").shown()).isEqualTo("**************9876")
                .isEqualTo(FieldKind.ID_NUMBER.mask(PortalDataFixture.ID_NUMBER));
        assertThat(byKey.get("bankAccount").shown()).isEqualTo(FieldKind.ACCOUNT_NUMBER.mask(PortalDataFixture.BANK_ACCOUNT))
                .doesNotContain("8877");
        assertThat(held.toString()).doesNotContain(PortalDataFixture.PHONE_DIGITS, "8765");

        List<CustomerSelfView.HeldField> inChinese = PortalDataFixture.asCustomer(customer,
                () -> selfView.heldAbout(customer, Locale.SIMPLIFIED_CHINESE));
        assertThat(inChinese.get(3).label()).isEqualTo("电话");
    }

    @Test
    @DisplayName("R-CUS-1, R-AUD-1: each look is recorded as customer.self.viewed, the customer the actor, ids and a count only")
    void recordedWithTheCustomerAsActor() {
        List<CustomerSelfView.HeldField> held = PortalDataFixture.asCustomer(customer,
                () -> selfView.heldAbout(customer, Locale.ENGLISH));

        Map<String, Object> event = jdbc.sql("select actor_type, actor_id, actor_name, details from audit_event "
                + "where action = 'customer.self.viewed' and target_type = 'customer' and target_id = ?")
                .param(customer.toString()).query().singleRow();
        assertThat(event.get("actor_type")).isEqualTo("CUSTOMER");
        assertThat(event.get("actor_id").toString()).isEqualTo(customer.toString());
        assertThat((String) event.get("details")).contains("\"customer\":\"" + customer + "\"")
                .contains("\"fields\":" + held.size())
                .doesNotContain(PortalDataFixture.PHONE_DIGITS, "8765", PortalDataFixture.CONTACT, "example-portal", "自助");
    }

    @Test
    @DisplayName("R-CUS-1: a customer never sees another customer's data, by asking for the other's id or otherwise")
    void anotherCustomersDataNeverAppears() {
        List<CustomerSelfView.HeldField> own = PortalDataFixture.asCustomer(customer,
                () -> selfView.heldAbout(customer, Locale.ENGLISH));
        assertThat(own.toString() + own.stream().map(CustomerSelfView.HeldField::shown).toList())
                .doesNotContain("钱多多", "别家公司");

        PortalDataFixture.asCustomer(customer, () -> {
            assertThatThrownBy(() -> selfView.heldAbout(other, Locale.ENGLISH)).isInstanceOf(DomainException.class)
                    .extracting("code").isEqualTo("not-found");
            assertThatThrownBy(() -> selfView.companyName(other)).isInstanceOf(DomainException.class);
        });
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.self.viewed' and target_id = ?")
                .param(other.toString()).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("R-CUS-1, R-USE-1: staff, or nobody signed in, cannot use the customer's own view to read a record in clear")
    void staffCannotUseTheCustomersOwnView() {
        assertThatThrownBy(() -> Gate.as(owner, () -> selfView.heldAbout(customer, Locale.ENGLISH)))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found");
        assertThatThrownBy(() -> selfView.heldAbout(customer, Locale.ENGLISH)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> Gate.as(owner, () -> {
            selfView.requireSignedIn(customer);
            return null;
        })).isInstanceOf(DomainException.class);
    }

    @Test
    @DisplayName("R-CUS-1, R-DEL-2: a crypto-shredded or unknown customer is not found, like any other")
    void destroyedOrUnknownIsNotFound() {
        dataKeys.destroy(customer);
        PortalDataFixture.asCustomer(customer, () -> assertThatThrownBy(() -> selfView.heldAbout(customer, Locale.ENGLISH))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found"));
        UUID unknown = UUID.randomUUID();
        PortalDataFixture.asCustomer(unknown, () -> assertThatThrownBy(() -> selfView.heldAbout(unknown, Locale.ENGLISH))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found"));
        assertThat(PortalDataFixture.asCustomer(other, () -> selfView.companyName(other))).startsWith("别家公司");
    }
}
