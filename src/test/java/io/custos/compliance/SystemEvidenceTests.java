package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditIntegrity;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditVerification;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.identity.SeedingAs;
import io.custos.shared.Actor;
import io.custos.shared.web.Times;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 22.1 (R-X-6, R-SUP-6): the compliance map's evidence about data at rest, keys, backups,
 * consent, sharing, exports, retention, second factors and the audit log. Each figure is read from a
 * planted state and moved by a change; departmental figures on fresh departments, company figures by
 * their change only (the test database is shared). Rows planted here are removed afterwards, so no
 * other test sees a bogus backup, grant or plaintext value.
 */
@IntegrationTest
class SystemEvidenceTests {

    @Autowired SystemEvidence evidence;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired Times times;
    @Autowired AuditLog auditLog;
    @Autowired AuditIntegrity integrity;

    private final Deque<Runnable> cleanup = new ArrayDeque<>();

    @AfterEach
    void removePlantedRows() {
        while (!cleanup.isEmpty()) {
            cleanup.pop().run();
        }
    }

    @Test
    void answersExactlyItsIndicators() {
        assertThat(evidence.indicators()).containsExactlyInAnyOrderElementsOf(EnumSet.of(
                Indicator.PLAINTEXT_CONFIDENTIAL_VALUES, Indicator.ENCRYPTED_SHARE, Indicator.MASTER_KEY_AGE_DAYS,
                Indicator.DAYS_SINCE_BACKUP, Indicator.DAYS_SINCE_RESTORE_DRILL, Indicator.CUSTOMERS_WITHOUT_CONSENT,
                Indicator.ACTIVE_GRANTS, Indicator.GRANTS_WITHOUT_VALID_NDA, Indicator.EXPORTS_AWAITING_APPROVAL,
                Indicator.CUSTOMERS_PAST_RETENTION, Indicator.DAYS_SINCE_SWEEP, Indicator.OPEN_DESTRUCTION_BATCHES,
                Indicator.PRIVILEGED_WITHOUT_SECOND_FACTOR, Indicator.DAYS_SINCE_CHAIN_VERIFICATION,
                Indicator.CHAINS_FAILING_VERIFICATION));
        assertThatThrownBy(() -> evidence.figure(Indicator.TRAINING_COMPLETION, null, clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> evidence.figure(Indicator.DAYS_SINCE_BACKUP, UUID.randomUUID(), clock.instant()))
                .as("a company-wide indicator has no departmental figure").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShareIsRoundedDownAndNothingToCountIsAHundredPercent() {
        assertThat(Figure.percent(9999, 10000)).isEqualTo(99);
        assertThat(Figure.percent(1, 3)).isEqualTo(33);
        assertThat(Figure.percent(2, 3)).isEqualTo(66);
        assertThat(Figure.percent(5, 5)).isEqualTo(100);
        assertThat(Figure.percent(0, 0)).isEqualTo(100);
    }

    // --- encryption at rest -----------------------------------------------------------------------

    @Test
    void aConfidentialValueInClearOrWithoutCiphertextIsPlaintextAndLowersTheEncryptedShare() {
        UUID department = accounts.department("EV-ENC-" + suffix());
        long plaintext = count(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES);
        UUID customer = customer(department);
        encrypted(customer, "phone");
        encrypted(customer, "idNumber");
        plain(customer, "companyName", "Acme");
        plain(customer, "contactName", "Li Lei");
        assertThat(count(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES))
                .as("ciphertext-only L3-L4 values and clear L1-L2 values are as the policy wants").isEqualTo(plaintext);
        assertThat(count(Indicator.ENCRYPTED_SHARE)).isEqualTo(expectedShare());

        plain(customer, "email", "li@example.com");
        assertThat(count(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES)).isEqualTo(plaintext + 1);
        assertThat(count(Indicator.ENCRYPTED_SHARE)).isLessThan(100).isEqualTo(expectedShare());

        jdbc.sql("insert into customer_value (customer_id, field_key) values (?, 'bankAccount')").param(customer).update();
        assertThat(count(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES)).as("an L4 row without ciphertext")
                .isEqualTo(plaintext + 2);

        jdbc.sql("update customer_value set plain_value = null, ciphertext = 'AQID' where customer_id = ? "
                + "and field_key = 'email'").param(customer).update();
        assertThat(count(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES)).as("encrypted after all").isEqualTo(plaintext + 1);
    }

    @Test
    void theEncryptedShareCountsEveryConfidentialValue() {
        UUID department = accounts.department("EV-SHR-" + suffix());
        long[] before = confidential();
        UUID customer = customer(department);
        encrypted(customer, "phone");
        encrypted(customer, "address");
        plain(customer, "transactionNotes", "paid late");
        plain(customer, "city", "Ningbo");
        long[] after = confidential();
        assertThat(after[0] - before[0]).as("three L3 values, the L1 city not").isEqualTo(3);
        assertThat(after[1] - before[1]).isEqualTo(1);
        assertThat(count(Indicator.ENCRYPTED_SHARE)).isEqualTo(Math.floorDiv((after[0] - after[1]) * 100, after[0]))
                .isLessThan(100);
    }

    // --- keys -------------------------------------------------------------------------------------

    @Test
    void theMasterKeyIsAsOldAsItsLastCompletedRotation() {
        Instant before = last(Indicator.MASTER_KEY_AGE_DAYS);
        assertThat(before).as("the master key wraps the keysets made at the first start").isNotNull();
        Instant rotated = latest(before).plus(Duration.ofDays(1));
        long keyId = 10_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        jdbc.sql("insert into master_key_rotation (key_id, rotated_at) values (?, ?)").params(keyId, utc(rotated))
                .update();
        cleanup.push(() -> jdbc.sql("delete from master_key_rotation where key_id = ?").param(keyId).update());
        assertThat(last(Indicator.MASTER_KEY_AGE_DAYS)).as("a rotation still re-wrapping is not complete")
                .isEqualTo(before);

        Instant finished = rotated.plus(Duration.ofMinutes(7));
        jdbc.sql("update master_key_rotation set rewrap_finished_at = ? where key_id = ?").params(utc(finished), keyId)
                .update();
        assertThat(last(Indicator.MASTER_KEY_AGE_DAYS)).isEqualTo(finished);
    }

    // --- backups ----------------------------------------------------------------------------------

    @Test
    void theLastBackupIsTheNewestCompleteOneNotFoundDamaged() {
        Instant start = latest(last(Indicator.DAYS_SINCE_BACKUP)).plus(Duration.ofHours(1));
        Instant good = backup(start, "DONE", null);
        assertThat(last(Indicator.DAYS_SINCE_BACKUP)).isEqualTo(good);

        backup(start.plus(Duration.ofHours(1)), "FAILED", null);
        backup(start.plus(Duration.ofHours(2)), "RUNNING", null);
        backup(start.plus(Duration.ofHours(3)), "DONE", false);
        backup(start.plus(Duration.ofHours(4)), "DELETED", null);
        assertThat(last(Indicator.DAYS_SINCE_BACKUP))
                .as("failed, running, damaged and deleted backups restore nothing").isEqualTo(good);

        Instant verified = backup(start.plus(Duration.ofHours(5)), "DONE", true);
        assertThat(last(Indicator.DAYS_SINCE_BACKUP)).isEqualTo(verified);
    }

    @Test
    void theLastRestoreDrillIsTheNewestThatPassed() {
        Instant start = latest(last(Indicator.DAYS_SINCE_RESTORE_DRILL)).plus(Duration.ofHours(1));
        Instant passed = drill(start, "PASSED");
        assertThat(last(Indicator.DAYS_SINCE_RESTORE_DRILL)).isEqualTo(passed);

        drill(start.plus(Duration.ofHours(1)), "FAILED");
        drill(start.plus(Duration.ofHours(2)), "RUNNING");
        assertThat(last(Indicator.DAYS_SINCE_RESTORE_DRILL)).isEqualTo(passed);

        Instant again = drill(start.plus(Duration.ofHours(3)), "PASSED");
        assertThat(last(Indicator.DAYS_SINCE_RESTORE_DRILL)).isEqualTo(again);
    }

    // --- consent ----------------------------------------------------------------------------------

    @Test
    void customersHoldingConfidentialValuesWithoutConsentInForceAreCountedForTheirDepartment() {
        UUID department = accounts.department("EV-CON-" + suffix());
        UUID other = accounts.department("EV-CON-" + suffix());
        long company = count(Indicator.CUSTOMERS_WITHOUT_CONSENT);
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT, department)).isZero();

        UUID unconsented = customer(department);
        encrypted(unconsented, "phone");
        UUID publicOnly = customer(department);
        plain(publicOnly, "companyName", "Public facts only");
        UUID consented = customer(department);
        encrypted(consented, "idNumber");
        consent(consented, "CONTRACT,PAYMENT");
        UUID destroyed = customer(department);
        encrypted(destroyed, "email");
        jdbc.sql("update customer set destroyed_at = ? where id = ?").params(utc(clock.instant()), destroyed).update();
        UUID elsewhere = customer(other);
        encrypted(elsewhere, "bankAccount");

        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT, department))
                .as("only the live customer with an L3 value and no consent").isEqualTo(1);
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT, other)).isEqualTo(1);
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT)).isEqualTo(company + 2);

        jdbc.sql("update consent_state set purposes = '' where customer_id = ?").param(consented).update();
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT, department)).as("every purpose withdrawn").isEqualTo(2);
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT)).isEqualTo(company + 3);

        consent(unconsented, "SALES_FOLLOW_UP");
        assertThat(count(Indicator.CUSTOMERS_WITHOUT_CONSENT, department)).isEqualTo(1);
    }

    // --- sharing ----------------------------------------------------------------------------------

    @Test
    void grantsInForceAreCountedForTheDepartmentThatAskedForThem() {
        UUID department = accounts.department("EV-GRT-" + suffix());
        UUID recipient = accounts.department("EV-GRT-" + suffix());
        Instant now = clock.instant();
        long company = count(Indicator.ACTIVE_GRANTS);
        assertThat(count(Indicator.ACTIVE_GRANTS, department)).isZero();

        grant(department, "DEPARTMENT", recipient, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);
        grant(department, "DEPARTMENT", recipient, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), true);
        grant(department, "DEPARTMENT", recipient, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), false);
        grant(department, "DEPARTMENT", recipient, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);
        grant(recipient, "DEPARTMENT", department, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);

        assertThat(count(Indicator.ACTIVE_GRANTS, department))
                .as("not the revoked, the ended, the future one, nor the one another department asked for")
                .isEqualTo(1);
        assertThat(count(Indicator.ACTIVE_GRANTS)).isEqualTo(company + 2);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department))
                .as("a department that needs no agreement receives under none").isZero();
    }

    @Test
    void aGrantWhoseRecipientHasNoValidNdaTodayIsCounted() {
        UUID department = accounts.department("EV-NDA-" + suffix());
        UUID needsNda = accounts.department("EV-NDA-" + suffix());
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, times.companyZone());
        long company = count(Indicator.GRANTS_WITHOUT_VALID_NDA);
        UUID officer = accounts.create(now, Set.of(Role.ADMIN_OFFICER)).id();
        UUID partner = partner(officer, true);
        UUID nda = nda("PARTNER", partner, today.minusYears(1), today.plusDays(10), officer);
        grant(department, "PARTNER", partner, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).isZero();
        assertThat(count(Indicator.ACTIVE_GRANTS, department)).isEqualTo(1);

        jdbc.sql("update nda set expires_on = ? where id = ?").params(Date.valueOf(today.minusDays(1)), nda).update();
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).as("the partner's NDA expired yesterday")
                .isEqualTo(1);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA)).isEqualTo(company + 1);

        jdbc.sql("update nda set expires_on = ? where id = ?").params(Date.valueOf(today), nda).update();
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).as("valid through today").isZero();

        jdbc.sql("update partner set active = false where id = ?").param(partner).update();
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).as("an inactive partner receives nothing")
                .isEqualTo(1);

        grant(department, "DEPARTMENT", needsNda, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).isEqualTo(1);
        jdbc.sql("insert into department_nda_requirement (department_id, required, changed_by, changed_at) "
                + "values (?, true, ?, ?)").params(needsNda, officer, utc(now)).update();
        cleanup.push(() -> jdbc.sql("delete from department_nda_requirement where department_id = ?").param(needsNda)
                .update());
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department))
                .as("a department flagged as needing an NDA, without one").isEqualTo(2);
        nda("DEPARTMENT", needsNda, today.minusDays(3), today.plusYears(1), officer);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA, department)).isEqualTo(1);
        assertThat(count(Indicator.GRANTS_WITHOUT_VALID_NDA)).isEqualTo(company + 1);
    }

    @Test
    void exportsAwaitingApprovalAreCountedForTheDepartmentWhoseStaffAskedForThem() {
        UUID department = accounts.department("EV-EXP-" + suffix());
        UUID other = accounts.department("EV-EXP-" + suffix());
        Instant now = clock.instant();
        long company = count(Indicator.EXPORTS_AWAITING_APPROVAL);
        TestAccounts.Account staff = accounts.create(now, Set.of(Role.EMPLOYEE));
        accounts.moveTo(staff, department);
        TestAccounts.Account departed = accounts.create(now, Set.of(Role.EMPLOYEE));
        accounts.moveTo(departed, department);
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(departed.id()).update();
        TestAccounts.Account outsider = accounts.create(now, Set.of(Role.EMPLOYEE));
        accounts.moveTo(outsider, other);
        assertThat(count(Indicator.EXPORTS_AWAITING_APPROVAL, department)).isZero();

        exportPackage(staff.id(), department, "PENDING");
        exportPackage(staff.id(), department, "APPROVED");
        exportPackage(staff.id(), department, "REFUSED");
        exportPackage(staff.id(), department, "WITHDRAWN");
        exportPackage(departed.id(), department, "PENDING");
        exportPackage(outsider.id(), other, "PENDING");

        assertThat(count(Indicator.EXPORTS_AWAITING_APPROVAL, department))
                .as("the pending package of its current staff only").isEqualTo(1);
        assertThat(count(Indicator.EXPORTS_AWAITING_APPROVAL, other)).isEqualTo(1);
        assertThat(count(Indicator.EXPORTS_AWAITING_APPROVAL)).isEqualTo(company + 3);
    }

    // --- retention --------------------------------------------------------------------------------

    @Test
    void customersDueOnOrBeforeTodayArePastRetention() {
        UUID department = accounts.department("EV-RET-" + suffix());
        UUID other = accounts.department("EV-RET-" + suffix());
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        long company = count(Indicator.CUSTOMERS_PAST_RETENTION);
        assertThat(count(Indicator.CUSTOMERS_PAST_RETENTION, department)).isZero();

        due(department, today.minusDays(40));
        due(department, today);
        due(department, today.plusDays(1));
        due(other, today.minusDays(1));

        assertThat(count(Indicator.CUSTOMERS_PAST_RETENTION, department)).isEqualTo(2);
        assertThat(count(Indicator.CUSTOMERS_PAST_RETENTION, other)).isEqualTo(1);
        assertThat(count(Indicator.CUSTOMERS_PAST_RETENTION)).isEqualTo(company + 3);
    }

    @Test
    void theLastSweepIsTheNewestThatFinished() {
        Instant start = latest(last(Indicator.DAYS_SINCE_SWEEP)).plus(Duration.ofHours(1));
        Instant finished = sweep(start, true);
        assertThat(last(Indicator.DAYS_SINCE_SWEEP)).isEqualTo(finished);

        sweep(start.plus(Duration.ofHours(1)), false);
        assertThat(last(Indicator.DAYS_SINCE_SWEEP)).as("a sweep still running has not refreshed the list")
                .isEqualTo(finished);

        Instant next = sweep(start.plus(Duration.ofHours(2)), true);
        assertThat(last(Indicator.DAYS_SINCE_SWEEP)).isEqualTo(next);
    }

    @Test
    void proposedApprovedAndExecutingBatchesAreOpen() {
        UUID department = accounts.department("EV-BAT-" + suffix());
        UUID proposer = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)).id();
        long open = count(Indicator.OPEN_DESTRUCTION_BATCHES);
        for (String status : new String[] {"DONE", "REJECTED", "CANCELLED"}) {
            batch(department, status, proposer);
        }
        assertThat(count(Indicator.OPEN_DESTRUCTION_BATCHES)).as("executed, rejected and cancelled are closed")
                .isEqualTo(open);
        for (String status : new String[] {"PROPOSED", "APPROVED", "EXECUTING"}) {
            batch(department, status, proposer);
        }
        assertThat(count(Indicator.OPEN_DESTRUCTION_BATCHES)).isEqualTo(open + 3);
    }

    // --- second factor ----------------------------------------------------------------------------

    @Test
    void activeAccountsWithARoleThatNeedsASecondFactorAndNoneEnrolledAreCounted() {
        Instant now = clock.instant();
        long before = count(Indicator.PRIVILEGED_WITHOUT_SECOND_FACTOR);
        TestAccounts.Account security = accounts.create(now, Set.of(Role.SECURITY_ADMIN));
        accounts.create(now, Set.of(Role.MANAGEMENT));
        TestAccounts.Account leaving = accounts.create(now, Set.of(Role.SYSTEM_ADMIN));
        jdbc.sql("update employee set status = 'ON_NOTICE' where id = ?").param(leaving.id()).update();
        TestAccounts.Account gone = accounts.create(now, Set.of(Role.AUDITOR));
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(gone.id()).update();
        accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        accounts.create(now, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD, Role.ADMIN_OFFICER));
        assertThat(count(Indicator.PRIVILEGED_WITHOUT_SECOND_FACTOR))
                .as("the security admin, the manager and the system admin on notice").isEqualTo(before + 3);

        jdbc.sql("update employee set totp_enabled = true where id = ?").param(security.id()).update();
        assertThat(count(Indicator.PRIVILEGED_WITHOUT_SECOND_FACTOR)).as("enrolled").isEqualTo(before + 2);
    }

    // --- audit log --------------------------------------------------------------------------------

    @Test
    void theLastFullVerificationOfTheLogGivesItsTimeAndTheChainsItFoundBroken() {
        Instant previous = last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION);
        if (previous != null && !previous.isBefore(clock.instant())) {
            clock.set(previous.plusSeconds(1));
        }
        CustosUser security = user(Role.SECURITY_ADMIN);
        AuditVerification verified = SeedingAs.as(security, integrity::verify);
        Instant at = last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION);
        assertThat(at).isNotNull().isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        Figure failing = evidence.figure(Indicator.CHAINS_FAILING_VERIFICATION, null, clock.instant());
        assertThat(failing.value()).isEqualTo((long) verified.problems().size());
        assertThat(failing.at()).as("as of that verification").isEqualTo(at);

        clock.advance(Duration.ofSeconds(1));
        // A verification that found two chains broken, recorded as the verification records it.
        auditLog.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "audit.log.verified", AuditOutcome.ALLOWED)
                .detail("valid", false).detail("problems", 2).build());
        assertThat(count(Indicator.CHAINS_FAILING_VERIFICATION)).isEqualTo(2);
        Instant failed = last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION);
        assertThat(failed).isAfter(at);

        clock.advance(Duration.ofSeconds(1));
        alarm("FORGED_EVENTS_REJECTED", null);
        assertThat(last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION)).as("rejected rows are no verification")
                .isEqualTo(failed);
        assertThat(count(Indicator.CHAINS_FAILING_VERIFICATION)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        // The check at start found three chains broken: recorded only as the alarm it raises.
        alarm("CHAIN_BROKEN", 3);
        assertThat(count(Indicator.CHAINS_FAILING_VERIFICATION)).isEqualTo(3);
        assertThat(last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION))
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));

        clock.advance(Duration.ofSeconds(1));
        // Whole again by the next real verification (the log here is not broken by this test).
        AuditVerification again = SeedingAs.as(security, integrity::verify);
        assertThat(count(Indicator.CHAINS_FAILING_VERIFICATION)).isEqualTo((long) again.problems().size());
        assertThat(last(Indicator.DAYS_SINCE_CHAIN_VERIFICATION)).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** An alarm as the audit module raises it ({@code AuditAlarm}, {@code AuditIntegrity}). */
    private void alarm(String reason, @Nullable Integer problems) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "audit.alarm.raised", AuditOutcome.FAILED)
                .actor(Actor.system("audit")).detail("alarm", reason);
        if (problems != null) {
            event.detail("problems", problems).detail("kind", "GAP");
        }
        auditLog.recordAlone(event.build());
    }

    private long count(Indicator indicator) {
        return count(indicator, null);
    }

    private long count(Indicator indicator, @Nullable UUID department) {
        Figure figure = evidence.figure(indicator, department, clock.instant());
        assertThat(figure.value()).as(indicator + " has a value").isNotNull();
        return figure.value();
    }

    private @Nullable Instant last(Indicator indicator) {
        Figure figure = evidence.figure(indicator, null, clock.instant());
        assertThat(figure.value()).as(indicator + " is a time").isNull();
        return figure.at();
    }

    /** Later than both the clock and a time other tests may have left in the future. */
    private Instant latest(@Nullable Instant existing) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return existing != null && existing.isAfter(now) ? existing.truncatedTo(ChronoUnit.MICROS) : now;
    }

    private long expectedShare() {
        long[] values = confidential();
        return values[0] == 0 ? 100 : Math.floorDiv((values[0] - values[1]) * 100, values[0]);
    }

    /** Every L3-L4 value and those not stored as ciphertext only, counted in the test's own words. */
    private long[] confidential() {
        return jdbc.sql("select count(*), sum(case when v.plain_value is not null or v.ciphertext is null then 1 else 0 end) "
                + "from customer_value v join field_definition f on f.field_key = v.field_key where f.sensitivity >= 3")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private CustosUser user(Role role) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(role));
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, Set.of(role),
                EmployeeStatus.ACTIVE);
    }

    private UUID customer(UUID department) {
        UUID owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)).id();
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version) "
                + "values (?, ?, ?, ?, ?, ?, 0)")
                .params(id, owner, department, utc(clock.instant()), owner, utc(clock.instant())).update();
        cleanup.push(() -> {
            jdbc.sql("delete from consent_state where customer_id = ?").param(id).update();
            jdbc.sql("delete from customer_value where customer_id = ?").param(id).update();
            jdbc.sql("delete from customer where id = ?").param(id).update();
        });
        return id;
    }

    /** A value as the registry stores an L3-L4 one: ciphertext only (never opened here). */
    private void encrypted(UUID customer, String field) {
        jdbc.sql("insert into customer_value (customer_id, field_key, ciphertext) values (?, ?, 'AQIDBA')")
                .params(customer, field).update();
    }

    private void plain(UUID customer, String field, String value) {
        jdbc.sql("insert into customer_value (customer_id, field_key, plain_value) values (?, ?, ?)")
                .params(customer, field, value).update();
    }

    private void consent(UUID customer, String purposes) {
        jdbc.sql("insert into consent_state (customer_id, notice_version, purposes, sensitive_consent, "
                + "third_party_consent, updated_at) values (?, 1, ?, true, false, ?)")
                .params(customer, purposes, utc(clock.instant())).update();
    }

    private Instant backup(Instant started, String status, @Nullable Boolean verifiedValid) {
        UUID id = UUID.randomUUID();
        Instant finished = started.plus(Duration.ofMinutes(3));
        boolean running = status.equals("RUNNING");
        jdbc.sql("insert into backup_record (id, trigger_type, started_at, finished_at, status, folder, problem, "
                + "verified_at, verified_valid) values (?, 'SCHEDULED', ?, ?, ?, ?, ?, ?, ?)")
                .params(id, utc(started), running ? null : utc(finished), status,
                        status.equals("FAILED") || running ? null : "planted-" + id,
                        status.equals("FAILED") ? "STORAGE" : null,
                        verifiedValid == null ? null : utc(finished.plusSeconds(60)), verifiedValid)
                .update();
        cleanup.push(() -> jdbc.sql("delete from backup_record where id = ?").param(id).update());
        return finished;
    }

    private Instant drill(Instant started, String status) {
        UUID id = UUID.randomUUID();
        Instant finished = started.plus(Duration.ofMinutes(5));
        jdbc.sql("insert into backup_drill (id, trigger_type, started_at, finished_at, status, problem) "
                + "values (?, 'SCHEDULED', ?, ?, ?, ?)")
                .params(id, utc(started), status.equals("RUNNING") ? null : utc(finished), status,
                        status.equals("FAILED") ? "ROWS_DIFFER" : null)
                .update();
        cleanup.push(() -> jdbc.sql("delete from backup_drill where id = ?").param(id).update());
        return finished;
    }

    private void grant(UUID department, String recipientType, UUID recipient, Instant from, Instant until,
            boolean revoked) {
        UUID request = UUID.randomUUID();
        UUID grant = UUID.randomUUID();
        Instant created = from.minus(Duration.ofDays(1));
        jdbc.sql("""
                insert into sharing_request (id, requester_id, department_id, recipient_type, recipient_id, purpose,
                    fields, selection, valid_from, valid_until, justification, needs_admin, status, created_at)
                values (?, ?, ?, ?, ?, 'CONTRACT', 'phone', 'LIST', ?, ?, 'planted', false, 'APPROVED', ?)""")
                .params(request, UUID.randomUUID(), department, recipientType, recipient, utc(from), utc(until),
                        utc(created))
                .update();
        jdbc.sql("""
                insert into sharing_grant (id, request_id, recipient_type, recipient_id, purpose, fields, valid_from,
                    valid_until, created_at, revoked_at, end_announced)
                values (?, ?, ?, ?, 'CONTRACT', 'phone', ?, ?, ?, ?, false)""")
                .params(grant, request, recipientType, recipient, utc(from), utc(until), utc(created),
                        revoked ? utc(created.plusSeconds(60)) : null)
                .update();
        cleanup.push(() -> {
            jdbc.sql("delete from sharing_grant where id = ?").param(grant).update();
            jdbc.sql("delete from sharing_request where id = ?").param(request).update();
        });
    }

    private UUID partner(UUID manager, boolean active) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into partner (id, name_zh, name_en, type, country, reassess_on, manager_id, active, created_by,
                    created_at, updated_at)
                values (?, ?, ?, 'FREIGHT_FORWARDER', 'CN', ?, ?, ?, ?, ?, ?)""")
                .params(id, "Planted " + id, "Planted " + id, Date.valueOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusYears(1)), manager,
                        active, manager, utc(clock.instant()), utc(clock.instant()))
                .update();
        cleanup.push(() -> jdbc.sql("delete from partner where id = ?").param(id).update());
        return id;
    }

    private UUID nda(String recipientType, UUID recipient, LocalDate signed, LocalDate expires, UUID filedBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into nda (id, recipient_type, recipient_id, version, signatory, signed_on, expires_on, file_name,
                    content_type, file_size, sha256, filed_by, filed_at)
                values (?, ?, ?, ?, 'Planted signatory', ?, ?, 'nda.pdf', 'application/pdf', 1, ?, ?, ?)""")
                .params(id, recipientType, recipient, "v-" + suffix(), Date.valueOf(signed), Date.valueOf(expires),
                        "0".repeat(64), filedBy, utc(clock.instant()))
                .update();
        cleanup.push(() -> jdbc.sql("delete from nda where id = ?").param(id).update());
        return id;
    }

    private void exportPackage(UUID requester, UUID department, String state) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into export_package (id, requester_id, department_id, approving_department_id, purpose, fields,
                    filters, justification, customer_count, state, requested_at)
                values (?, ?, ?, ?, 'CONTRACT', 'phone', '', 'planted', 1, ?, ?)""")
                .params(id, requester, department, department, state, utc(clock.instant()))
                .update();
        cleanup.push(() -> jdbc.sql("delete from export_package where id = ?").param(id).update());
    }

    private void due(UUID department, LocalDate dueOn) {
        UUID customer = UUID.randomUUID();
        jdbc.sql("""
                insert into retention_due (customer_id, sweep_id, rule_code, basis_on, due_on, owner_id, department_id)
                values (?, ?, 'customer-inactive', ?, ?, ?, ?)""")
                .params(customer, UUID.randomUUID(), Date.valueOf(dueOn.minusYears(3)), Date.valueOf(dueOn),
                        UUID.randomUUID(), department)
                .update();
        cleanup.push(() -> jdbc.sql("delete from retention_due where customer_id = ?").param(customer).update());
    }

    private Instant sweep(Instant started, boolean finished) {
        UUID id = UUID.randomUUID();
        Instant end = started.plus(Duration.ofSeconds(40));
        jdbc.sql("""
                insert into retention_sweep (id, rule_version, as_of, started_at, finished_at, due_count, upcoming_count)
                values (?, 1, ?, ?, ?, ?, ?)""")
                .params(id, Date.valueOf(LocalDate.ofInstant(started, times.companyZone())), utc(started),
                        finished ? utc(end) : null, finished ? 0 : null, finished ? 0 : null)
                .update();
        cleanup.push(() -> jdbc.sql("delete from retention_sweep where id = ?").param(id).update());
        return end;
    }

    private void batch(UUID department, String status, UUID proposer) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into destruction_batch (id, number, source, department_id, reason, status, rule_version, method,
                    customer_count, proposed_by, proposed_at, version)
                values (?, ?, 'MANUAL', ?, 'planted', ?, 1, 'CRYPTO_SHREDDING', 0, ?, ?, 0)""")
                .params(id, "EV-" + suffix(), department, status, proposer, utc(clock.instant()))
                .update();
        cleanup.push(() -> jdbc.sql("delete from destruction_batch where id = ?").param(id).update());
    }
}
