package io.custos.whistleblowing;

/**
 * Where the reward for a verified report stands, as its reporter reads it on the follow-up page:
 * proposed to management, approved (to be claimed), rejected, or paid.
 */
public enum RewardOutcome {
    PROPOSED, APPROVED, REJECTED, PAID
}
