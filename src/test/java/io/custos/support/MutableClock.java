package io.custos.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A clock tests can move forward, to reach expiries and lockout ends without waiting. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant instant) {
        now = instant;
    }

    /** Back to the real time: every test class starts there, whatever the class before did. */
    public void reset() {
        now = Instant.now();
    }

    /**
     * Resets the shared clock before each test class of the shared context ({@link IntegrationTest}),
     * so a class that moved it a year ahead does not change what the next one sees.
     */
    public static final class ResetBeforeEachClass implements org.junit.jupiter.api.extension.BeforeAllCallback {
        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            org.springframework.test.context.junit.jupiter.SpringExtension.getApplicationContext(context)
                    .getBeanProvider(MutableClock.class).ifAvailable(MutableClock::reset);
            // Buckets timed by a clock that just went back, and tries spent by earlier classes: gone.
            org.springframework.test.context.junit.jupiter.SpringExtension.getApplicationContext(context)
                    .getBeanProvider(io.custos.shared.Throttles.class).ifAvailable(io.custos.shared.Throttles::resetAll);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now());
        }
    }
}
