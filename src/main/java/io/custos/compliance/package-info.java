/**
 * The compliance map and dashboards (R-X-6, R-SUP-6): each clause of the published confidentiality
 * policy, the controls that implement it, and live evidence for each control, coloured by thresholds
 * the security administrators tune; the dashboards of management, department heads and auditors;
 * the quarterly board report; the record of processing activities; the legal thresholds. It only
 * calls the other modules' public figures and never writes into their tables; no module depends on it.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.compliance;
