/**
 * Supervision (R-SUP-1, R-SUP-2, R-IT-2, policy §五 and §二.4): checklist templates grouped by the
 * policy's chapters, inspection plans per department and period, inspections whose items pull live
 * evidence from the other modules, findings that become rectifications with an owner, a deadline and
 * verification, and IT security's assessments and vulnerability register with fix deadlines by
 * severity. The module only calls the other modules' public services; none of them depends on it.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.supervision;
