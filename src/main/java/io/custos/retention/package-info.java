/**
 * Retention and destruction (issue 16, R-DEL-1, R-DEL-2, R-DEL-4, R-DEL-5): versioned retention rules
 * approved by a security administrator, the daily sweep of what is due, legal holds that block
 * destruction, destruction batches approved by the department's head and the administration
 * department and executed by crypto-shredding, the business facts a legal minimum keeps without any
 * link to the person, customers' deletion requests, and the destruction certificates anyone holding
 * one can verify.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.retention;
