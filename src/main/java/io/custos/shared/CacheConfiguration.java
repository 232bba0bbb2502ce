package io.custos.shared;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The caches of rarely changed data that every request reads (field catalog, purposes, access
 * policy, training-gate answers) are Caffeine caches made by Spring Boot's cache manager, named in
 * {@code spring.cache.cache-names}, and visible in the {@code cache.*} metrics. All share this
 * builder: an entry lives {@link ShortLivedCopy#REFRESH} by the injected clock (so tests can move
 * it), and at most {@link #MAX_ENTRIES} are kept, the least used going first. On PostgreSQL,
 * {@link ChangeNotices} drops a copy within a second of another node's change.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@EnableConfigurationProperties(ChangeNoticeProperties.class)
class CacheConfiguration {

    static final long MAX_ENTRIES = 10_000;

    @Bean
    Caffeine<Object, Object> caffeine(Clock clock) {
        return Caffeine.newBuilder().expireAfterWrite(ShortLivedCopy.REFRESH).maximumSize(MAX_ENTRIES)
                .ticker(ShortLivedCopy.ticker(clock)).recordStats();
    }
}
