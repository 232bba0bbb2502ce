package io.custos.support;

import java.util.List;
import java.util.Map;

/** Consents for tests that create customers: one covering every built-in field, with the separate consents. */
public final class Consents {

    /** Purposes that together need all sixteen built-in fields. */
    public static final List<String> ALL_BUILT_IN_FIELDS = List.of("SALES_FOLLOW_UP", "CONTRACT", "DELIVERY", "PAYMENT",
            "CUSTOMS", "AFTER_SALES", "LEGAL_OBLIGATION");

    private Consents() {
    }

    public static Map<String, Object> full() {
        return Map.of("noticeVersion", 1, "purposes", ALL_BUILT_IN_FIELDS, "sensitiveConsent", true,
                "thirdPartyConsent", false, "channel", "PAPER_FORM");
    }

    /** Every built-in field's purposes, with the separate consents, under the given notice version. */
    public static Map<String, Object> under(int noticeVersion) {
        return Map.of("noticeVersion", noticeVersion, "purposes", ALL_BUILT_IN_FIELDS, "sensitiveConsent", true,
                "thirdPartyConsent", false, "channel", "PAPER_FORM");
    }

    public static Map<String, Object> of(List<String> purposes, boolean sensitive) {
        return Map.of("noticeVersion", 1, "purposes", purposes, "sensitiveConsent", sensitive,
                "thirdPartyConsent", false, "channel", "PAPER_FORM");
    }
}
