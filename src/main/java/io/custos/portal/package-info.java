/**
 * The customers' own portal (R-CUS-1, R-CUS-2, policy §四.3): a customer signs in with a one-time
 * link sent to the address on record (no password), sees what the company holds about them, who
 * used it for what and with whom it was shared, withdraws consents and files requests, complaints
 * and claims. A customer's sign-in is its own kind: it never reaches a staff page or endpoint, and
 * a staff sign-in never reaches the portal.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.portal;
