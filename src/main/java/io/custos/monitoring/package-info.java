/**
 * Security monitoring (R-SUP-3, policy §五.1): rules over the sealed audit stream that raise alerts
 * within seconds, a triage of each alert, the rules' versions with a second person's approval, a
 * test of a rule over the last 30 days, and the figures of the dashboard. It reads the audit log and
 * never writes into another module's tables; no module depends on it.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.monitoring;
