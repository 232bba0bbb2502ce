package io.custos.customer;

/** What an import does with a file that has invalid rows. */
public enum ImportMode {
    /** Checks every row first; one invalid row and nothing is written. */
    ALL_OR_NOTHING,
    /** Writes the valid rows, in chunks of their own transactions, and reports the invalid ones. */
    SKIP_INVALID
}
