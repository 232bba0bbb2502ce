/**
 * The policy decision point for customer data (R-STO-4, R-USE-1, R-USE-2, R-USE-6, R-ORG-2): one
 * function decides, field by field, whether a person sees a value in clear, masked, or not at all,
 * for an action and a declared purpose, from the person (identity), the customer's owner and
 * department (given by the customer module), the customer's consent (consent module) and the
 * person's agreement and training (training module). The rules are versioned data that the security
 * administrator edits; emergency (break-glass) access and "why could X see F" live here too.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.access;
