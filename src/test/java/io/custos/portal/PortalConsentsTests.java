package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.consent.ConsentLedger;
import io.custos.consent.PrivacyNotices;
import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerRegistration;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * A customer's consents in the portal, and their withdrawal there (R-CUS-1, R-COL-5, PIPL art. 15):
 * the overview names the notice agreed to and each purpose in words; a withdrawal stops the purpose
 * at once, so the very next staff reveal for it is refused; bad withdrawals answer 422 with the
 * ledger's codes; nobody but the customer signed in withdraws anything.
 */
@IntegrationTest
class PortalConsentsTests {

    @Autowired PortalConsents consents;
    @Autowired CustomerRegistration registration;
    @Autowired CustomerReading reading;
    @Autowired ConsentLedger ledger;
    @Autowired PrivacyNotices notices;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    CustosUser owner;
    UUID customer;

    @BeforeEach
    void anOwnerAndTheirCustomer() {
        UUID department = accounts.customerDepartment("C" + UUID.randomUUID().toString().substring(0, 6));
        owner = PortalDataFixture.staff(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        customer = PortalDataFixture.customer(registration, owner, "同意测试公司 " + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    @DisplayName("R-CUS-1: the overview names the notice agreed to, a newer one if any, and every consented purpose in words")
    void overviewInWords() {
        PortalConsents.Overview overview = PortalDataFixture.asCustomer(customer, () -> consents.of(customer, Locale.ENGLISH));

        assertThat(overview.noticeVersion()).isEqualTo(1);
        assertThat(overview.purposes()).extracting(PortalConsents.ConsentedPurpose::code)
                .containsExactlyInAnyOrderElementsOf(Consents.ALL_BUILT_IN_FIELDS);
        assertThat(overview.purposes()).extracting(PortalConsents.ConsentedPurpose::label).contains("Delivery", "Contract");
        assertThat(overview.purposes()).allMatch(PortalConsents.ConsentedPurpose::withdrawable);
        assertThat(overview.sensitiveConsent()).isTrue();
        assertThat(overview.thirdPartyConsent()).isTrue();
        int current = notices.current().version();
        if (current > 1) {
            assertThat(overview.newer()).isNotNull();
            assertThat(overview.newer().version()).isEqualTo(current);
        } else {
            assertThat(overview.newer()).isNull();
        }
        PortalConsents.Overview inChinese = PortalDataFixture.asCustomer(customer,
                () -> consents.of(customer, Locale.SIMPLIFIED_CHINESE));
        assertThat(inChinese.purposes()).extracting(PortalConsents.ConsentedPurpose::label).contains("发货交付");
    }

    @Test
    @DisplayName("R-CUS-1, R-USE-1: a purpose withdrawn in the portal stops at once: the next staff reveal for it is refused")
    void withdrawalStopsThePurposeAtOnce() {
        CustomerReading.Revealed before = Gate.as(owner,
                () -> reading.reveal(customer, List.of("phone"), "DELIVERY", owner));
        assertThat(before.fields()).containsEntry("phone", PortalDataFixture.PHONE);

        PortalConsents.Overview after = PortalDataFixture.asCustomer(customer,
                () -> consents.withdrawAndShow(customer, Set.of("DELIVERY"), false, false, Locale.ENGLISH));
        assertThat(after.purposes()).extracting(PortalConsents.ConsentedPurpose::code).doesNotContain("DELIVERY")
                .contains("SALES_FOLLOW_UP");

        CustomerReading.Revealed refused = Gate.as(owner,
                () -> reading.reveal(customer, List.of("phone"), "DELIVERY", owner));
        assertThat(refused.fields()).doesNotContainKey("phone");
        assertThat(refused.refused()).containsEntry("phone", "purpose-not-consented");
        // Only the purpose withdrawn stops.
        assertThat(Gate.as(owner, () -> reading.reveal(customer, List.of("phone"), "SALES_FOLLOW_UP", owner)).fields())
                .containsEntry("phone", PortalDataFixture.PHONE);

        Map<String, Object> event = jdbc.sql("select actor_type, actor_id, details from audit_event "
                + "where action = 'consent.withdrawn' and target_id = ?").param(customer.toString()).query().singleRow();
        assertThat(event.get("actor_type")).isEqualTo("CUSTOMER");
        assertThat(event.get("actor_id").toString()).isEqualTo(customer.toString());
        assertThat((String) event.get("details")).contains("PORTAL", "DELIVERY");
    }

    @Test
    @DisplayName("R-CUS-1: the separate sensitive-data consent withdrawn in the portal stops L4 reveals at once")
    void sensitiveConsentWithdrawalStopsL4AtOnce() {
        assertThat(Gate.as(owner, () -> reading.reveal(customer, List.of("idNumber"), "CONTRACT", owner)).fields())
                .containsKey("idNumber");

        PortalDataFixture.asCustomer(customer, () -> consents.withdraw(customer, Set.of(), true, false));

        assertThat(ledger.state(customer).orElseThrow().sensitiveConsent()).isFalse();
        assertThat(Gate.as(owner, () -> reading.reveal(customer, List.of("idNumber"), "CONTRACT", owner)).refused())
                .containsEntry("idNumber", "sensitive-consent-missing");
    }

    @Test
    @DisplayName("R-CUS-1: nothing chosen or an unknown purpose answers 422 with the ledger's codes and changes nothing")
    void badWithdrawalIs422() {
        PortalDataFixture.asCustomer(customer, () -> {
            assertThatThrownBy(() -> consents.withdraw(customer, Set.of(), false, false))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("withdrawal-empty");
                        assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
                    });
            assertThatThrownBy(() -> consents.withdraw(customer, Set.of("DELIVERY", "NO_SUCH_PURPOSE"), false, false))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("purpose-unknown");
                        assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
                    });
        });
        assertThat(ledger.state(customer).orElseThrow().purposes()).contains("DELIVERY");
    }

    @Test
    @DisplayName("R-CUS-1: another customer, a member of staff or nobody cannot read or withdraw a customer's consents (404)")
    void onlyTheCustomerThemselves() {
        UUID other = PortalDataFixture.customer(registration, owner, "另一家 " + UUID.randomUUID().toString().substring(0, 6));
        PortalDataFixture.asCustomer(other, () -> {
            assertThatThrownBy(() -> consents.withdraw(customer, Set.of("DELIVERY"), true, true))
                    .isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found");
            assertThatThrownBy(() -> consents.of(customer, Locale.ENGLISH)).isInstanceOf(DomainException.class);
        });
        assertThatThrownBy(() -> Gate.as(owner, () -> {
            consents.withdraw(customer, Set.of("DELIVERY"), false, false);
            return null;
        })).isInstanceOf(DomainException.class).extracting("code").isEqualTo("not-found");
        assertThatThrownBy(() -> consents.withdraw(customer, Set.of("DELIVERY"), false, false))
                .isInstanceOf(DomainException.class);
        assertThat(ledger.state(customer).orElseThrow().purposes()).contains("DELIVERY");
        assertThat(ledger.state(customer).orElseThrow().sensitiveConsent()).isTrue();
    }
}
