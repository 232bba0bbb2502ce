/**
 * Rewards and penalties (R-SUP-5, policy §五): a proposal linked to its evidence, approved or
 * rejected by management, and a record per person that the person and the administration department
 * can read.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.discipline;
