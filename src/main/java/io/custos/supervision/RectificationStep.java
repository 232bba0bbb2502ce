package io.custos.supervision;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One step of a rectification; {@code words} are the owner's evidence of the fix or the inspector's reason. */
public record RectificationStep(UUID id, Instant at, RectificationStepKind kind, @Nullable UUID actorId,
        @Nullable String words) {

    @Override
    public String toString() {
        return "RectificationStep[kind=" + kind + ", at=" + at + "]";
    }
}
