package io.custos.sharing;

/** Who customer information can be shared with: another department of the company, or a partner. */
public enum RecipientType {
    DEPARTMENT, PARTNER
}
