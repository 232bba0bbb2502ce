package io.custos.retention;

/** How paper is destroyed (R-DEL-3); words: {@code certificate.method.<code>}. */
public enum PaperMethod {
    SHREDDING,
    BURNING,
    PULPING,
    /** By a destruction contractor, whose name the order gives. */
    CONTRACTOR
}
