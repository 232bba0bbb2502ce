/**
 * Casework (R-CUS-1, R-CUS-2, policy §四.3): every request, complaint and compensation claim of a
 * customer is a case with a reference, a deadline counted in working days on the company's
 * calendar (public holidays and make-up working days included), a department answering it, a
 * timeline, notes and a reply in both languages. Complaints and claims hold the customer's records
 * while they are open; corrections and deletions go through the registry's and retention's own
 * paths, so they are approved and audited like any other.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.casework;
