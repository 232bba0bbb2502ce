package io.custos.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.custos.shared.Actor;

/**
 * One thing that happened, as a module hands it to {@link AuditLog}: what ({@code action}, a dotted
 * code such as {@code identity.sign-in}), to what, for which purpose, with which outcome, and a few
 * details that are ids, codes or field names only (see {@link AuditDetails}). The actor, client
 * address, request id and time are filled in by the log unless given.
 * <p>
 * An {@code anonymous} event (a whistleblower's report, R-SUP-4) is stored as done by nobody: the
 * log leaves out the signed-in person, the client address and the request id, whatever the request.
 */
public record AuditEvent(AuditCategory category, String action, AuditOutcome outcome, @Nullable Actor actor,
        @Nullable String targetType, @Nullable String targetId, @Nullable String purpose, Map<String, Object> details,
        boolean anonymous) {

    public AuditEvent(AuditCategory category, String action, AuditOutcome outcome, @Nullable Actor actor,
            @Nullable String targetType, @Nullable String targetId, @Nullable String purpose,
            Map<String, Object> details) {
        this(category, action, outcome, actor, targetType, targetId, purpose, details, false);
    }

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*){1,4}");

    public AuditEvent {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(outcome, "outcome");
        if (!ACTION.matcher(action).matches() || action.length() > 80) {
            throw new IllegalArgumentException("Not an audit action code: a dotted lower-case code is expected");
        }
        if (targetType != null) {
            AuditDetails.name(targetType, "target type");
        }
        if (targetId != null) {
            AuditDetails.id(targetId);
        }
        if (purpose != null) {
            AuditDetails.name(purpose, "purpose");
        }
        details = AuditDetails.sanitize(details);
        if (anonymous && actor != null && actor.type() != Actor.ActorType.ANONYMOUS) {
            throw new IllegalArgumentException("An anonymous event names no actor");
        }
    }

    public static Builder of(AuditCategory category, String action, AuditOutcome outcome) {
        return new Builder(category, action, outcome);
    }

    public static final class Builder {
        private final AuditCategory category;
        private final String action;
        private final AuditOutcome outcome;
        private @Nullable Actor actor;
        private @Nullable String targetType;
        private @Nullable String targetId;
        private @Nullable String purpose;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private boolean anonymous;

        private Builder(AuditCategory category, String action, AuditOutcome outcome) {
            this.category = category;
            this.action = action;
            this.outcome = outcome;
        }

        /** Who acted, when it is not the signed-in person of the current request. */
        public Builder actor(Actor actor) {
            this.actor = actor;
            return this;
        }

        /** @param id a UUID or an identifier; never a customer value */
        public Builder target(String type, Object id) {
            this.targetType = type;
            this.targetId = AuditDetails.id(id);
            return this;
        }

        /**
         * Done by nobody the log may name: stored with the anonymous actor and without the client
         * address or request id of the request that made it (R-SUP-4).
         */
        public Builder anonymous() {
            this.anonymous = true;
            this.actor = Actor.ANONYMOUS;
            return this;
        }

        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        /** @param value a UUID, enum, identifier, count, flag or a list of those */
        public Builder detail(String key, Object value) {
            details.put(key, value);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(category, action, outcome, actor, targetType, targetId, purpose, details, anonymous);
        }
    }
}
