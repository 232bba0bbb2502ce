package io.custos.access;

import java.util.Locale;

/**
 * Why a field was decided as it was; the code goes into audit events and API answers, the message
 * key into pages. When several rules refuse a field, the most specific reason wins (the one that
 * tells the person what to do about it), hence the order.
 */
public enum Reason {
    // Refusals, least specific first.
    NO_RULE,
    ACCOUNT_INACTIVE,
    ACTION_NOT_ALLOWED,
    LEVEL_NOT_VISIBLE,
    NOT_REVEALABLE,
    NOT_GRANTED,
    PURPOSE_REQUIRED,
    PURPOSE_NOT_ALLOWED,
    PURPOSE_NOT_ALLOWED_FOR_LEVEL,
    PURPOSE_NOT_GRANTED,
    PURPOSE_DOES_NOT_COVER_FIELD,
    PURPOSE_NOT_CONSENTED,
    SENSITIVE_CONSENT_MISSING,
    AGREEMENT_MISSING,
    TRAINING_MISSING,
    TRAINING_EXPIRED,
    // Grants.
    MASKED,
    SHOWN,
    REVEALED,
    ALLOWED;

    /** {@code purpose-not-consented}: stable, for API answers and audit details. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String messageKey() {
        return "access.reason." + code();
    }

    public static Reason ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
