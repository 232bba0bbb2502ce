package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditStream.StreamEvent;
import io.custos.shared.Actor;

/**
 * The rules on synthetic streams (issue 21, "Tests that must exist"): every kind fires exactly once
 * on a stream that crosses it, with its figure, subject, evidence and times, and stays quiet on a
 * sales person's ordinary day; then the edges an insider would lean on.
 */
class RuleEngineTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Monday 7 December 2026 at 10:00 in the company's zone: a plain working day. */
    private static final Instant MONDAY = at(LocalDate.of(2026, 12, 7), 10, 0);

    private final ScriptedFacts facts = new ScriptedFacts();
    private final UUID department = UUID.randomUUID();
    private final UUID sales = person(department, false);
    private long row = 1000;

    // ------------------------------------------------------------------------------------------
    // Every rule: crossed once, quiet on a normal day

    @ParameterizedTest
    @EnumSource(RuleKind.class)
    void eachRuleFiresExactlyOnceOnAStreamThatCrossesIt(RuleKind kind) {
        Scenario scenario = crossing(kind);

        List<Crossing> crossings = feed(engine(), scenario.events());

        List<Crossing> ofKind = crossings.stream().filter(c -> c.kind() == kind).toList();
        assertThat(ofKind).as(kind.name()).hasSize(1);
        Crossing crossing = ofKind.get(0);
        assertThat(crossing.figure()).isEqualTo(scenario.figure());
        assertThat(crossing.threshold()).isEqualTo(kind.defaults().threshold());
        assertThat(crossing.windowMinutes()).isEqualTo(kind.defaults().windowMinutes());
        assertThat(crossing.severity()).isEqualTo(kind.defaults().severity());
        assertThat(crossing.ruleVersion()).isEqualTo(7);
        assertThat(crossing.subjectKey()).isEqualTo(scenario.subjectKey());
        assertThat(crossing.subjectId()).isEqualTo(scenario.subjectId());
        assertThat(crossing.departmentId()).isEqualTo(scenario.departmentId());
        assertThat(crossing.rows()).containsExactlyElementsOf(scenario.rows());
        assertThat(crossing.triggerRow()).isEqualTo(scenario.rows().get(scenario.rows().size() - 1));
        assertThat(crossing.firstAt()).isEqualTo(scenario.firstAt());
        assertThat(crossing.lastAt()).isEqualTo(scenario.lastAt());
    }

    @ParameterizedTest
    @EnumSource(RuleKind.class)
    void eachRuleStaysQuietOnANormalDay(RuleKind kind) {
        RuleEngine alone = new RuleEngine(1, List.of(kind.defaults()), facts);

        assertThat(feed(alone, normalDay())).isEmpty();
    }

    @Test
    void allRulesTogetherStayQuietOnANormalDay() {
        assertThat(feed(engine(), normalDay())).isEmpty();
    }

    /**
     * A sales person's ordinary Monday: signs in from the office network, views and reveals a dozen
     * usual customers (and meets two new ones) 45 times between 09:00 and 17:30, is refused once,
     * exports a small list.
     */
    private List<StreamEvent> normalDay() {
        facts.networks.computeIfAbsent(sales, a -> new HashMap<>()).put("10.20.30.0/24", 1L);
        List<UUID> usual = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID customer = UUID.randomUUID();
            usual.add(customer);
            facts.contacts.computeIfAbsent(sales, a -> new HashMap<>()).put(customer, 2L + i);
        }
        usual.add(UUID.randomUUID());
        usual.add(UUID.randomUUID());
        LocalDate monday = LocalDate.of(2026, 12, 7);
        List<StreamEvent> day = new ArrayList<>();
        day.add(signIn(sales, at(monday, 8, 50), "10.20.30.41"));
        Instant t = at(monday, 9, 0);
        for (int i = 0; i < 45; i++) {
            UUID customer = usual.get(i % usual.size());
            day.add(i % 3 == 0 ? reveal(sales, customer, t) : view(sales, customer, t));
            if (i == 10) {
                day.add(refused(sales, t.plusSeconds(30)));
            }
            t = t.plus(Duration.ofMinutes(11));
        }
        day.add(export(sales, 25, at(monday, 16, 5), null));
        day.add(signIn(sales, at(monday, 13, 30), "10.20.30.77"));
        return day;
    }

    private record Scenario(List<StreamEvent> events, long figure, String subjectKey, @Nullable UUID subjectId,
            @Nullable UUID departmentId, List<Long> rows, Instant firstAt, Instant lastAt) {

        static Scenario of(List<StreamEvent> events, long figure, UUID person, @Nullable UUID department,
                List<StreamEvent> evidence) {
            return new Scenario(events, figure, "person:" + person, person, department,
                    evidence.stream().map(StreamEvent::row).toList(), evidence.get(0).at(),
                    evidence.get(evidence.size() - 1).at());
        }
    }

    private Scenario crossing(RuleKind kind) {
        List<StreamEvent> events = new ArrayList<>();
        switch (kind) {
            case BULK_READING -> {
                // 51 customers in 8.5 minutes, half of them looked up by a value rather than viewed.
                for (int i = 0; i < 51; i++) {
                    UUID customer = UUID.randomUUID();
                    facts.contacts.computeIfAbsent(sales, a -> new HashMap<>()).put(customer, 1L);
                    Instant t = MONDAY.plusSeconds(10L * i);
                    events.add(i % 2 == 0 ? view(sales, customer, t) : found(sales, customer, t));
                }
                return Scenario.of(events, 51, sales, department, events);
            }
            case OFF_HOURS -> {
                Instant night = at(LocalDate.of(2026, 12, 7), 22, 0);
                for (int i = 0; i < 4; i++) {
                    events.add(view(sales, known(sales), night.plus(Duration.ofMinutes(10L * i))));
                }
                return Scenario.of(events, 4, sales, department, events);
            }
            case UNUSUAL_CUSTOMERS -> {
                events.add(view(sales, known(sales), MONDAY.minusSeconds(60)));
                List<StreamEvent> fresh = new ArrayList<>();
                for (int i = 0; i < 21; i++) {
                    fresh.add(reveal(sales, UUID.randomUUID(), MONDAY.plus(Duration.ofMinutes(2L * i))));
                }
                events.addAll(fresh);
                return Scenario.of(events, 21, sales, department, fresh);
            }
            case REPEATED_REFUSALS -> {
                for (int i = 0; i < 6; i++) {
                    events.add(refused(sales, MONDAY.plus(Duration.ofMinutes(i))));
                }
                return Scenario.of(events, 6, sales, department, events);
            }
            case LARGE_EXPORT -> {
                events.add(export(sales, 120, MONDAY, null));
                events.add(export(sales, 90, MONDAY.plus(Duration.ofMinutes(50)), null));
                return Scenario.of(events, 210, sales, department, events);
            }
            case ON_NOTICE_ACCESS -> {
                UUID leaving = person(department, true);
                events.add(signIn(leaving, MONDAY.minusSeconds(60), "10.20.30.5"));
                events.add(view(leaving, known(leaving), MONDAY));
                return Scenario.of(events, 1, leaving, department, events.subList(1, 2));
            }
            case BREAK_GLASS -> {
                events.add(event(MONDAY, RuleEngine.BREAK_GLASS, AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, sales,
                        "break-glass", UUID.randomUUID(), null, Map.of("minutes", 60)));
                return Scenario.of(events, 1, sales, department, events);
            }
            case NEW_NETWORK_SIGN_IN -> {
                events.add(signIn(sales, MONDAY, "10.20.30.41"));
                events.add(signIn(sales, MONDAY.plus(Duration.ofHours(3)), "203.0.113.9"));
                return Scenario.of(events, 1, sales, department, events.subList(1, 2));
            }
            case SIGN_IN_AFTER_LOCKOUT -> {
                facts.networks.computeIfAbsent(sales, a -> new HashMap<>()).put("10.20.30.0/24", 1L);
                events.add(locked(sales, MONDAY));
                events.add(signIn(sales, MONDAY.plus(Duration.ofMinutes(40)), "10.20.30.41"));
                return Scenario.of(events, 1, sales, department, events.subList(1, 2));
            }
            case GRANT_ENDING_ACCESS -> {
                UUID partner = person(null, false);
                UUID grant = UUID.randomUUID();
                facts.grants.put(grant, MONDAY.plus(Duration.ofDays(3)));
                for (int i = 0; i < 21; i++) {
                    Instant t = MONDAY.plus(Duration.ofMinutes(2L * i));
                    events.add(i % 2 == 0 ? partnerView(partner, known(partner), t, grant)
                            : partnerReveal(partner, known(partner), t, grant));
                }
                return Scenario.of(events, 21, partner, null, events);
            }
            case AUDIT_CHAIN_FAILURE -> {
                events.add(verified(MONDAY.minusSeconds(3600), true));
                events.add(verified(MONDAY, false));
                List<Long> rows = List.of(events.get(1).row());
                return new Scenario(events, 1, "chain:node-1", null, null, rows, MONDAY, MONDAY);
            }
        }
        throw new AssertionError(kind);
    }

    // ------------------------------------------------------------------------------------------
    // Thresholds and windows

    @Test
    void reachingTheThresholdIsQuietAndExceedingItFires() {
        RuleEngine engine = engine();
        List<StreamEvent> fifty = distinctViews(sales, 50, MONDAY, Duration.ofSeconds(5));

        assertThat(feed(engine, fifty)).isEmpty();
        assertThat(feed(engine, List.of(view(sales, fifty.get(0).targetUuid(), MONDAY.plusSeconds(300)))))
                .as("the same customer again is not one more").isEmpty();
        List<Crossing> crossed = feed(engine, List.of(view(sales, UUID.randomUUID(), MONDAY.plusSeconds(301))));
        assertThat(crossed).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(RuleKind.BULK_READING);
            assertThat(c.figure()).isEqualTo(51);
            assertThat(c.firstAt()).as("the oldest customer still in the window").isEqualTo(MONDAY.plusSeconds(5));
        });
    }

    @Test
    void eventsLeaveTheWindowAtItsLength() {
        RuleEngine engine = engine();
        assertThat(feed(engine, distinctViews(sales, 50, MONDAY, Duration.ofSeconds(1)))).isEmpty();

        // Ten minutes after the first: the first has left, so the 51st customer makes 50.
        assertThat(feed(engine, List.of(view(sales, UUID.randomUUID(), MONDAY.plus(Duration.ofMinutes(10))))))
                .isEmpty();
        // A second later the second has left too; another customer keeps it at 50.
        assertThat(feed(engine, List.of(view(sales, UUID.randomUUID(), MONDAY.plus(Duration.ofMinutes(10))
                .plusSeconds(1))))).isEmpty();
        // But one more within the same second crosses.
        assertThat(feed(engine, List.of(view(sales, UUID.randomUUID(), MONDAY.plus(Duration.ofMinutes(10))
                .plusMillis(1500))))).hasSize(1);
    }

    @Test
    void afterACrossingTheWindowStartsOver() {
        RuleEngine engine = engine();
        List<StreamEvent> first = distinctViews(sales, 51, MONDAY, Duration.ofSeconds(2));
        assertThat(feed(engine, first)).hasSize(1);

        List<StreamEvent> second = distinctViews(sales, 50, MONDAY.plusSeconds(110), Duration.ofSeconds(2));
        assertThat(feed(engine, second)).as("fifty more are not a second crossing").isEmpty();
        List<StreamEvent> last = List.of(view(sales, first.get(0).targetUuid(), MONDAY.plusSeconds(220)));
        List<Crossing> again = feed(engine, last);

        assertThat(again).singleElement().satisfies(c -> {
            assertThat(c.figure()).isEqualTo(51);
            assertThat(c.firstAt()).isEqualTo(second.get(0).at());
            assertThat(c.rows()).doesNotContainAnyElementsOf(first.stream().map(StreamEvent::row).toList())
                    .hasSize(51);
        });
    }

    @Test
    void oneWindowPerPersonWhicheverNodesChainTheEventsCameThrough() {
        RuleEngine engine = engine();
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            StreamEvent viewed = view(sales, known(sales), MONDAY.plusSeconds(i));
            events.add(i % 2 == 0 ? viewed : onChain(viewed, "node-2"));
        }
        assertThat(feed(engine, events)).singleElement().satisfies(c -> assertThat(c.figure()).isEqualTo(51));
    }

    @Test
    void twoPeopleCountApart() {
        UUID colleague = person(department, false);
        RuleEngine engine = engine();
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(view(sales, UUID.randomUUID(), MONDAY.plusSeconds(2L * i)));
            events.add(view(colleague, UUID.randomUUID(), MONDAY.plusSeconds(2L * i + 1)));
        }
        assertThat(feed(engine, events)).filteredOn(c -> c.kind() == RuleKind.BULK_READING).isEmpty();
    }

    @Test
    void aRuleWatchesOnlyItsDepartments() {
        UUID elsewhere = UUID.randomUUID();
        RuleSettings otherDepartment = with(RuleKind.BULK_READING, 50, 10, List.of(elsewhere));
        RuleSettings ours = with(RuleKind.BULK_READING, 50, 10, List.of(department));
        UUID partner = person(null, false);

        assertThat(feed(engine(otherDepartment), distinctViews(sales, 60, MONDAY, Duration.ofSeconds(1)))).isEmpty();
        assertThat(feed(engine(ours), distinctViews(sales, 60, MONDAY, Duration.ofSeconds(1)))).hasSize(1);
        assertThat(feed(engine(ours), distinctViews(partner, 60, MONDAY, Duration.ofSeconds(1))))
                .as("a partner's user has no department: only rules for everyone watch them").isEmpty();
        assertThat(feed(engine(), distinctViews(partner, 60, MONDAY, Duration.ofSeconds(1))))
                .filteredOn(c -> c.kind() == RuleKind.BULK_READING).hasSize(1);
    }

    @Test
    void aDisabledRuleNeverFires() {
        RuleSettings defaults = RuleKind.BULK_READING.defaults();
        RuleSettings off = new RuleSettings(RuleKind.BULK_READING, false, defaults.severity(), defaults.threshold(),
                defaults.windowMinutes(), defaults.suppressMinutes(), List.of(), null, null, null);

        assertThat(feed(engine(off), distinctViews(sales, 500, MONDAY, Duration.ofMillis(100))))
                .filteredOn(c -> c.kind() == RuleKind.BULK_READING).isEmpty();
    }

    @Test
    void revealsIntoAnApprovedExportPackageAreNotBulkReadingButTheExportIsCountedByRows() {
        UUID exportPackage = UUID.randomUUID();
        List<StreamEvent> events = new ArrayList<>();
        Instant night = at(LocalDate.of(2026, 12, 7), 23, 0);
        for (int i = 0; i < 150; i++) {
            events.add(event(night, "customer.field.revealed", AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, sales,
                    "customer", UUID.randomUUID(), null, Map.of("field", "phone", "exportPackage", exportPackage)));
        }
        events.add(export(sales, 150, night, exportPackage));

        List<Crossing> crossings = feed(engine(), events);

        assertThat(crossings).extracting(Crossing::kind).doesNotContain(RuleKind.BULK_READING,
                RuleKind.UNUSUAL_CUSTOMERS, RuleKind.LARGE_EXPORT);
        // The package's one export event at night is one use out of hours, not 151.
        assertThat(crossings).extracting(Crossing::kind).doesNotContain(RuleKind.OFF_HOURS);
        RuleEngine same = engine();
        feed(same, events);
        assertThat(feed(same, List.of(export(sales, 60, night.plusSeconds(60), exportPackage))))
                .as("the package's rows are counted by the export rule").extracting(Crossing::kind)
                .contains(RuleKind.LARGE_EXPORT);
    }

    @Test
    void theWindowSlidesSoABurstAcrossARoundTimeIsCaught() {
        Instant beforeTen = MONDAY.minus(Duration.ofMinutes(4));
        List<StreamEvent> events = new ArrayList<>(distinctViews(sales, 30, beforeTen, Duration.ofSeconds(8)));
        events.addAll(distinctViews(sales, 21, MONDAY, Duration.ofSeconds(10)));

        assertThat(feed(engine(), events)).filteredOn(c -> c.kind() == RuleKind.BULK_READING).singleElement()
                .satisfies(c -> assertThat(c.firstAt()).isEqualTo(beforeTen));
    }

    @Test
    void viewingAndRevealingOneCustomerIsOneCustomer() {
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID customer = known(sales);
            events.add(view(sales, customer, MONDAY.plusSeconds(i)));
            events.add(reveal(sales, customer, MONDAY.plusSeconds(i)));
            events.add(found(sales, customer, MONDAY.plusSeconds(i)));
        }
        assertThat(feed(engine(), events)).isEmpty();
    }

    @Test
    void browsingTheCustomerListIsAUseOutOfHoursAndOnNotice() {
        UUID leaving = person(department, true);
        Instant night = at(LocalDate.of(2026, 12, 7), 23, 0);
        List<StreamEvent> pages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pages.add(event(night.plusSeconds(60L * i), "customer.records.searched", AuditOutcome.ALLOWED,
                    Actor.ActorType.EMPLOYEE, sales, null, null, null, Map.of("returned", 100)));
        }
        pages.add(event(MONDAY, "customer.records.searched", AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, leaving,
                null, null, null, Map.of("returned", 100)));

        assertThat(feed(engine(), pages)).extracting(Crossing::kind)
                .containsExactlyInAnyOrder(RuleKind.OFF_HOURS, RuleKind.ON_NOTICE_ACCESS);
    }

    @Test
    void exportsAddUpTheirRowsAndRefusedOnesDoNot() {
        RuleEngine engine = engine();
        List<StreamEvent> events = new ArrayList<>();
        events.add(export(sales, 199, MONDAY, null));
        events.add(event(MONDAY.plusSeconds(10), RuleEngine.EXPORTED, AuditOutcome.DENIED, Actor.ActorType.EMPLOYEE,
                sales, null, null, null, Map.of("reason", "needs-approval", "rows", 5000)));
        events.add(export(sales, 1, MONDAY.plusSeconds(20), null));
        assertThat(feed(engine, events)).filteredOn(c -> c.kind() == RuleKind.LARGE_EXPORT).isEmpty();
        assertThat(feed(engine, List.of(export(sales, 1, MONDAY.plusSeconds(30), null))))
                .filteredOn(c -> c.kind() == RuleKind.LARGE_EXPORT).singleElement()
                .satisfies(c -> assertThat(c.figure()).isEqualTo(201));
    }

    // ------------------------------------------------------------------------------------------
    // Working hours and the calendar

    @Test
    void offHoursOnAWeekendAHolidayAndAMakeUpWorkingDay() {
        LocalDate saturday = LocalDate.of(2026, 12, 12);
        LocalDate newYear = LocalDate.of(2027, 1, 1);
        LocalDate makeUpSunday = LocalDate.of(2026, 12, 13);
        assertThat(saturday.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(newYear.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        facts.holidays.add(newYear);
        facts.makeUpDays.add(makeUpSunday);

        assertThat(offHoursCrossings(at(saturday, 10, 0))).as("a Saturday morning").isEqualTo(1);
        assertThat(offHoursCrossings(at(newYear, 10, 0))).as("a public holiday on a Friday").isEqualTo(1);
        assertThat(offHoursCrossings(at(makeUpSunday, 10, 0))).as("a make-up working Sunday").isZero();
        assertThat(offHoursCrossings(at(makeUpSunday, 21, 30))).as("its evening").isEqualTo(1);
        assertThat(offHoursCrossings(at(LocalDate.of(2026, 12, 8), 7, 0))).as("the first minute of work").isZero();
        assertThat(offHoursCrossings(at(LocalDate.of(2026, 12, 8), 20, 45)))
                .as("three uses from 21:00 on reach the threshold, not more").isZero();
        assertThat(offHoursCrossings(at(LocalDate.of(2026, 12, 8), 21, 0))).as("21:00 is after work").isEqualTo(1);
        assertThat(offHoursCrossings(at(LocalDate.of(2026, 12, 9), 6, 20))).as("early: one use after 07:00")
                .isZero();
    }

    /** Four uses a quarter of an hour apart from {@code start}: over the threshold of 3 when all are outside. */
    private int offHoursCrossings(Instant start) {
        RuleEngine engine = engine();
        UUID customer = known(sales);
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(view(sales, customer, start.plus(Duration.ofMinutes(15L * i))));
        }
        return (int) feed(engine, events).stream().filter(c -> c.kind() == RuleKind.OFF_HOURS).count();
    }

    // ------------------------------------------------------------------------------------------
    // Sign-ins

    @Test
    void aFirstEverSignInIsNoNewNetworkButAnotherNetworkLaterIs() {
        RuleEngine engine = engine();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY, "10.20.30.41")))).isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(600), "10.20.30.200"))))
                .as("the same /24").isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(1200), "10.20.31.1"))))
                .extracting(Crossing::kind).containsExactly(RuleKind.NEW_NETWORK_SIGN_IN);
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(1800), "10.20.31.9"))))
                .as("known since the last sign-in").isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(2400), null)))).as("no address").isEmpty();
    }

    @Test
    void ipv6SignInsCompareBySlash48AndAnIpv4MappedAddressIsItsIpv4Network() {
        RuleEngine engine = engine();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY, "2001:db8:1:2::5")))).isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(60), "2001:DB8:1:ff::9")))).isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(120), "2001:0db8:0001:0:0:0:0:1"))))
                .as("the same /48 written out in full").isEmpty();
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plusSeconds(180), "2001:db8:2::1")))).hasSize(1);

        UUID other = person(department, false);
        assertThat(feed(engine, List.of(signIn(other, MONDAY, "::ffff:10.1.2.3")))).isEmpty();
        assertThat(feed(engine, List.of(signIn(other, MONDAY.plusSeconds(60), "10.1.2.99"))))
                .as("the same IPv4 network, once mapped").isEmpty();
        assertThat(feed(engine, List.of(signIn(other, MONDAY.plusSeconds(120), "::ffff:172.16.0.1"))))
                .as("another IPv4 network behind the mapping").hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            10.1.2.3                  | 10.1.2.0/24
            192.168.0.255             | 192.168.0.0/24
            2001:db8:1:2::5           | 2001:db8:1::/48
            2001:DB8:1:2::5           | 2001:db8:1::/48
            2001:0db8:0001:0:0:0:0:1  | 2001:db8:1::/48
            2001:db8::1               | 2001:db8:0::/48
            2001:db8:0:7::1           | 2001:db8:0::/48
            ::1                       | 0:0:0::/48
            ::ffff:10.1.2.3           | 10.1.2.0/24
            fe80::1%eth0              | fe80:0:0::/48
            null                      | null
            '  '                      | null
            not-an-address            | not-an-address
            """)
    void theNetworkOfAnAddress(@Nullable String address, @Nullable String network) {
        assertThat(RuleEngine.network(address)).isEqualTo(network);
    }

    @Test
    void aSignInWithinTheWindowAfterALockoutFiresAndOutsideItDoesNot() {
        facts.networks.computeIfAbsent(sales, a -> new HashMap<>()).put("10.20.30.0/24", 1L);
        RuleEngine engine = engine();
        feed(engine, List.of(locked(sales, MONDAY)));
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plus(Duration.ofHours(23)), "10.20.30.41"))))
                .extracting(Crossing::kind).containsExactly(RuleKind.SIGN_IN_AFTER_LOCKOUT);
        assertThat(feed(engine, List.of(signIn(sales, MONDAY.plus(Duration.ofHours(23)).plusSeconds(5),
                "10.20.30.41")))).as("only the first sign-in after it").isEmpty();

        UUID other = person(department, false);
        facts.networks.computeIfAbsent(other, a -> new HashMap<>()).put("10.20.30.0/24", 1L);
        feed(engine, List.of(locked(other, MONDAY)));
        assertThat(feed(engine, List.of(signIn(other, MONDAY.plus(Duration.ofHours(25)), "10.20.30.41"))))
                .as("a day and an hour later").isEmpty();

        UUID refusedOnly = person(department, false);
        List<StreamEvent> refusedLock = List.of(event(MONDAY, RuleEngine.LOCKED, AuditOutcome.DENIED,
                Actor.ActorType.SYSTEM, null, "employee", refusedOnly, null, Map.of()),
                signIn(refusedOnly, MONDAY.plusSeconds(60), "10.20.30.41"));
        assertThat(feed(engine, refusedLock)).as("no lockout happened").isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // Grants near their end, people on notice, break-glass

    @Test
    void grantUsesCountOnlyInTheLastDaysBeforeTheGrantEnds() {
        UUID partner = person(null, false);
        UUID ending = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        facts.grants.put(ending, MONDAY.plus(Duration.ofDays(7)).minusSeconds(3600));
        facts.grants.put(running, MONDAY.plus(Duration.ofDays(7)).plusSeconds(3600));
        RuleEngine engine = engine();

        List<StreamEvent> farFromTheEnd = new ArrayList<>();
        List<StreamEvent> nearTheEnd = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            farFromTheEnd.add(partnerView(partner, known(partner), MONDAY.plusSeconds(60L * i), running));
            nearTheEnd.add(partnerView(partner, known(partner), MONDAY.plusSeconds(1800 + 60L * i), ending));
        }
        assertThat(feed(engine, farFromTheEnd)).filteredOn(c -> c.kind() == RuleKind.GRANT_ENDING_ACCESS).isEmpty();
        assertThat(feed(engine, nearTheEnd)).filteredOn(c -> c.kind() == RuleKind.GRANT_ENDING_ACCESS).hasSize(1);

        UUID unknown = UUID.randomUUID();
        List<StreamEvent> unknownGrant = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            unknownGrant.add(partnerView(partner, known(partner), MONDAY.plusSeconds(3600 + 10L * i), unknown));
        }
        assertThat(feed(engine, unknownGrant)).filteredOn(c -> c.kind() == RuleKind.GRANT_ENDING_ACCESS).isEmpty();
    }

    @Test
    void aPersonOnNoticeIsWatchedForEveryUseButNotForSigningIn() {
        UUID leaving = person(department, true);
        RuleEngine engine = engine();
        assertThat(feed(engine, List.of(signIn(leaving, MONDAY, "10.20.30.41")))).isEmpty();
        assertThat(feed(engine, List.of(export(leaving, 3, MONDAY.plusSeconds(5), null))))
                .extracting(Crossing::kind).containsExactly(RuleKind.ON_NOTICE_ACCESS);
        assertThat(feed(engine, List.of(view(sales, known(sales), MONDAY.plusSeconds(6))))).isEmpty();
        // The event may say so itself (recorded while the status was fresh).
        assertThat(feed(engine, List.of(event(MONDAY.plusSeconds(7), "customer.record.viewed", AuditOutcome.ALLOWED,
                Actor.ActorType.EMPLOYEE, sales, "customer", known(sales), null, Map.of("onNotice", true)))))
                .extracting(Crossing::kind).containsExactly(RuleKind.ON_NOTICE_ACCESS);
    }

    @Test
    void refusedBreakGlassIsARefusalNotAnOpening() {
        RuleEngine engine = engine();
        assertThat(feed(engine, List.of(event(MONDAY, RuleEngine.BREAK_GLASS, AuditOutcome.DENIED,
                Actor.ActorType.EMPLOYEE, sales, "customer", UUID.randomUUID(), null, Map.of("reason", "x")))))
                .isEmpty();
        assertThat(feed(engine, List.of(event(MONDAY.plusSeconds(1), RuleEngine.BREAK_GLASS, AuditOutcome.ALLOWED,
                Actor.ActorType.EMPLOYEE, sales, "break-glass", UUID.randomUUID(), null, Map.of()))))
                .extracting(Crossing::kind).containsExactly(RuleKind.BREAK_GLASS);
    }

    @Test
    void refusalsAreCountedOnlyForPeopleAndOnlyDenials() {
        RuleEngine engine = engine();
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event(MONDAY.plusSeconds(i), "customer.field.revealed", AuditOutcome.FAILED,
                    Actor.ActorType.EMPLOYEE, sales, "customer", UUID.randomUUID(), null, Map.of()));
            events.add(event(MONDAY.plusSeconds(i), "identity.sign-in", AuditOutcome.DENIED, Actor.ActorType.ANONYMOUS,
                    null, null, null, "10.9.9.9", Map.of("reason", "unknown-account")));
        }
        assertThat(feed(engine, events)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // The audit chain

    @Test
    void theAuditChainFailsOnAFailedVerificationAnAlarmOrARejectedEventPerChain() {
        RuleEngine engine = engine();
        assertThat(feed(engine, List.of(verified(MONDAY, true)))).isEmpty();
        assertThat(feed(engine, List.of(verified(MONDAY.plusSeconds(1), false)))).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(RuleKind.AUDIT_CHAIN_FAILURE);
                    assertThat(c.subjectKey()).isEqualTo("chain:node-1");
                    assertThat(c.subjectId()).isNull();
                    assertThat(c.departmentId()).isNull();
                });
        StreamEvent alarm = event(MONDAY.plusSeconds(2), "audit.alarm.raised", AuditOutcome.FAILED,
                Actor.ActorType.SYSTEM, null, null, null, null, Map.of("rejected", 1));
        StreamEvent rejected = onChain(event(MONDAY.plusSeconds(3), "audit.event.rejected", AuditOutcome.DENIED,
                Actor.ActorType.SYSTEM, null, "audit-event", "12", null, Map.of("row", 12, "reason", "tag")), "node-2");
        assertThat(feed(engine, List.of(alarm, rejected))).extracting(Crossing::subjectKey)
                .containsExactly("chain:node-1", "chain:node-2");
    }

    @Test
    void aRuleForTheAuditChainTakesNoDepartments() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> with(RuleKind.AUDIT_CHAIN_FAILURE, 0, 60,
                List.of(department)))).isInstanceOf(io.custos.shared.DomainException.class);
    }

    @Test
    void sweepingKeepsTheWindowsOfTheLastMinutesOnly() {
        RuleEngine engine = engine();
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            events.add(view(person(department, false), UUID.randomUUID(), MONDAY.plusMillis(i)));
        }
        feed(engine, events);
        int held = engine.windowsHeld();
        List<StreamEvent> later = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            later.add(view(sales, known(sales), MONDAY.plus(Duration.ofDays(2)).plusMillis(i)));
        }
        feed(engine, later);
        assertThat(engine.windowsHeld()).isLessThan(held / 10);
    }

    // ------------------------------------------------------------------------------------------

    private RuleEngine engine(RuleSettings... overrides) {
        Map<RuleKind, RuleSettings> rules = new EnumMap<>(RuleKind.class);
        for (RuleKind kind : RuleKind.values()) {
            rules.put(kind, kind.defaults());
        }
        for (RuleSettings rule : overrides) {
            rules.put(rule.kind(), rule);
        }
        return new RuleEngine(7, List.copyOf(rules.values()), facts);
    }

    private static RuleSettings with(RuleKind kind, int threshold, int window, List<UUID> departments) {
        RuleSettings d = kind.defaults();
        return new RuleSettings(kind, true, d.severity(), threshold, window, d.suppressMinutes(), departments,
                d.workdayStart(), d.workdayEnd(), d.daysBeforeEnd());
    }

    private static List<Crossing> feed(RuleEngine engine, List<StreamEvent> events) {
        List<Crossing> crossings = new ArrayList<>();
        for (StreamEvent event : events) {
            crossings.addAll(engine.accept(event));
        }
        return crossings;
    }

    private UUID person(@Nullable UUID departmentId, boolean onNotice) {
        UUID id = UUID.randomUUID();
        facts.people.put(id, new Facts.Person(departmentId, onNotice));
        return id;
    }

    /** A customer this person has used before. */
    private UUID known(UUID actor) {
        UUID customer = UUID.randomUUID();
        facts.contacts.computeIfAbsent(actor, a -> new HashMap<>()).put(customer, 1L);
        return customer;
    }

    private List<StreamEvent> distinctViews(UUID actor, int n, Instant from, Duration apart) {
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(view(actor, known(actor), from.plus(apart.multipliedBy(i))));
        }
        return events;
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(LocalDateTime.of(day, LocalTime.of(hour, minute)), ZONE).toInstant();
    }

    private StreamEvent event(Instant at, String action, AuditOutcome outcome, Actor.ActorType type,
            @Nullable UUID actor, @Nullable String targetType, @Nullable Object target, @Nullable String address,
            Map<String, Object> details) {
        long r = ++row;
        return new StreamEvent(r, "node-1", r, at, action, outcome, type, actor, targetType,
                target == null ? null : target.toString(), address, details);
    }

    private static StreamEvent onChain(StreamEvent e, String chain) {
        return new StreamEvent(e.row(), chain, e.seq(), e.at(), e.action(), e.outcome(), e.actorType(), e.actorId(),
                e.targetType(), e.targetId(), e.clientAddress(), e.details());
    }

    private StreamEvent view(UUID actor, @Nullable UUID customer, Instant at) {
        return event(at, "customer.record.viewed", AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, actor, "customer",
                customer, null, Map.of());
    }

    private StreamEvent found(UUID actor, UUID customer, Instant at) {
        return event(at, "customer.record.found-by-value", AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, actor,
                "customer", customer, null, Map.of("fields", List.of("phone")));
    }

    private StreamEvent reveal(UUID actor, UUID customer, Instant at) {
        return event(at, "customer.field.revealed", AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, actor, "customer",
                customer, null, Map.of("field", "phone"));
    }

    private StreamEvent partnerView(UUID partner, UUID customer, Instant at, UUID grant) {
        return event(at, "customer.record.viewed", AuditOutcome.ALLOWED, Actor.ActorType.PARTNER, partner, "customer",
                customer, null, Map.of("grants", List.of("phone:" + grant, "email:" + grant)));
    }

    private StreamEvent partnerReveal(UUID partner, UUID customer, Instant at, UUID grant) {
        return event(at, "customer.field.revealed", AuditOutcome.ALLOWED, Actor.ActorType.PARTNER, partner,
                "customer", customer, null, Map.of("field", "phone", "grant", grant.toString()));
    }

    private StreamEvent refused(UUID actor, Instant at) {
        return event(at, "customer.field.revealed", AuditOutcome.DENIED, Actor.ActorType.EMPLOYEE, actor, "customer",
                UUID.randomUUID(), null, Map.of("reason", "not-revealable"));
    }

    private StreamEvent export(UUID actor, int rows, Instant at, @Nullable UUID exportPackage) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", "XLSX");
        details.put("rows", rows);
        if (exportPackage != null) {
            details.put("exportPackage", exportPackage);
        }
        return event(at, RuleEngine.EXPORTED, AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, actor, null, null, null,
                details);
    }

    private StreamEvent signIn(UUID actor, Instant at, @Nullable String address) {
        return event(at, RuleEngine.SIGN_IN, AuditOutcome.ALLOWED, Actor.ActorType.EMPLOYEE, actor, "employee", actor,
                address, Map.of("secondFactor", true));
    }

    private StreamEvent locked(UUID account, Instant at) {
        return event(at, RuleEngine.LOCKED, AuditOutcome.ALLOWED, Actor.ActorType.SYSTEM, null, "employee", account,
                null, Map.of("failures", 5, "minutes", 15));
    }

    private StreamEvent verified(Instant at, boolean valid) {
        return event(at, RuleEngine.VERIFIED, AuditOutcome.ALLOWED, Actor.ActorType.SYSTEM, null, null, null, null,
                Map.of("valid", valid, "problems", valid ? 0 : 2));
    }

    /**
     * Facts from a script: people, a calendar with holidays and make-up working days, known contacts
     * and networks (remembered as {@link StoredFacts} remembers them), grants' ends.
     */
    static final class ScriptedFacts implements Facts {

        final Map<UUID, Person> people = new HashMap<>();
        final Set<LocalDate> holidays = new HashSet<>();
        final Set<LocalDate> makeUpDays = new HashSet<>();
        final Map<UUID, Map<UUID, Long>> contacts = new HashMap<>();
        final Map<UUID, Map<String, Long>> networks = new HashMap<>();
        final Map<UUID, Instant> grants = new HashMap<>();

        @Override
        public @Nullable Person person(UUID actorId) {
            return people.get(actorId);
        }

        @Override
        public boolean workingTime(Instant at, LocalTime start, LocalTime end) {
            ZonedDateTime local = at.atZone(ZONE);
            LocalDate day = local.toLocalDate();
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            boolean working = makeUpDays.contains(day) || !weekend && !holidays.contains(day);
            LocalTime time = local.toLocalTime();
            return working && !time.isBefore(start) && time.isBefore(end);
        }

        @Override
        public boolean firstContact(UUID actorId, UUID customerId, long row) {
            Map<UUID, Long> known = contacts.computeIfAbsent(actorId, a -> new HashMap<>());
            Long first = known.putIfAbsent(customerId, row);
            return first == null || first == row;
        }

        @Override
        public boolean newNetwork(UUID actorId, String network, long row) {
            Map<String, Long> known = networks.computeIfAbsent(actorId, a -> new HashMap<>());
            Long first = known.get(network);
            if (first != null) {
                return first == row && known.values().stream().anyMatch(other -> other < row);
            }
            boolean isNew = !known.isEmpty();
            known.put(network, row);
            return isNew;
        }

        @Override
        public @Nullable Instant grantEnds(UUID grantId) {
            return grants.get(grantId);
        }
    }
}
