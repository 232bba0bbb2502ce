package io.custos.shared;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * Makes {@link ShortLivedCopy short-lived copies} on the Caffeine caches Spring Boot manages (see
 * {@link CacheConfiguration}); each cache is named in {@code spring.cache.cache-names}. A change
 * made through a copy is announced to the other nodes under the cache's name ({@link ChangeNotices});
 * a change announced by another node, or a loss of the notices, drops this node's copy and moves
 * its counter, so a load in flight is not kept either.
 */
@Component
public class ShortLivedCopies {

    private final CacheManager caches;
    private final Clock clock;
    private final ChangeNotices notices;
    /** The counters guarding each cache's copies, by cache name. */
    private final Map<String, List<ChangeCounter>> counters = new ConcurrentHashMap<>();

    ShortLivedCopies(CacheManager caches, Clock clock, ChangeNotices notices) {
        this.caches = caches;
        this.clock = clock;
        this.notices = notices;
    }

    /** One copy of the whole data, loaded by {@code loader}. */
    public <T> ShortLivedCopy<T> of(String cacheName, Supplier<T> loader) {
        ChangeCounter changes = new ChangeCounter();
        Cache cache = guarded(cacheName, changes);
        return new ShortLivedCopy<>(loader, cache, clock, changes);
    }

    /** Answers per key, not used once {@code changes} has moved since they were computed. */
    public <K, V> ShortLivedCopy.Keyed<K, V> keyed(String cacheName, ChangeCounter changes) {
        return new ShortLivedCopy.Keyed<>(guarded(cacheName, changes), clock, changes);
    }

    private Cache guarded(String name, ChangeCounter changes) {
        Cache cache = Objects.requireNonNull(caches.getCache(name),
                () -> "No cache " + name + " in spring.cache.cache-names");
        changes.announceWith(() -> notices.publish(name));
        counters.computeIfAbsent(name, first -> {
            notices.subscribe(name, new ChangeNotices.Receiver() {
                @Override
                public void received(String topic) {
                    drop(name);
                }

                @Override
                public void missed() {
                    drop(name);
                }
            });
            return new CopyOnWriteArrayList<>();
        }).add(changes);
        return cache;
    }

    /** The counters move first: a load that began before is then not kept, whatever it read. */
    private void drop(String name) {
        counters.getOrDefault(name, List.of()).forEach(ChangeCounter::changedElsewhere);
        Objects.requireNonNull(caches.getCache(name)).clear();
    }
}
