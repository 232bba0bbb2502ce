package io.custos.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.custos.shared.DomainException;

/**
 * What to look for in the audit log. Every part is optional; the parts given must all match.
 * A part out of shape is refused with {@code audit-filter-invalid} naming the part, never quoting it.
 *
 * @param actor the actor's name, matched whole but ignoring case
 * @param action an action code ({@code identity.sign-in}) or a prefix of one ending in a dot
 *        ({@code identity.} for every identity action); upper case is folded to lower
 * @param from the earliest time, included
 * @param to the time the range ends before, excluded; after {@code from}
 */
public record AuditFilter(@Nullable String actor, @Nullable UUID actorId, @Nullable String action,
        @Nullable String targetType, @Nullable String targetId, @Nullable AuditOutcome outcome,
        @Nullable AuditCategory category, @Nullable Instant from, @Nullable Instant to) {

    public static final AuditFilter EVERYTHING = new AuditFilter(null, null, null, null, null, null, null, null, null);

    /** Action codes are lower-case dotted words (see AuditEvent), so no LIKE wildcard can get in. */
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*\\.?");

    public AuditFilter {
        actor = text(actor, 128, "actor");
        action = text(action, 80, "action");
        if (action != null) {
            action = action.toLowerCase(Locale.ROOT);
            if (!ACTION.matcher(action).matches()) {
                throw invalid("action");
            }
        }
        targetType = text(targetType, 40, "targetType");
        targetId = text(targetId, 64, "targetId");
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("to");
        }
    }

    /** The names of the parts in use, for the search's own audit event; their values never go there. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        addIf(names, actor, "actor");
        addIf(names, actorId, "actorId");
        addIf(names, action, "action");
        addIf(names, targetType, "targetType");
        addIf(names, targetId, "targetId");
        addIf(names, outcome, "outcome");
        addIf(names, category, "category");
        addIf(names, from, "from");
        addIf(names, to, "to");
        return List.copyOf(names);
    }

    private static void addIf(List<String> names, @Nullable Object part, String name) {
        if (part != null) {
            names.add(name);
        }
    }

    private static @Nullable String text(@Nullable String value, int maxLength, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw invalid(field);
        }
        return trimmed;
    }

    static DomainException invalid(String field) {
        return DomainException.unprocessable("audit-filter-invalid", Map.of("field", field));
    }
}
