package io.custos.customer;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.shared.DomainException;

/**
 * How many imports this node works on at once, per person and in all: reading an upload for its
 * mapping, and an import from the moment it is queued until it ends, each hold one slot. Beyond
 * either limit the request is refused at once with 429 {@code import-too-many}, before the file is
 * read, so that many parallel uploads cannot together exhaust memory or disk (issue 13.11).
 */
@Component
class ImportSlots {

    private final ImportProperties properties;
    private final Map<UUID, Integer> held = new HashMap<>();
    private int total;

    ImportSlots(ImportProperties properties) {
        this.properties = properties;
    }

    /** One slot of one person; releasing it twice releases it once. */
    final class Slot {
        private final UUID person;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(UUID person) {
            this.person = person;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                free(person);
            }
        }
    }

    /** @throws DomainException 429 {@code import-too-many} when the person or the node has no slot left */
    synchronized Slot take(UUID person) {
        int own = held.getOrDefault(person, 0);
        if (own >= properties.maxConcurrentPerPerson()) {
            throw tooMany("import-too-many-own", properties.maxConcurrentPerPerson());
        }
        if (total >= properties.maxConcurrent()) {
            throw tooMany("import-too-many", properties.maxConcurrent());
        }
        held.put(person, own + 1);
        total++;
        return new Slot(person);
    }

    synchronized int inUse() {
        return total;
    }

    private synchronized void free(UUID person) {
        int own = held.getOrDefault(person, 0);
        if (own <= 1) {
            held.remove(person);
        } else {
            held.put(person, own - 1);
        }
        total--;
    }

    private static DomainException tooMany(String code, int limit) {
        return new DomainException(code, HttpStatus.TOO_MANY_REQUESTS, Map.of("limit", limit), limit);
    }
}
