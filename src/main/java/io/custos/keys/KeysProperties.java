package io.custos.keys;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.keys.*}: where the master key comes from, how the re-wrap job after a rotation paces
 * itself, and how many unwrapped data keys are kept in memory for how long.
 */
@ConfigurationProperties("custos.keys")
public record KeysProperties(
        @DefaultValue("./data/keys") Path directory,
        @DefaultValue Master master,
        @DefaultValue("5s") Duration rewrapInterval,
        @DefaultValue("200") int rewrapBatchSize,
        @DefaultValue("10000") int cacheSize,
        @DefaultValue("10m") Duration cacheTtl) {

    public KeysProperties {
        if (rewrapBatchSize < 1 || cacheSize < 1 || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("custos.keys.rewrap-batch-size and cache-size must be positive, "
                    + "cache-ttl not negative");
        }
    }

    /**
     * {@code custos.keys.master.*}: {@code provider} is {@code local} (a clear keyset file in
     * {@code directory}) or {@code operator} ({@code keyset-file}, encrypted under the KMS key
     * {@code kek-uri} or the 32-byte key {@code kek-base64}).
     */
    public record Master(
            @DefaultValue("local") String provider,
            @Nullable Path keysetFile,
            @Nullable String kekUri,
            @Nullable String kekBase64) {

        /** Never prints the key, whoever logs these properties. */
        @Override
        public String toString() {
            return "Master[provider=" + provider + ", keysetFile=" + keysetFile + ", kekUri=" + kekUri
                    + ", kekBase64=" + (kekBase64 == null || kekBase64.isBlank() ? "<unset>" : "<set>") + "]";
        }
    }
}
