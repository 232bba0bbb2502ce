package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.PolicyDocuments;

/**
 * Issue 22.1 and 22.2 (R-X-6): the map of the policy in force, every clause with its controls and live
 * evidence; a clause turns red when its evidence fails; thresholds tuned by a security administrator
 * and marked; a version's map set by the administration department while it is a draft and approved
 * with it; who may see which map.
 */
@IntegrationTest
class ComplianceMapTests {

    @Autowired ComplianceMaps maps;
    @Autowired ComplianceThresholds thresholds;
    @Autowired Snapshots snapshots;
    @Autowired PolicyDocuments documents;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    Policies policies;
    CustosUser management;
    CustosUser security;

    @BeforeEach
    void policyInForce() throws IOException {
        Instant now = clock.instant();
        policies = new Policies(documents, accounts, now);
        policies.publish(template());
        management = policies.manager;
        security = Gate.user(accounts.create(now, EnumSet.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false),
                EnumSet.of(Role.SECURITY_ADMIN));
    }

    @AfterEach
    void defaults() {
        jdbc.sql("delete from compliance_threshold").update();
    }

    @Test
    void everyClauseOfThePolicyInForceIsShownWithItsControlsAndAClauseWithoutOneSaysSo() {
        MapView map = maps.current(management, null);

        assertThat(map.policy()).isNotNull();
        assertThat(map.clauses()).extracting(c -> c.clause().key()).startsWith("1", "2.1").contains("5.1", "10");
        ClauseView sharing = clause(map, "5.1");
        assertThat(sharing.controls()).extracting(ControlView::control)
                .containsExactlyInAnyOrder(Control.SHARING_GRANTS, Control.EXPORT_APPROVAL);
        assertThat(sharing.controls().get(0).readings()).isNotEmpty();
        // The template's paper clause: no control of Custos carries it out, and the map says so.
        assertThat(clause(map, "6.2").status()).isEqualTo(Status.UNMAPPED);
        assertThat(clause(map, "6.2").controls()).isEmpty();
        // A control the policy does not name is still on the map with its evidence.
        assertThat(map.unmappedControls()).extracting(ControlView::control).contains(Control.CUSTOMER_REQUESTS);
        assertThat(map.counts().get(Status.UNMAPPED)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void oneConfidentialValueStoredInPlaintextTurnsItsClauseRed() {
        long before = reading(maps.current(management, null), Indicator.PLAINTEXT_CONFIDENTIAL_VALUES).value();
        UUID customer = plantPlaintextPhone();
        try {
            MapView map = maps.current(management, null);
            Reading plaintext = reading(map, Indicator.PLAINTEXT_CONFIDENTIAL_VALUES);
            assertThat(plaintext.value()).isEqualTo(before + 1);
            assertThat(plaintext.status()).isEqualTo(Status.RED);
            assertThat(reading(map, Indicator.ENCRYPTED_SHARE).value()).isLessThan(100);
            assertThat(reading(map, Indicator.ENCRYPTED_SHARE).status()).isEqualTo(Status.RED);
            // The template's L3 clause is carried out by classification and encryption: it is red now.
            assertThat(clause(map, "2.3").status()).isEqualTo(Status.RED);
        } finally {
            jdbc.sql("delete from customer_value where customer_id = ?").param(customer).update();
            jdbc.sql("delete from customer where id = ?").param(customer).update();
        }
    }

    @Test
    void aSecurityAdministratorTunesAThresholdWhichTheMapMarksAndTheAuditLogKeeps() {
        assertThatThrownBy(() -> thresholds.change(Indicator.DAYS_SINCE_SWEEP, 3, 9, management))
                .isInstanceOf(DomainException.class).hasMessageContaining("forbidden");
        assertThatThrownBy(() -> thresholds.change(Indicator.GRANTS_WITHOUT_VALID_NDA, 5, 9, security))
                .isInstanceOf(DomainException.class).hasMessageContaining("compliance-threshold-fixed");
        assertThatThrownBy(() -> thresholds.change(Indicator.DAYS_SINCE_SWEEP, 9, 3, security))
                .isInstanceOf(DomainException.class).hasMessageContaining("compliance-threshold-invalid");

        ComplianceThresholds.ThresholdView tuned = thresholds.change(Indicator.DAYS_SINCE_SWEEP, 3, 9, security);

        assertThat(tuned.tuned()).isTrue();
        assertThat(tuned.changedBy()).isEqualTo(security.id());
        Reading sweep = reading(maps.current(management, null), Indicator.DAYS_SINCE_SWEEP);
        assertThat(sweep.thresholds()).isEqualTo(new Thresholds(3, 9));
        assertThat(sweep.tuned()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'compliance.threshold.changed' "
                + "and actor_id = ? and target_id = 'DAYS_SINCE_SWEEP'").param(security.id()).query(Long.class).single())
                .isEqualTo(1);

        // Back to the defaults: no longer tuned.
        assertThat(thresholds.change(Indicator.DAYS_SINCE_SWEEP, 2, 8, security).tuned()).isFalse();
        assertThat(reading(maps.current(management, null), Indicator.DAYS_SINCE_SWEEP).tuned()).isFalse();
    }

    @Test
    void aHeadSeesOnlyTheDepartmentsTheyHeadAndASalespersonNone() {
        Instant now = clock.instant();
        TestAccounts.Account headAccount = accounts.create(now, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        UUID mine = accounts.customerDepartment("CMP-" + UUID.randomUUID().toString().substring(0, 6));
        UUID other = accounts.customerDepartment("CMP-" + UUID.randomUUID().toString().substring(0, 6));
        jdbc.sql("update department set head_id = ? where id = ?").params(headAccount.id(), mine).update();
        CustosUser head = Gate.user(headAccount, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        CustosUser sales = Gate.user(accounts.create(now, Set.of(Role.EMPLOYEE)), Set.of(Role.EMPLOYEE));

        assertThat(maps.departmentsOf(head)).containsExactly(mine);
        MapView map = maps.current(head, mine);
        assertThat(map.department()).isEqualTo(mine);
        // A company-wide figure on a department's map is marked so; a department's own is not.
        assertThat(reading(map, Indicator.DAYS_SINCE_BACKUP).companyWide()).isTrue();
        assertThat(reading(map, Indicator.OVERDUE_CASES).companyWide()).isFalse();
        assertThatThrownBy(() -> maps.current(head, null)).hasMessageContaining("forbidden");
        assertThatThrownBy(() -> maps.current(head, other)).hasMessageContaining("forbidden");
        assertThatThrownBy(() -> maps.current(sales, null)).hasMessageContaining("forbidden");
        assertThat(maps.departmentsOf(sales)).isEmpty();
    }

    @Test
    void theAdministrationDepartmentMapsADraftAndManagementApprovesTheMapWithTheVersion() throws IOException {
        UUID draft = policies.draft(template());
        CustosUser officer = policies.officer;

        VersionMap proposed = Gate.as(officer, () -> maps.ofVersion(draft, officer));
        assertThat(proposed.editable()).isTrue();
        assertThat(proposed.origin()).isEqualTo("COPIED");

        assertThatThrownBy(() -> maps.edit(draft, Map.of("5.3", Set.of(Control.MONITORING)), management))
                .hasMessageContaining("forbidden");
        assertThatThrownBy(() -> Gate.as(officer, () -> maps.edit(draft, Map.of("99.1", Set.of(Control.MONITORING)),
                officer))).hasMessageContaining("compliance-map-clause-unknown");

        Map<String, Set<Control>> entries = new java.util.LinkedHashMap<>(proposed.entries());
        entries.put("5.3", EnumSet.of(Control.MONITORING, Control.AUDIT_LOG));
        VersionMap edited = Gate.as(officer, () -> maps.edit(draft, entries, officer));
        assertThat(edited.origin()).isEqualTo("EDITED");
        assertThat(edited.editedBy()).isEqualTo(officer.id());
        assertThat(edited.controls("5.3")).containsExactlyInAnyOrder(Control.MONITORING, Control.AUDIT_LOG);

        policies.submit(draft);
        // Submitted: the map waits for approval with the version and cannot change any more.
        assertThatThrownBy(() -> Gate.as(officer, () -> maps.edit(draft, Map.of(), officer)))
                .hasMessageContaining("compliance-map-locked");

        policies.approve(draft);
        ClauseView authorities = clause(maps.current(management, null), "5.3");
        assertThat(authorities.controls()).extracting(ControlView::control)
                .containsExactlyInAnyOrder(Control.MONITORING, Control.AUDIT_LOG);
        assertThat(authorities.status()).isNotEqualTo(Status.UNMAPPED);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'compliance.map.edited' and target_id = ?")
                .param(draft.toString()).query(Long.class).single()).isEqualTo(1);

        // The next version starts from the map in force where the chapters are unchanged.
        UUID next = policies.draft(template());
        VersionMap carried = Gate.as(officer, () -> maps.ofVersion(next, officer));
        assertThat(carried.origin()).isEqualTo("COPIED");
        assertThat(carried.controls("5.3")).containsExactlyInAnyOrder(Control.MONITORING, Control.AUDIT_LOG);
        policies.submit(next);
        policies.approve(next);
    }

    @Test
    void theReadingsOfADayAreRecordedForAReportOnAClosedPeriod() {
        snapshots.take();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.ofHours(8));

        MapView recorded = maps.recorded(management, today.minusDays(1), today.plusDays(1)).orElseThrow();
        MapView now = maps.current(management, null);
        assertThat(reading(recorded, Indicator.MASTER_KEY_AGE_DAYS).value())
                .isEqualTo(reading(now, Indicator.MASTER_KEY_AGE_DAYS).value());
        assertThat(recorded.clauses()).hasSameSizeAs(now.clauses());
        assertThat(maps.recorded(management, LocalDate.of(2001, 1, 1), LocalDate.of(2001, 3, 31))).isEmpty();
        // A record older than the period is not passed off as the period's.
        assertThat(maps.recorded(management, today.plusDays(1), today.plusDays(90))).isEmpty();
        CustosUser sales = Gate.user(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), Set.of(Role.EMPLOYEE));
        assertThatThrownBy(() -> maps.recorded(sales, today, today)).hasMessageContaining("forbidden");
    }

    private UUID plantPlaintextPhone() {
        UUID owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)).id();
        UUID customer = UUID.randomUUID();
        jdbc.sql("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version) "
                + "values (?, ?, null, ?, ?, ?, 0)").params(customer, owner, clock.instant().atOffset(ZoneOffset.UTC),
                        owner, clock.instant().atOffset(ZoneOffset.UTC)).update();
        jdbc.sql("insert into customer_value (customer_id, field_key, plain_value) values (?, 'phone', ?)")
                .params(customer, "13800000000").update();
        return customer;
    }

    static ClauseView clause(MapView map, String key) {
        return map.clauses().stream().filter(c -> c.clause().key().equals(key)).findFirst().orElseThrow();
    }

    static Reading reading(MapView map, Indicator indicator) {
        return java.util.stream.Stream.concat(map.clauses().stream().flatMap(c -> c.controls().stream()),
                map.unmappedControls().stream()).flatMap(c -> c.readings().stream())
                .filter(r -> r.indicator() == indicator).findFirst().orElseThrow();
    }

    static DocumentContent template() throws IOException {
        return new DocumentContent("客户信息保密制度", "Customer information confidentiality policy",
                read("training/template-policy.zh.md"), read("training/template-policy.en.md"));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ComplianceMapTests.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
