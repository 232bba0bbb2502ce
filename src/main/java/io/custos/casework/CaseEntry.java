package io.custos.casework;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.Actor;

/**
 * A line of a case's timeline.
 *
 * @param detail a code or number (a reason code, days, a department id), never customer text
 * @param text a note's or reason's words, decrypted, only for those who may read the case's texts
 */
public record CaseEntry(UUID id, Instant at, EntryKind kind, Actor.ActorType actorType, @Nullable UUID actorId,
        @Nullable String detail, @Nullable String text) {
}
