/**
 * Departures and changes of post (R-EMP-5, policy §四.2): a handover case lists everything the
 * person holds (customers, sharing requests and grants, exports, paper records, training drafts,
 * accesses under review), the department head settles each item with a successor who may hold it,
 * the person gives a departure undertaking, the head signs off, and HR receives the record. Access
 * ends on the leaving date whatever the case's state (identity's notice sweep); anything still
 * unsettled then goes to the department head. The module only calls the other modules' public
 * services; none of them depends on it.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.handover;
