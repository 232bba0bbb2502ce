package io.custos.compliance;

/** What the legal thresholds count (issue 22.6). */
public enum LegalCounter {
    /** Individuals whose information is held: customers in the registry, not destroyed. */
    INDIVIDUALS_HELD,
    /** Individuals whose information went abroad this calendar year (company zone). */
    CROSS_BORDER,
    /** Of them, those whose sensitive (L4) information went abroad. */
    CROSS_BORDER_SENSITIVE
}
