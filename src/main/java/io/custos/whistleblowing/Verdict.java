package io.custos.whistleblowing;

/** How a handler closes a report: verified as true (a reward is proposed), not verified, or unfounded. */
public enum Verdict {
    VERIFIED, NOT_VERIFIED, UNFOUNDED
}
