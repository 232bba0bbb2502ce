package io.custos.incident;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.Actor;

/** One line of an incident's timeline; {@code text} only for those who read the words. */
public record IncidentEntry(UUID id, Instant happenedAt, EntryKind kind, Actor.ActorType actorType,
        @Nullable UUID actorId, @Nullable String detail, @Nullable String text) {

    @Override
    public String toString() {
        return "IncidentEntry[" + kind + " " + happenedAt + "]";
    }
}
