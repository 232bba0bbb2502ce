package io.custos.casework;

/**
 * How the customer's identity was established before anything of theirs is disclosed or changed:
 * the portal's sign-in, an identity document, a call back to the number on record, or a contact the
 * answering employee knows.
 */
public enum Verification {
    PORTAL, ID_DOCUMENT, CALL_BACK, KNOWN_CONTACT
}
