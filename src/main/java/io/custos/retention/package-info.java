/**
 * Retention and destruction (R-DEL-1..5, issue 16): rules per data category, sweeps, legal holds,
 * destruction batches of electronic data, the register of paper media holding customer data with
 * their destruction orders, and the destruction certificates anyone holding one can verify.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "audit", "customer",
        "keys"})
@org.jspecify.annotations.NullMarked
package io.custos.retention;
