/**
 * Whistleblowing (R-SUP-4, policy §五): a report made without an account, stored with nothing that
 * identifies the reporter, followed up with a random code; handled by the administration department
 * or by an auditor when it names the administration department's own staff. A report verified as
 * true proposes a reward.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.whistleblowing;
