package io.custos.shared;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * Makes {@link ShortLivedCopy short-lived copies} on the Caffeine caches Spring Boot manages (see
 * {@link CacheConfiguration}); each cache is named in {@code spring.cache.cache-names}.
 */
@Component
public class ShortLivedCopies {

    private final CacheManager caches;
    private final Clock clock;

    ShortLivedCopies(CacheManager caches, Clock clock) {
        this.caches = caches;
        this.clock = clock;
    }

    /** One copy of the whole data, loaded by {@code loader}. */
    public <T> ShortLivedCopy<T> of(String cacheName, Supplier<T> loader) {
        return new ShortLivedCopy<>(loader, cache(cacheName), clock, new ChangeCounter());
    }

    /** Answers per key, not used once {@code changes} has moved since they were computed. */
    public <K, V> ShortLivedCopy.Keyed<K, V> keyed(String cacheName, ChangeCounter changes) {
        return new ShortLivedCopy.Keyed<>(cache(cacheName), clock, changes);
    }

    private Cache cache(String name) {
        return Objects.requireNonNull(caches.getCache(name), () -> "No cache " + name + " in spring.cache.cache-names");
    }
}
