package io.custos.training;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The training gate's answer for one person: whether they may have L3-L4 customer data revealed,
 * and if not, why ({@link Reason#code()}: {@code agreement-missing}, {@code training-missing},
 * {@code training-expired}), which mandatory courses are missing or expired, and for a missing
 * agreement the agreement document in force ({@code document}, null when none is in force), so a
 * refusal can link to the step that lifts it ({@link #remedyPath()}).
 */
public record GateAnswer(boolean allowed, @Nullable Reason reason, List<UUID> courses, @Nullable UUID document) {

    public enum Reason {
        /** The confidentiality agreement in force has not been accepted (or none is in force). */
        AGREEMENT_MISSING("agreement-missing"),
        /** A mandatory course assigned to the person has never been passed. */
        TRAINING_MISSING("training-missing"),
        /** Every mandatory course was passed once, but a pass has run out. */
        TRAINING_EXPIRED("training-expired");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable code the access decision and its audit event carry. */
        public String code() {
            return code;
        }
    }

    public GateAnswer {
        courses = List.copyOf(courses);
        if (allowed != (reason == null)) {
            throw new IllegalArgumentException("An allowed answer has no reason, a refusal has one");
        }
    }

    /** An answer that names no agreement document. */
    public GateAnswer(boolean allowed, @Nullable Reason reason, List<UUID> courses) {
        this(allowed, reason, courses, null);
    }

    static GateAnswer allow() {
        return new GateAnswer(true, null, List.of());
    }

    static GateAnswer refuse(Reason reason, List<UUID> courses) {
        return new GateAnswer(false, reason, courses);
    }

    static GateAnswer agreementMissing(@Nullable UUID document) {
        return new GateAnswer(false, Reason.AGREEMENT_MISSING, List.of(), document);
    }

    /**
     * The page that lifts the refusal, relative to the application's root: the agreement to accept,
     * or the first course to pass; null when allowed, or when no agreement is in force (nothing the
     * person can do lifts that: the administration officer must publish one).
     */
    public @Nullable String remedyPath() {
        if (reason == Reason.AGREEMENT_MISSING) {
            return document == null ? null : "/training/documents/" + document;
        }
        return reason == null || courses.isEmpty() ? null : "/training/courses/" + courses.get(0);
    }

    /** The message key naming the step {@link #remedyPath()} leads to; null when there is none. */
    public @Nullable String remedyMessageKey() {
        if (remedyPath() == null) {
            return null;
        }
        return reason == Reason.AGREEMENT_MISSING ? "training.gate.remedy.agreement" : "training.gate.remedy.course";
    }

    /** The reason's code, or null when allowed. */
    public @Nullable String reasonCode() {
        return reason == null ? null : reason.code();
    }
}
