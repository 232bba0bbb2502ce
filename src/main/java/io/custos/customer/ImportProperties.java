package io.custos.customer;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code custos.customer.import.*}.
 *
 * @param maxFileSize the largest file accepted (the multipart limits must allow it too)
 * @param maxRows the most data rows one file may hold
 * @param stagingTtl how long an uploaded file waits, sealed in the database, for its column mapping
 * @param maxStagedPerPerson how many uploads one person may have waiting; a further one replaces the oldest
 * @param chunkSize rows written per transaction when invalid rows are skipped
 * @param concurrency imports running at the same time on this node
 * @param queueCapacity imports waiting on this node; beyond it a new one is refused (503)
 * @param maxConcurrentPerPerson uploads being read and imports queued or running at once for one
 *        person on this node; beyond it a new one is refused (429)
 * @param maxConcurrent the same for everyone together
 * @param stagingDirectory where a node keeps an upload while it reads it and while its import runs,
 *        encrypted under a key held in memory only; empty for the system's temporary folder
 */
@ConfigurationProperties("custos.customer.import")
record ImportProperties(@DefaultValue("50MB") DataSize maxFileSize, @DefaultValue("100000") int maxRows,
        @DefaultValue("30m") Duration stagingTtl, @DefaultValue("3") int maxStagedPerPerson,
        @DefaultValue("500") int chunkSize, @DefaultValue("1") int concurrency, @DefaultValue("10") int queueCapacity,
        @DefaultValue("2") int maxConcurrentPerPerson, @DefaultValue("4") int maxConcurrent,
        @Nullable Path stagingDirectory) {

    ImportProperties {
        if (maxFileSize.toBytes() < 1 || maxRows < 1 || stagingTtl.isNegative() || stagingTtl.isZero()
                || maxStagedPerPerson < 1 || chunkSize < 1 || concurrency < 1 || queueCapacity < 0
                || maxConcurrentPerPerson < 1 || maxConcurrent < maxConcurrentPerPerson) {
            throw new IllegalArgumentException("custos.customer.import.* limits must be positive");
        }
    }
}
