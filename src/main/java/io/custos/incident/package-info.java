/**
 * Risk reports and incidents (R-EMP-3, R-SUP-7, policy §四.1 and PIPL art. 57): any employee reports
 * a security risk or a suspected leak; IT security triages it and may raise it to an incident, which
 * carries a severity on the national four-level scale, the affected customers under a legal hold,
 * containment and investigation notes, and the regulator's and the customers' notification clocks.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.incident;
