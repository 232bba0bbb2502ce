package io.custos.retention;

/** Kinds of paper media holding customer data (R-DEL-3); words: {@code paper.type.<code>}. */
public enum PaperType {
    CONTRACT,
    FORM,
    PRINTOUT,
    BUSINESS_CARD,
    OTHER
}
