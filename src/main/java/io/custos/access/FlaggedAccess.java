package io.custos.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An access on the review list: an emergency (break-glass) access or a reveal under a rule that
 * flags its reveals. Field keys and ids only; the justification is the requester's own words.
 *
 * One access is one item (issue 14.13): an emergency access carries the fields revealed under it,
 * and the reveals of one person, customer, rule and purpose are one item; {@code members} are the
 * ids of every record it stands for, all reviewed together.
 *
 * @param kind {@code BREAK_GLASS} or {@code REVEAL}
 * @param until when a break-glass access ends; null for a reveal
 * @param rule the flagging rule of a reveal; {@link AccessReviews#ON_NOTICE} for a reveal, or an emergency
 *        access used, by a person on notice
 * @param companyName the customer's company name (public, L1) when the catalog keeps it public
 */
public record FlaggedAccess(UUID id, String kind, UUID customerId, UUID employeeId, String employeeUsername,
        Instant at, @Nullable Instant until, @Nullable String purpose, List<String> fields,
        @Nullable String justification, @Nullable String rule, @Nullable Instant reviewedAt,
        @Nullable String reviewedBy, @Nullable ReviewOutcome outcome, @Nullable String note,
        @Nullable String companyName, List<UUID> members) {

    public FlaggedAccess {
        fields = List.copyOf(fields);
        members = List.copyOf(members);
    }

    FlaggedAccess with(List<String> moreFields, List<UUID> moreMembers, @Nullable String name) {
        java.util.LinkedHashSet<String> allFields = new java.util.LinkedHashSet<>(fields);
        allFields.addAll(moreFields);
        java.util.LinkedHashSet<UUID> all = new java.util.LinkedHashSet<>(members);
        all.addAll(moreMembers);
        return new FlaggedAccess(id, kind, customerId, employeeId, employeeUsername, at, until, purpose,
                List.copyOf(allFields), justification, rule, reviewedAt, reviewedBy, outcome, note, name,
                List.copyOf(all));
    }

    /** Whether it is, or includes, a reveal by a person on notice ({@link AccessReviews#ON_NOTICE}). */
    public boolean onNotice() {
        return AccessReviews.ON_NOTICE.equals(rule);
    }

    /** The same emergency access, marked as used by a person on notice. */
    FlaggedAccess onNoticeToo() {
        return new FlaggedAccess(id, kind, customerId, employeeId, employeeUsername, at, until, purpose, fields,
                justification, AccessReviews.ON_NOTICE, reviewedAt, reviewedBy, outcome, note, companyName, members);
    }

    @Override
    public String toString() {
        return "FlaggedAccess[" + kind + ", " + id + "]";
    }
}
