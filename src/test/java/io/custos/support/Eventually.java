package io.custos.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something another thread or node does (a notice delivered, a connection back), checking
 * every few milliseconds, so that a test can also report how soon it happened.
 */
public final class Eventually {

    /** Generous: what is measured is how soon it holds, not whether it holds within this. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Whether {@code condition} held within {@link #PATIENCE}. */
    public static boolean holds(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
