package io.custos.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.springframework.beans.factory.annotation.Autowired;

/** The clock the integration tests share starts each test class at the real time (issue 14.19). */
@IntegrationTest
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class SharedClockTests {

    @Autowired MutableClock clock;

    @Nested
    @Order(1)
    class AClassThatMovesTheClockAYearAhead {
        @Test
        void movesIt() {
            clock.advance(Duration.ofDays(365));
            assertThat(clock.instant()).isAfter(Instant.now().plus(Duration.ofDays(300)));
        }
    }

    @Nested
    @Order(2)
    class TheNextClass {
        @Test
        void startsAtTheRealTime() {
            assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofMinutes(1));
        }
    }
}
