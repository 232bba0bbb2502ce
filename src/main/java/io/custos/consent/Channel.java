package io.custos.consent;

/** How a consent was collected. */
public enum Channel {
    PAPER_FORM, EMAIL, PORTAL, PHONE, IN_PERSON
}
