package io.custos.compliance;

/**
 * The colour of a reading, a control or a clause. {@code INFO} is a figure shown without a judgement
 * (no threshold applies); {@code UNMAPPED} a clause that no control implements, shown as such.
 * Ordered from best to worst so that the worst of several is the largest.
 */
public enum Status {
    UNMAPPED, INFO, GREEN, AMBER, RED;

    static Status worst(Status a, Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
