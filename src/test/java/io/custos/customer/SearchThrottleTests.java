package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.support.MutableClock;

/** Issue 13.1: searches by confidential values are limited per person and come back gradually with time. */
class SearchThrottleTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    final SearchThrottle throttle = new SearchThrottle(new SearchThrottle.Limits(2, Duration.ofMinutes(10)),
            io.custos.shared.Throttles.inMemory(clock, value -> value));

    @Test
    void aScriptGetsItsTriesThenA429UntilTheClockGivesOneBack() {
        CustosUser script = user();
        throttle.take(script);
        throttle.take(script);
        assertThatThrownBy(() -> throttle.take(script)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(e.code()).isEqualTo("search-throttled");
            assertThat(e.properties().get("retryAfterSeconds")).isEqualTo(300L);
        });
        clock.advance(Duration.ofMinutes(5));
        throttle.take(script);
        assertThatThrownBy(() -> throttle.take(script)).isInstanceOf(DomainException.class);
        throttle.take(user());
    }

    private static CustosUser user() {
        UUID id = UUID.randomUUID();
        return new CustosUser(id, "u" + id, "u" + id, null, Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE);
    }
}
