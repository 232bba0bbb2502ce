/**
 * Policy documents and their acknowledgment (R-EMP-1), the confidentiality agreement (R-EMP-4),
 * courses with lessons and quizzes, their assignment by role or department, results, reminders and
 * reports (R-EMP-2), and {@link io.custos.training.TrainingGate}: whether a person holds what
 * revealing L3-L4 customer data requires (an accepted current agreement and a current pass of every
 * mandatory course assigned to them). Every change is audited in its transaction.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.training;
