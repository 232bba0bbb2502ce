package io.custos.identity;

/**
 * Something a signed-in person must do before anything else: until it is done, every page sends
 * them to it and the API answers 403 with the matching problem code.
 */
public enum PendingAction {
    /** A reset or first-start password, or one older than the maximum age. */
    CHANGE_PASSWORD("/account/password", "password-change-required"),
    /** A role that needs a second factor, and none enrolled yet. */
    ENROL_SECOND_FACTOR("/account/second-factor", "second-factor-enrolment-required");

    private final String page;
    private final String problemCode;

    PendingAction(String page, String problemCode) {
        this.page = page;
        this.problemCode = problemCode;
    }

    public String page() {
        return page;
    }

    public String problemCode() {
        return problemCode;
    }
}
