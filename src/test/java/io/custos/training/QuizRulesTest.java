package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.custos.shared.DomainException;

/** Scoring, the random draw and where a person stands, without Spring. */
class QuizRulesTest {

    private static final List<UUID> BANK = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();

    @Test
    void scoresThePercentageAnsweredCorrectlyRoundedDown() {
        assertThat(Quizzes.score(17, 20)).isEqualTo(85);
        assertThat(Quizzes.score(2, 3)).isEqualTo(66);
        assertThat(Quizzes.score(0, 5)).isZero();
        assertThat(Quizzes.score(5, 5)).isEqualTo(100);
    }

    @Test
    void drawsDistinctQuestionsOfTheBankAndEveryQuestionComesUp() {
        Random random = new Random(42);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            List<UUID> drawn = Quizzes.draw(BANK, 5, random);
            assertThat(drawn).hasSize(5).doesNotHaveDuplicates().allMatch(BANK::contains);
            seen.addAll(drawn);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(BANK);
        assertThat(Quizzes.draw(BANK, 5, new Random(1))).isNotEqualTo(Quizzes.draw(BANK, 5, new Random(2)));
        assertThat(Quizzes.draw(BANK, 20, new Random(3))).containsExactlyInAnyOrderElementsOf(BANK);
        assertThatThrownBy(() -> Quizzes.draw(BANK, 21, random)).isInstanceOf(DomainException.class)
                .hasMessage("course-incomplete");
    }

    @Test
    void drawsTheQuestionsNeverShownFirstThenThoseShownLongestAgo() {
        Instant t0 = Instant.parse("2026-06-15T10:00:00Z");
        Map<UUID, Instant> last = new HashMap<>();
        Random random = new Random(7);
        Set<UUID> seen = new HashSet<>();
        // Four attempts of five from a bank of twenty: every question once, none twice.
        for (int attempt = 0; attempt < 4; attempt++) {
            List<UUID> drawn = Quizzes.draw(BANK, 5, last, random);
            assertThat(drawn).hasSize(5).doesNotHaveDuplicates().noneMatch(seen::contains);
            seen.addAll(drawn);
            Instant at = t0.plusSeconds(attempt);
            drawn.forEach(q -> last.put(q, at));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(BANK);
        // The fifth draws the five shown longest ago.
        assertThat(Quizzes.draw(BANK, 5, last, random)).allMatch(q -> last.get(q).equals(t0));
    }

    @Test
    void anAttemptFasterThanTheReadingTimeOfItsQuestionsIsTooFast() {
        Duration perQuestion = Duration.ofSeconds(5);
        assertThat(Quizzes.tooFast(Duration.ofSeconds(1), 10, perQuestion)).isTrue();
        assertThat(Quizzes.tooFast(Duration.ofSeconds(49), 10, perQuestion)).isTrue();
        assertThat(Quizzes.tooFast(Duration.ofSeconds(50), 10, perQuestion)).isFalse();
        assertThat(Quizzes.tooFast(Duration.ZERO, 10, Duration.ZERO)).isFalse();
    }

    @Test
    void standingFollowsTheDueDateAndThePassValidity() {
        Instant now = Instant.parse("2026-06-15T10:00:00Z");
        Duration warning = Duration.ofDays(30);
        assertThat(Standing.of(null, LocalDate.parse("2026-06-15"), now, warning, UTC)).isEqualTo(Standing.DUE);
        assertThat(Standing.of(null, LocalDate.parse("2026-06-14"), now, warning, UTC)).isEqualTo(Standing.OVERDUE);
        assertThat(Standing.of(now.plus(Duration.ofDays(31)), LocalDate.MIN, now, warning, UTC)).isEqualTo(Standing.PASSED);
        assertThat(Standing.of(now.plus(Duration.ofDays(29)), LocalDate.MIN, now, warning, UTC)).isEqualTo(Standing.EXPIRING);
        assertThat(Standing.of(now, LocalDate.MAX, now, warning, UTC)).isEqualTo(Standing.EXPIRED);
        assertThat(Standing.EXPIRED.late()).isTrue();
        assertThat(Standing.EXPIRING.current()).isTrue();
    }

    @Test
    void aDueDateEndsAtMidnightWhereThePersonIs() {
        // 01:00 on the 15th in Shanghai, still the 14th in UTC and in Berlin (issue 14.14).
        Instant now = Instant.parse("2026-06-14T17:00:00Z");
        LocalDate due = LocalDate.parse("2026-06-14");
        Duration warning = Duration.ofDays(30);
        assertThat(Standing.of(null, due, now, warning, java.time.ZoneId.of("Asia/Shanghai"))).isEqualTo(Standing.OVERDUE);
        assertThat(Standing.of(null, due, now, warning, java.time.ZoneId.of("Europe/Berlin"))).isEqualTo(Standing.DUE);
    }

    private static final java.time.ZoneId UTC = java.time.ZoneOffset.UTC;
}
