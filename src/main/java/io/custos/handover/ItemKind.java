package io.custos.handover;

import java.util.EnumSet;
import java.util.Set;

/** What a handover item is, and the ways the head may settle it. */
public enum ItemKind {
    /** A customer the person owns: reassigned to a successor. */
    CUSTOMER(EnumSet.of(ItemOutcome.REASSIGNED)),
    /** A sharing request of theirs still waiting for a decision: reassigned or withdrawn. */
    SHARING_REQUEST(EnumSet.of(ItemOutcome.REASSIGNED, ItemOutcome.WITHDRAWN)),
    /** A grant in force that they requested: continued under the head, or ended. */
    GRANT(EnumSet.of(ItemOutcome.CONTINUED, ItemOutcome.ENDED)),
    /** An export package they requested or downloaded in the last 90 days: the head confirms no copy is left. */
    EXPORT(EnumSet.of(ItemOutcome.ACKNOWLEDGED)),
    /** A paper record in their custody or taken out by them: checked in to a named custodian. */
    PAPER_RECORD(EnumSet.of(ItemOutcome.CHECKED_IN)),
    /** A policy-document draft or course they administer: the head confirms a colleague takes it over. */
    TRAINING(EnumSet.of(ItemOutcome.ACKNOWLEDGED)),
    /** An emergency access or flagged reveal of theirs under review: settled when it is reviewed. */
    FLAGGED_ACCESS(EnumSet.noneOf(ItemOutcome.class));

    private final Set<ItemOutcome> choices;

    ItemKind(Set<ItemOutcome> choices) {
        this.choices = choices;
    }

    /** The outcomes the head may choose; empty when the item settles by itself. */
    public Set<ItemOutcome> choices() {
        return choices;
    }

    /** Whether settling it this way names a person (a successor or a custodian). */
    public static boolean needsPerson(ItemOutcome outcome) {
        return outcome == ItemOutcome.REASSIGNED || outcome == ItemOutcome.CHECKED_IN;
    }
}
