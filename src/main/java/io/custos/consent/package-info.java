/**
 * Lawful collection (R-COL-1, R-COL-2, R-COL-4, R-COL-5): the purposes of processing and the fields
 * each needs, versioned privacy notices (drafted by the administration department, approved by
 * management, published, never changed afterwards), and each customer's consent history — grants
 * with their notice version, purposes, separate consents for sensitive data and third parties,
 * channel and evidence; withdrawals; re-consent when a notice adds purposes or data categories.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.consent;
