package io.custos.casework;

/** How the case reached the company: the portal, or staff entering a letter, call, e-mail or visit. */
public enum CaseChannel {
    PORTAL, LETTER, PHONE, EMAIL, IN_PERSON
}
