package io.custos.customer;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.custos.keys.SealedScratchFile;

/**
 * Uploaded files waiting for their column mapping. They hold personal data, L3-L4 in clear, so each
 * waits in a {@link SealedScratchFile}, encrypted under a key of its own held in this node's memory
 * only (a 50 MB upload no longer waits in memory: issue 13.11), under a random id, visible to the
 * person who uploaded it alone, for {@code custos.customer.import.staging-ttl} (30 minutes) at the
 * most, and at most {@code max-staged-per-person} per person (a further upload replaces the oldest).
 * A file that leaves staging other than for its import is deleted.
 */
@Component
class ImportStaging {

    private final Map<UUID, Staged> staged = new ConcurrentHashMap<>();
    private final ImportProperties properties;
    private final Clock clock;

    ImportStaging(ImportProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** An upload, parsed for its headings, a few sample rows and its row count. */
    record Staged(UUID id, UUID ownerId, Instant stagedAt, String fileName, ImportFormat format, Charset charset,
            ImportMode mode, SealedScratchFile file, List<String> headers, List<ImportFile.Row> samples,
            int totalRows) {
        @Override
        public String toString() {
            return "Staged[" + id + ", " + format + ", " + totalRows + " rows]";
        }
    }

    synchronized Staged put(Staged upload) {
        expire();
        List<Staged> own = staged.values().stream().filter(s -> s.ownerId().equals(upload.ownerId()))
                .sorted(Comparator.comparing(Staged::stagedAt)).toList();
        for (int i = 0; i <= own.size() - properties.maxStagedPerPerson(); i++) {
            discard(staged.remove(own.get(i).id()));
        }
        staged.put(upload.id(), upload);
        return upload;
    }

    /** The upload, if it is this person's and has not expired; someone else's looks like none. */
    Optional<Staged> find(UUID id, UUID ownerId) {
        Staged upload = staged.get(id);
        if (upload == null || !upload.ownerId().equals(ownerId) || expired(upload)) {
            return Optional.empty();
        }
        return Optional.of(upload);
    }

    /** Takes the upload out, for its import to start; the file then lives only as long as the job. */
    Optional<Staged> take(UUID id, UUID ownerId) {
        Optional<Staged> upload = find(id, ownerId);
        upload.ifPresent(u -> staged.remove(u.id()));
        return upload;
    }

    /** Takes the upload out and deletes its file. */
    void drop(UUID id, UUID ownerId) {
        take(id, ownerId).ifPresent(ImportStaging::discard);
    }

    @Scheduled(fixedDelay = 60_000)
    void expire() {
        staged.values().removeIf(upload -> {
            if (expired(upload)) {
                discard(upload);
                return true;
            }
            return false;
        });
    }

    @PreDestroy
    void deleteAll() {
        staged.values().forEach(ImportStaging::discard);
        staged.clear();
    }

    private static void discard(@Nullable Staged upload) {
        if (upload != null) {
            upload.file().close();
        }
    }

    private boolean expired(Staged upload) {
        return !clock.instant().isBefore(upload.stagedAt().plus(properties.stagingTtl()));
    }
}
