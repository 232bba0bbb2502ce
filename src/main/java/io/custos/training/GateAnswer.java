package io.custos.training;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The training gate's answer for one person: whether they may have L3-L4 customer data revealed,
 * and if not, why ({@link Reason#code()}: {@code agreement-missing}, {@code training-missing},
 * {@code training-expired}) and which mandatory courses are missing or expired.
 */
public record GateAnswer(boolean allowed, @Nullable Reason reason, List<UUID> courses) {

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

    static GateAnswer allow() {
        return new GateAnswer(true, null, List.of());
    }

    static GateAnswer refuse(Reason reason, List<UUID> courses) {
        return new GateAnswer(false, reason, courses);
    }

    /** The reason's code, or null when allowed. */
    public @Nullable String reasonCode() {
        return reason == null ? null : reason.code();
    }
}
