package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.web.Times;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * The compliance map's evidence about people and processes (issue 22, R-SUP-6, R-X-6): each
 * indicator of {@link PeopleEvidence} gives the right figure for a planted state and moves when the
 * state changes. Departmental figures are read for a department of the test's own, so other
 * departments' rows must not count; company figures are compared before and after, as the database
 * is shared with the other tests.
 */
@IntegrationTest
class PeopleEvidenceTests {

    @Autowired PeopleEvidence evidence;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired Times times;
    @Autowired PolicyDocuments documents;

    @Test
    void answersExactlyItsIndicators() {
        assertThat(evidence.indicators()).containsExactlyInAnyOrder(Indicator.TRAINING_COMPLETION,
                Indicator.POLICY_NOT_ACKNOWLEDGED, Indicator.AGREEMENTS_NOT_ACCEPTED, Indicator.DAYS_SINCE_POLICY_REVIEW,
                Indicator.OVERDUE_HANDOVERS, Indicator.OVERDUE_CASES, Indicator.OPEN_INCIDENTS,
                Indicator.OVERDUE_INCIDENT_CLOCKS, Indicator.OPEN_FINDINGS, Indicator.OVERDUE_RECTIFICATIONS,
                Indicator.UNTRIAGED_ALERTS, Indicator.REPORTS_PAST_ANSWER_DATE, Indicator.DAYS_SINCE_ASSESSMENT,
                Indicator.OVERDUE_VULNERABILITIES, Indicator.BREAK_GLASS_UNREVIEWED);
    }

    @Test
    void percentIsRoundedDownAndFullWithNobodyToCount() {
        assertThat(Figure.percent(9999, 10000)).isEqualTo(99);
        assertThat(Figure.percent(2, 3)).isEqualTo(66);
        assertThat(Figure.percent(0, 0)).isEqualTo(100);
        assertThat(Figure.percent(4, 4)).isEqualTo(100);
    }

    // ---------------------------------------------------------------- training, policy, agreement

    @Test
    void trainingCompletionIsTheShareOfAssignedStaffHoldingACurrentPass() {
        UUID department = department();
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).as("nobody to count").isEqualTo(100);
        UUID a = staff(department);
        UUID b = staff(department);
        UUID c = staff(department);
        departed(department);
        UUID course = course();
        jdbc.sql("insert into training_assignment (id, course_id, role, department_id, due_on, created_by, created_at) "
                + "values (?, ?, null, ?, ?, ?, ?)").params(UUID.randomUUID(), course, department,
                        today().plusDays(30), a, utc(clock.instant())).update();
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).isZero();

        pass(a, course, clock.instant().plus(Duration.ofDays(300)));
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).as("1 of 3, rounded down").isEqualTo(33);
        pass(b, course, clock.instant().plus(Duration.ofDays(300)));
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).as("2 of 3, rounded down").isEqualTo(66);
        pass(c, course, clock.instant().minus(Duration.ofDays(1)));
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).as("a pass that ran out is no pass")
                .isEqualTo(66);
        pass(c, course, clock.instant().plus(Duration.ofDays(300)));
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).isEqualTo(100);

        // Someone in another department without a pass changes nothing here.
        UUID other = department();
        staff(other);
        jdbc.sql("insert into training_assignment (id, course_id, role, department_id, due_on, created_by, created_at) "
                + "values (?, ?, null, ?, ?, ?, ?)").params(UUID.randomUUID(), course, other, today().plusDays(30), a,
                        utc(clock.instant())).update();
        assertThat(value(Indicator.TRAINING_COMPLETION, department)).isEqualTo(100);
        assertThat(value(Indicator.TRAINING_COMPLETION, other)).isZero();
        assertThat(value(Indicator.TRAINING_COMPLETION, null)).isBetween(0L, 99L);
    }

    @Test
    void staffWhoHaveNotAcknowledgedThePolicyInForceAreCounted() {
        UUID department = department();
        UUID a = staff(department);
        UUID b = staff(department);
        departed(department);
        UUID policy = policyDocument();
        UUID first = publish(policy);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isEqualTo(2);
        // Other tests may have put other policy documents in force: these two know those.
        acknowledgeEveryPolicyExcept(a, first);
        acknowledgeEveryPolicyExcept(b, first);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isEqualTo(2);

        long company = value(Indicator.POLICY_NOT_ACKNOWLEDGED, null);
        acknowledge(first, a);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isEqualTo(1);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, null)).isEqualTo(company - 1);
        acknowledge(first, b);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isZero();

        // A new version is a new text: nobody has acknowledged it yet.
        UUID second = publish(policy);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isEqualTo(2);
        acknowledge(second, a);
        assertThat(value(Indicator.POLICY_NOT_ACKNOWLEDGED, department)).isEqualTo(1);
    }

    @Test
    void staffWhoHaveNotAcceptedTheAgreementInForceAreCounted() {
        UUID department = department();
        UUID a = staff(department);
        UUID b = staff(department);
        departed(department);
        UUID agreement = documents.agreementId().orElseGet(
                () -> as(officer(), () -> documents.create(DocumentKind.AGREEMENT, content("agreement"), officer())));
        UUID version = publish(agreement);
        assertThat(value(Indicator.AGREEMENTS_NOT_ACCEPTED, department)).isEqualTo(2);

        long company = value(Indicator.AGREEMENTS_NOT_ACCEPTED, null);
        acknowledge(version, a);
        assertThat(value(Indicator.AGREEMENTS_NOT_ACCEPTED, department)).isEqualTo(1);
        assertThat(value(Indicator.AGREEMENTS_NOT_ACCEPTED, null)).isEqualTo(company - 1);
        staff(department);
        assertThat(value(Indicator.AGREEMENTS_NOT_ACCEPTED, department)).as("someone new").isEqualTo(2);
        acknowledge(version, b);
        assertThat(value(Indicator.AGREEMENTS_NOT_ACCEPTED, department)).isEqualTo(1);
    }

    @Test
    void thePolicyWasLastReviewedWhenTheVersionInForceReviewedLongestAgoWasPublished() {
        Instant before = at(Indicator.DAYS_SINCE_POLICY_REVIEW);
        UUID oldest = jdbc.sql("select v.document_id from policy_document_version v join policy_document d "
                + "on d.id = v.document_id where v.state = 'PUBLISHED' and d.kind = 'POLICY' order by v.published_at "
                + "fetch first 1 rows only").query(UUID.class).optional().orElseGet(this::policyDocument);
        Instant published = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        publish(oldest);

        Instant after = at(Indicator.DAYS_SINCE_POLICY_REVIEW);
        assertThat(after).isNotNull();
        assertThat(after).isBeforeOrEqualTo(published);
        if (before != null) {
            // Another policy document may have been published at the same instant of the shared clock.
            assertThat(after).isAfterOrEqualTo(before);
        }
        Long others = jdbc.sql("select count(*) from policy_document_version v join policy_document d "
                + "on d.id = v.document_id where v.state = 'PUBLISHED' and d.kind = 'POLICY'").query(Long.class).single();
        if (others == 1) {
            assertThat(after).isEqualTo(published);
        }
    }

    // ---------------------------------------------------------------- handovers, cases

    @Test
    void handoversStillOpenAfterTheEffectiveDayAreOverdue() {
        UUID department = department();
        UUID other = department();
        UUID person = staff(department);
        long company = value(Indicator.OVERDUE_HANDOVERS, null);
        LocalDate today = today();
        handover(person, department, today.minusDays(1), "OPEN");
        handover(person, department, today, "OPEN");
        handover(person, department, today.plusDays(3), "OPEN");
        handover(person, department, today.minusDays(5), "SIGNED_OFF");
        handover(person, department, today.minusDays(5), "WITHDRAWN");
        UUID elsewhere = handover(person, other, today.minusDays(2), "OPEN");

        assertThat(value(Indicator.OVERDUE_HANDOVERS, department)).isEqualTo(1);
        assertThat(value(Indicator.OVERDUE_HANDOVERS, other)).isEqualTo(1);
        assertThat(value(Indicator.OVERDUE_HANDOVERS, null)).isEqualTo(company + 2);
        jdbc.sql("update handover_case set status = 'SIGNED_OFF' where id = ?").param(elsewhere).update();
        assertThat(value(Indicator.OVERDUE_HANDOVERS, other)).isZero();
        assertThat(value(Indicator.OVERDUE_HANDOVERS, null)).isEqualTo(company + 1);
    }

    @Test
    void openCasesPastTheirDueDayAreOverdue() {
        UUID department = department();
        UUID other = department();
        long company = value(Indicator.OVERDUE_CASES, null);
        LocalDate today = today();
        caseOf(department, today.minusDays(1), "OPEN");
        caseOf(department, today, "OPEN");
        caseOf(department, today.minusDays(3), "PAUSED");
        caseOf(department, today.minusDays(3), "CLOSED");
        UUID elsewhere = caseOf(other, today.minusDays(1), "OPEN");

        assertThat(value(Indicator.OVERDUE_CASES, department)).isEqualTo(1);
        assertThat(value(Indicator.OVERDUE_CASES, null)).isEqualTo(company + 2);
        jdbc.sql("update casework_case set status = 'CLOSED' where id = ?").param(elsewhere).update();
        assertThat(value(Indicator.OVERDUE_CASES, other)).isZero();
        assertThat(value(Indicator.OVERDUE_CASES, null)).isEqualTo(company + 1);
    }

    // ---------------------------------------------------------------- incidents

    @Test
    void openIncidentsAndTheirClocksRunningPastDueAreCounted() {
        UUID opener = staff(department());
        Instant now = clock.instant();
        long open = value(Indicator.OPEN_INCIDENTS, null);
        long clocks = value(Indicator.OVERDUE_INCIDENT_CLOCKS, null);

        UUID incident = incident(opener, "OPEN");
        clock(incident, "REGULATOR_INITIAL", now.minus(Duration.ofHours(1)), null);
        clock(incident, "REGULATOR_DETAIL", now.plus(Duration.ofHours(20)), null);
        clock(incident, "CUSTOMERS", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(3)));
        UUID closed = incident(opener, "CLOSED");
        clock(closed, "REGULATOR_INITIAL", now.minus(Duration.ofHours(1)), null);

        assertThat(value(Indicator.OPEN_INCIDENTS, null)).isEqualTo(open + 1);
        assertThat(value(Indicator.OVERDUE_INCIDENT_CLOCKS, null)).isEqualTo(clocks + 1);
        jdbc.sql("update incident_clock set stopped_at = ?, stop_recorded_at = ?, stop_reason = 'NOTIFIED' "
                + "where incident_id = ? and kind = 'REGULATOR_INITIAL'").params(utc(now), utc(now), incident).update();
        assertThat(value(Indicator.OVERDUE_INCIDENT_CLOCKS, null)).isEqualTo(clocks);
        jdbc.sql("update incident_incident set status = 'CLOSED', closed_at = ? where id = ?").params(utc(now), incident)
                .update();
        assertThat(value(Indicator.OPEN_INCIDENTS, null)).isEqualTo(open);
    }

    // ---------------------------------------------------------------- inspections, assessments, vulnerabilities

    @Test
    void findingsNotClosedAreOpenAndThoseStillOpenPastTheirDueDayOverdue() {
        UUID department = department();
        UUID other = department();
        UUID inspector = staff(department());
        UUID head = staff(department);
        long open = value(Indicator.OPEN_FINDINGS, null);
        long overdue = value(Indicator.OVERDUE_RECTIFICATIONS, null);
        LocalDate today = today();
        UUID inspection = inspection(department, inspector);
        List<UUID> items = items(4);
        UUID late = rectification(inspection, items.get(0), department, head, inspector, today.minusDays(1), "OPEN");
        rectification(inspection, items.get(1), department, head, inspector, today.plusDays(10), "OPEN");
        rectification(inspection, items.get(2), department, head, inspector, today.minusDays(1), "SUBMITTED");
        rectification(inspection, items.get(3), department, head, inspector, today.minusDays(1), "CLOSED");
        UUID elsewhere = inspection(other, inspector);
        rectification(elsewhere, items.get(0), other, inspector, inspector, today.minusDays(2), "OPEN");

        assertThat(value(Indicator.OPEN_FINDINGS, department)).isEqualTo(3);
        assertThat(value(Indicator.OVERDUE_RECTIFICATIONS, department)).isEqualTo(1);
        assertThat(value(Indicator.OPEN_FINDINGS, null)).isEqualTo(open + 4);
        assertThat(value(Indicator.OVERDUE_RECTIFICATIONS, null)).isEqualTo(overdue + 2);
        jdbc.sql("update rectification set status = 'SUBMITTED' where id = ?").param(late).update();
        assertThat(value(Indicator.OPEN_FINDINGS, department)).isEqualTo(3);
        assertThat(value(Indicator.OVERDUE_RECTIFICATIONS, department)).isZero();
        jdbc.sql("update rectification set status = 'CLOSED' where id = ?").param(late).update();
        assertThat(value(Indicator.OPEN_FINDINGS, department)).isEqualTo(2);
    }

    @Test
    void theLastAssessmentIsTheLatestDayOneWasCarriedOut() {
        UUID by = staff(department());
        Instant before = at(Indicator.DAYS_SINCE_ASSESSMENT);
        LocalDate today = today();
        LocalDate latest = before == null ? today.minusDays(400)
                : LocalDate.ofInstant(before, times.companyZone());
        LocalDate done = latest.plusDays(1);
        assessment(by, latest.plusDays(3), "PLANNED");
        assertThat(at(Indicator.DAYS_SINCE_ASSESSMENT)).isEqualTo(before);

        assessment(by, done, "DONE");
        assertThat(at(Indicator.DAYS_SINCE_ASSESSMENT)).isEqualTo(done.atStartOfDay(times.companyZone()).toInstant());
    }

    @Test
    void vulnerabilitiesStillPendingPastTheirDueDayAreOverdue() {
        UUID by = staff(department());
        long overdue = value(Indicator.OVERDUE_VULNERABILITIES, null);
        LocalDate yesterday = today().minusDays(1);
        UUID open = vulnerability(by, yesterday, "OPEN");
        vulnerability(by, yesterday, "IN_PROGRESS");
        vulnerability(by, yesterday, "RISK_PROPOSED");
        vulnerability(by, yesterday, "FIXED");
        vulnerability(by, yesterday, "VERIFIED");
        vulnerability(by, yesterday, "ACCEPTED_RISK");
        vulnerability(by, today(), "OPEN");

        assertThat(value(Indicator.OVERDUE_VULNERABILITIES, null)).isEqualTo(overdue + 3);
        jdbc.sql("update supervision_vulnerability set status = 'FIXED' where id = ?").param(open).update();
        assertThat(value(Indicator.OVERDUE_VULNERABILITIES, null)).isEqualTo(overdue + 2);
    }

    // ---------------------------------------------------------------- monitoring, whistleblowing, emergency access

    @Test
    void alertsNotTriagedAreCountedForTheDepartmentTheyAreAbout() {
        UUID department = department();
        UUID other = department();
        long company = value(Indicator.UNTRIAGED_ALERTS, null);
        UUID untriaged = alert(department, "OPEN");
        alert(department, "FINDING");
        alert(department, "FALSE_POSITIVE");
        alert(other, "OPEN");

        assertThat(value(Indicator.UNTRIAGED_ALERTS, department)).isEqualTo(1);
        assertThat(value(Indicator.UNTRIAGED_ALERTS, null)).isEqualTo(company + 2);
        jdbc.sql("update monitoring_alert set status = 'FALSE_POSITIVE', triaged_at = ? where id = ?")
                .params(utc(clock.instant()), untriaged).update();
        assertThat(value(Indicator.UNTRIAGED_ALERTS, department)).isZero();
        assertThat(value(Indicator.UNTRIAGED_ALERTS, null)).isEqualTo(company + 1);
    }

    @Test
    void openReportsWithoutAnAnswerPastTheirAnswerDateAreCounted() {
        UUID handler = staff(department());
        long company = value(Indicator.REPORTS_PAST_ANSWER_DATE, null);
        LocalDate today = today();
        UUID late = report(today.minusDays(16), "OPEN");
        report(today.minusDays(15), "OPEN");
        report(today, "OPEN");
        answer(report(today.minusDays(40), "OPEN"), handler, 1);
        report(today.minusDays(40), "CLOSED");

        assertThat(value(Indicator.REPORTS_PAST_ANSWER_DATE, null)).isEqualTo(company + 1);
        jdbc.sql("insert into whistle_message (id, report_id, author, handler_id, written_on, position, text_cipher) "
                + "values (?, ?, 'REPORTER', null, ?, 1, 'planted')").params(UUID.randomUUID(), late, today).update();
        assertThat(value(Indicator.REPORTS_PAST_ANSWER_DATE, null)).as("the reporter's own words are no answer")
                .isEqualTo(company + 1);
        answer(late, handler, 2);
        assertThat(value(Indicator.REPORTS_PAST_ANSWER_DATE, null)).isEqualTo(company);
    }

    @Test
    void emergencyAccessesUnreviewedPastTheirReviewDeadlineAreCountedForTheDepartmentOfWhoOpenedThem() {
        UUID department = department();
        UUID other = department();
        UUID person = staff(department);
        UUID elsewhere = staff(other);
        Instant now = clock.instant();
        long company = value(Indicator.BREAK_GLASS_UNREVIEWED, null);
        UUID overdue = breakGlass(person, other, now.minus(Duration.ofDays(4)), false);
        breakGlass(person, department, now.minus(Duration.ofHours(1)), false);
        breakGlass(person, department, now.minus(Duration.ofDays(5)), true);
        breakGlass(elsewhere, department, now.minus(Duration.ofDays(4)), false);

        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, department)).isEqualTo(1);
        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, other)).isEqualTo(1);
        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, department())).as("nobody there").isZero();
        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, null)).isEqualTo(company + 2);
        jdbc.sql("update break_glass set reviewed_at = ?, reviewed_by = ?, review_outcome = 'JUSTIFIED' where id = ?")
                .params(utc(now), elsewhere, overdue).update();
        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, department)).isZero();
        assertThat(value(Indicator.BREAK_GLASS_UNREVIEWED, null)).isEqualTo(company + 1);
    }

    // ---------------------------------------------------------------- helpers

    private long value(Indicator indicator, @Nullable UUID department) {
        Instant now = clock.instant();
        Figure figure = evidence.figure(indicator, department, now);
        assertThat(figure.at()).isEqualTo(now);
        assertThat(figure.value()).isNotNull();
        return figure.value();
    }

    private @Nullable Instant at(Indicator indicator) {
        Figure figure = evidence.figure(indicator, null, clock.instant());
        assertThat(figure.value()).isNull();
        return figure.at();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    private UUID department() {
        return accounts.department("PEOPLE-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A member of staff of the department, with no role (so no role's training is assigned to them). */
    private UUID staff(UUID department) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of());
        accounts.moveTo(account, department);
        return account.id();
    }

    /** Someone who left the department: never counted. */
    private void departed(UUID department) {
        UUID id = staff(department);
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(id).update();
    }

    private UUID course() {
        UUID id = UUID.randomUUID();
        UUID by = UUID.randomUUID();
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into training_course (id, title_zh, title_en, summary_zh, summary_en, pass_mark, question_count,
                    mandatory, state, created_by, created_at, updated_at, published_at)
                values (?, '课程', 'Course', '摘要', 'Summary', 80, 1, true, 'PUBLISHED', ?, ?, ?, ?)""")
                .params(id, by, now, now, now).update();
        return id;
    }

    private void pass(UUID employee, UUID course, Instant validUntil) {
        Instant now = clock.instant();
        int number = jdbc.sql("select count(*) + 1 from training_attempt where employee_id = ? and course_id = ?")
                .params(employee, course).query(Integer.class).single();
        jdbc.sql("""
                insert into training_attempt (id, course_id, employee_id, open_for, started_at, submitted_at,
                    question_count, correct_count, score, passed, valid_until, number, too_fast)
                values (?, ?, ?, null, ?, ?, 1, 1, 100, true, ?, ?, false)""")
                .params(UUID.randomUUID(), course, employee, utc(now.minus(Duration.ofMinutes(10))), utc(now),
                        utc(validUntil), number).update();
    }

    private CustosUser officer() {
        return user(Role.ADMIN_OFFICER);
    }

    private CustosUser user(Role role) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(role));
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, Set.of(role),
                EmployeeStatus.ACTIVE);
    }

    private static DocumentContent content(String marker) {
        return new DocumentContent("标题 " + marker, "Title " + marker, "正文 " + marker, "Body " + marker);
    }

    /** A policy document (not the agreement): the first there is, or a new one. */
    private UUID policyDocument() {
        return jdbc.sql("select id from policy_document where kind = 'POLICY' order by created_at, id "
                + "fetch first 1 rows only").query(UUID.class).optional()
                .orElseGet(() -> {
                    CustosUser officer = officer();
                    UUID version = as(officer, () -> documents.create(DocumentKind.POLICY, content("policy"), officer));
                    return jdbc.sql("select document_id from policy_document_version where id = ?").param(version)
                            .query(UUID.class).single();
                });
    }

    /** Publishes a new version of the document through the use cases (finishing the version open) and answers its id. */
    private UUID publish(UUID document) {
        CustosUser officer = officer();
        CustosUser manager = user(Role.MANAGEMENT);
        DocumentView view = as(officer, () -> documents.document(document, officer));
        UUID version = view.open().map(VersionView::id)
                .orElseGet(() -> as(officer, () -> documents.draftNext(document, content("next"), officer)));
        VersionState state = as(officer, () -> documents.version(version, officer)).state();
        if (state.editable()) {
            as(officer, () -> {
                documents.revise(version, content("next"), officer);
                documents.submit(version, officer);
                return null;
            });
        }
        as(manager, () -> {
            documents.approve(version, manager);
            return null;
        });
        return version;
    }

    /** Acknowledges every policy version in force for the person but one. */
    private void acknowledgeEveryPolicyExcept(UUID employee, UUID except) {
        for (UUID version : jdbc.sql("select v.id from policy_document_version v join policy_document d "
                + "on d.id = v.document_id where v.state = 'PUBLISHED' and d.kind = 'POLICY'").query(UUID.class).list()) {
            if (!version.equals(except)) {
                acknowledge(version, employee);
            }
        }
    }

    private void acknowledge(UUID version, UUID employee) {
        jdbc.sql("insert into policy_acknowledgment (version_id, employee_id, acknowledged_at) values (?, ?, ?)")
                .params(version, employee, utc(clock.instant())).update();
    }

    private static <T> T as(CustosUser user, Supplier<T> action) {
        var authorities = user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private UUID handover(UUID employee, UUID department, LocalDate effectiveOn, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into handover_case (id, employee_id, kind, department_id, effective_on, status, opened_at, "
                + "version) values (?, ?, 'DEPARTURE', ?, ?, ?, ?, 0)")
                .params(id, employee, department, effectiveOn, status, utc(clock.instant())).update();
        return id;
    }

    private UUID caseOf(UUID department, LocalDate dueOn, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into casework_case (id, reference, type, channel, customer_id, department_id, status, received_on,
                    received_at, working_days, extension_days, paused_days, due_on, escalation, version)
                values (?, ?, 'COPY', 'LETTER', ?, ?, ?, ?, ?, 15, 0, 0, ?, 'NONE', 0)""")
                .params(id, "T-" + id.toString().substring(0, 12), UUID.randomUUID(), department, status,
                        dueOn.minusDays(20), utc(clock.instant()), dueOn).update();
        return id;
    }

    private UUID incident(UUID opener, String status) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into incident_incident (id, reference, severity, status, data_categories, detected_at, opened_at,
                    opened_by, summary_cipher, affected_count, closed_at, version)
                values (?, ?, 'GENERAL', ?, 'CONTACT', ?, ?, ?, 'planted', 1, ?, 0)""")
                .params(id, "T-" + id.toString().substring(0, 12), status, now, now, opener,
                        "CLOSED".equals(status) ? now : null).update();
        return id;
    }

    private void clock(UUID incident, String kind, Instant dueAt, @Nullable Instant stoppedAt) {
        jdbc.sql("""
                insert into incident_clock (incident_id, kind, batch, started_at, due_at, stopped_at, stop_recorded_at,
                    stop_reason, escalation, version) values (?, ?, 1, ?, ?, ?, ?, ?, 'NONE', 0)""")
                .params(incident, kind, utc(dueAt.minus(Duration.ofHours(72))), utc(dueAt),
                        stoppedAt == null ? null : utc(stoppedAt), stoppedAt == null ? null : utc(stoppedAt),
                        stoppedAt == null ? null : "NOTIFIED").update();
    }

    /** A checklist with enough items for a rectification per item (the one shipped has more). */
    private UUID checklist() {
        return jdbc.sql("select checklist_id from inspection_checklist_item group by checklist_id having count(*) >= 4 "
                + "order by checklist_id fetch first 1 rows only").query(UUID.class).single();
    }

    private List<UUID> items(int count) {
        return jdbc.sql("select id from inspection_checklist_item where checklist_id = ? order by position")
                .param(checklist()).query(UUID.class).list().subList(0, count);
    }

    private UUID inspection(UUID department, UUID inspector) {
        UUID id = UUID.randomUUID();
        UUID checklist = checklist();
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into inspection (id, checklist_id, department_id, period_label, period_start, period_end,
                    inspector_id, planned_by, planned_at, status, started_at, completed_at, version)
                values (?, ?, ?, '2026-Q1', ?, ?, ?, ?, ?, 'COMPLETED', ?, ?, 0)""")
                .params(id, checklist, department, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31), inspector,
                        inspector, now, now, now).update();
        return id;
    }

    private UUID rectification(UUID inspection, UUID item, UUID department, UUID owner, UUID inspector, LocalDate dueOn,
            String status) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into rectification (id, inspection_id, item_id, department_id, owner_id, inspector_id, due_on,
                    status, opened_at, closed_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(id, inspection, item, department, owner, inspector, dueOn, status, now,
                        "CLOSED".equals(status) ? now : null).update();
        return id;
    }

    private void assessment(UUID by, LocalDate on, String status) {
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into supervision_assessment (id, kind, scope, assessed_on, assessor, summary, status, created_at,
                    created_by, completed_at, completed_by, version)
                values (?, 'INTERNAL_REVIEW', 'planted', ?, 'planted', null, ?, ?, ?, ?, ?, 0)""")
                .params(UUID.randomUUID(), on, status, now, by, "DONE".equals(status) ? now : null,
                        "DONE".equals(status) ? by : null).update();
    }

    private UUID vulnerability(UUID by, LocalDate dueOn, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into supervision_vulnerability (id, title, description, severity, found_on, component, due_on,
                    status, created_at, created_by, version)
                values (?, 'planted', 'planted', 'HIGH', ?, 'planted', ?, ?, ?, ?, 0)""")
                .params(id, dueOn.minusDays(30), dueOn, status, utc(clock.instant()), by).update();
        return id;
    }

    private UUID alert(UUID department, String status) {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = utc(clock.instant());
        boolean triaged = !"OPEN".equals(status);
        jdbc.sql("""
                insert into monitoring_alert (id, rule_kind, rule_version, severity, subject_key, subject_id, department_id,
                figure, threshold, window_minutes, first_event_at, last_event_at, trigger_event, raised_at, repeats, status,
                triaged_at, version) values (?, 'BULK_READING', 1, 'HIGH', ?, null, ?, 60, 50, 10, ?, ?, ?, ?, 0, ?, ?, 0)""")
                .params(id, "person:" + UUID.randomUUID(), department, at, at,
                        Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000), at, status,
                        triaged ? at : null).update();
        return id;
    }

    private UUID report(LocalDate receivedOn, String status) {
        UUID id = UUID.randomUUID();
        boolean closed = "CLOSED".equals(status);
        jdbc.sql("""
                insert into whistle_report (id, code_hash, handler_role, concerns_admin, status, verdict, received_on,
                    closed_at, version) values (?, ?, 'ADMIN_OFFICER', false, ?, ?, ?, ?, 0)""")
                .params(id, (id.toString() + id).replace("-", "").substring(0, 64), status,
                        closed ? "UNFOUNDED" : null, receivedOn, closed ? utc(clock.instant()) : null).update();
        jdbc.sql("insert into whistle_message (id, report_id, author, handler_id, written_on, position, text_cipher) "
                + "values (?, ?, 'REPORT', null, ?, 0, 'planted')").params(UUID.randomUUID(), id, receivedOn).update();
        return id;
    }

    private void answer(UUID report, UUID handler, int position) {
        jdbc.sql("insert into whistle_message (id, report_id, author, handler_id, written_on, position, text_cipher) "
                + "values (?, ?, 'ANSWER', ?, ?, ?, 'planted')")
                .params(UUID.randomUUID(), report, handler, today(), position).update();
    }

    private UUID breakGlass(UUID employee, UUID customerDepartment, Instant requestedAt, boolean reviewed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into break_glass (id, customer_id, department_id, employee_id, justification, requested_at,
                    expires_at, reviewed_at, reviewed_by, review_outcome) values (?, ?, ?, ?, 'planted', ?, ?, ?, ?, ?)""")
                .params(id, UUID.randomUUID(), customerDepartment, employee, utc(requestedAt),
                        utc(requestedAt.plus(Duration.ofHours(1))), reviewed ? utc(clock.instant()) : null,
                        reviewed ? employee : null, reviewed ? "JUSTIFIED" : null).update();
        return id;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
