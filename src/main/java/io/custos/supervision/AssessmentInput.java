package io.custos.supervision;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An assessment as planned or recorded; {@code done} records it as carried out (a summary then required). */
public record AssessmentInput(@Nullable AssessmentKind kind, @Nullable String scope, @Nullable LocalDate assessedOn,
        @Nullable String assessor, @Nullable String summary, boolean done) {

    @Override
    public String toString() {
        return "AssessmentInput[kind=" + kind + ", assessedOn=" + assessedOn + ", done=" + done + "]";
    }
}
