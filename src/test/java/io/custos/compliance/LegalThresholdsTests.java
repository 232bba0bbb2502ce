package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.customer.FieldCatalog;
import io.custos.customer.HoldingFigures;
import io.custos.identity.Role;
import io.custos.shared.web.Times;
import io.custos.sharing.TransferFigures;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The legal thresholds (issue 22.6) move with what is seeded: a customer held, customers shared
 * with a partner abroad (and, with a secret field, as sensitive transfers), an export package under
 * such a grant; a domestic partner, a destroyed customer, a grant over before this year and a
 * refused package do not count. A crossed threshold names its duty.
 */
@IntegrationTest
class LegalThresholdsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired LegalThresholds thresholds;
    @Autowired HoldingFigures holding;
    @Autowired TransferFigures transfers;
    @Autowired FieldCatalog catalog;
    @Autowired Times times;

    TestAccounts.Account auditor;
    ProcessingFixture seed;
    UUID department;
    String tag;

    @BeforeEach
    void seed() {
        Instant now = clock.instant();
        tag = UUID.randomUUID().toString().substring(0, 6);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        TestAccounts.Account officer = accounts.create(now, Set.of(Role.ADMIN_OFFICER));
        department = accounts.customerDepartment("LEGAL-" + tag);
        seed = new ProcessingFixture(jdbc, officer.id());
    }

    @Test
    void customersHeldCountTheLivingRecordsOnly() {
        Instant now = clock.instant();
        long before = value(LegalCounter.INDIVIDUALS_HELD);
        UUID kept = seed.customer(department, now);
        UUID destroyed = seed.customer(department, now);
        seed.destroy(destroyed, now);
        assertThat(value(LegalCounter.INDIVIDUALS_HELD) - before).isEqualTo(1);
        assertThat(kept).isNotNull();
    }

    @Test
    void customersSharedAbroadThisYearCountOnceAndSensitiveOnesApart() {
        Instant now = clock.instant();
        UUID a = seed.customer(department, now);
        UUID b = seed.customer(department, now);
        UUID c = seed.customer(department, now);
        UUID d = seed.customer(department, now);
        UUID abroad = seed.partner("Rotterdam " + tag, "NL", now);
        UUID domestic = seed.partner("Xiamen " + tag, "CN", now);
        Instant from = now.minus(Duration.ofHours(1));
        Instant until = now.plus(Duration.ofDays(30));
        LegalThresholds.View before = thresholds.current(ProcessingRecordsTests.user(auditor, Role.AUDITOR));

        seed.grant(department, "PARTNER", domestic, "DELIVERY", "companyName,idNumber", from, until, null, List.of(a, b, c));
        assertThat(delta(before, LegalCounter.CROSS_BORDER)).as("a partner in the company's country").isZero();
        assertThat(delta(before, LegalCounter.CROSS_BORDER_SENSITIVE)).isZero();

        UUID plain = seed.grant(department, "PARTNER", abroad, "DELIVERY", "companyName,address", from, until, null,
                List.of(a, b));
        seed.grant(department, "PARTNER", abroad, "CUSTOMS", "companyName,address", from, until, null, List.of(b));
        assertThat(delta(before, LegalCounter.CROSS_BORDER)).as("each customer once").isEqualTo(2);
        assertThat(delta(before, LegalCounter.CROSS_BORDER_SENSITIVE)).isZero();

        seed.grant(department, "PARTNER", abroad, "CONTRACT", "companyName,idNumber", from, until, null, List.of(c));
        assertThat(delta(before, LegalCounter.CROSS_BORDER)).isEqualTo(3);
        assertThat(delta(before, LegalCounter.CROSS_BORDER_SENSITIVE)).isEqualTo(1);

        // A grant that ended before this year began, a refused package: not this year's transfers.
        Instant lastYear = java.time.LocalDate.ofInstant(now, times.companyZone()).withDayOfYear(1)
                .atStartOfDay(times.companyZone()).toInstant().minus(Duration.ofDays(1));
        seed.grant(department, "PARTNER", abroad, "DELIVERY", "companyName", lastYear.minus(Duration.ofDays(30)),
                lastYear, null, List.of(d));
        seed.exportPackage(plain, "DELIVERY", "companyName", "REFUSED", now.minusSeconds(60), List.of(d));
        assertThat(delta(before, LegalCounter.CROSS_BORDER)).isEqualTo(3);

        // An approved package under a grant abroad counts its customers (once).
        seed.exportPackage(plain, "DELIVERY", "companyName", "APPROVED", now.minusSeconds(60), List.of(d, a));
        assertThat(delta(before, LegalCounter.CROSS_BORDER)).isEqualTo(4);
        assertThat(delta(before, LegalCounter.CROSS_BORDER_SENSITIVE)).isEqualTo(1);
    }

    @Test
    void aCrossedThresholdNamesItsDutyAndTheNextOneIsShown() {
        Instant now = clock.instant();
        seed.customer(department, now);
        UUID abroad = seed.partner("Antwerp " + tag, "BE", now);
        seed.grant(department, "PARTNER", abroad, "CONTRACT", "bankAccount", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)), null, List.of(seed.customer(department, now)));
        long held = holding.customersHeld();
        ComplianceProperties small = new ComplianceProperties("CN", null,
                new ComplianceProperties.Legal(held, 100_000_000, 200_000_000, 1, 100_000_000));
        LegalThresholds tuned = new LegalThresholds(holding, transfers, catalog, small, times, clock);

        LegalThresholds.View view = tuned.current(ProcessingRecordsTests.user(auditor, Role.AUDITOR));
        LegalThresholds.Counter individuals = view.counter(LegalCounter.INDIVIDUALS_HELD);
        assertThat(individuals.value()).isGreaterThanOrEqualTo(held);
        assertThat(individuals.crossed()).hasSize(1);
        assertThat(individuals.crossed().get(0).duties()).containsExactly(LegalDuty.PROTECTION_OFFICER,
                LegalDuty.COMPLIANCE_AUDITS);
        assertThat(individuals.nextThreshold()).isNull();

        LegalThresholds.Counter crossBorder = view.counter(LegalCounter.CROSS_BORDER);
        assertThat(crossBorder.crossed()).isEmpty();
        assertThat(crossBorder.nextThreshold()).isEqualTo(100_000_000L);

        LegalThresholds.Counter sensitive = view.counter(LegalCounter.CROSS_BORDER_SENSITIVE);
        assertThat(sensitive.crossed()).extracting(LegalThresholds.Step::duties)
                .containsExactly(List.of(LegalDuty.STANDARD_CONTRACT));
        assertThat(sensitive.nextThreshold()).isEqualTo(100_000_000L);
        assertThat(sensitive.steps()).extracting(LegalThresholds.Step::crossed).containsExactly(true, false);
    }

    @Test
    void theApiAnswersTheCountersWithTheirThresholds() throws Exception {
        String token = Api.token(mvc, auditor, clock.instant());
        MockHttpServletResponse response = mvc.perform(get("/api/v1/compliance/legal-thresholds")
                .header("Authorization", token)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        var json = Api.JSON.readTree(response.getContentAsString());
        assertThat(json.get("homeCountry").asString()).isEqualTo("CN");
        var first = json.get("counters").get(0);
        assertThat(first.get("counter").asString()).isEqualTo("INDIVIDUALS_HELD");
        assertThat(first.get("steps").get(0).get("threshold").asLong()).isEqualTo(1_000_000L);
        assertThat(first.get("steps").get(0).get("duties").get(0).asString()).isEqualTo("PROTECTION_OFFICER");
        assertThat(first.has("asOf")).isTrue();
    }

    private long value(LegalCounter counter) {
        return thresholds.current(ProcessingRecordsTests.user(auditor, Role.AUDITOR)).counter(counter).value();
    }

    private long delta(LegalThresholds.View before, LegalCounter counter) {
        return value(counter) - before.counter(counter).value();
    }
}
