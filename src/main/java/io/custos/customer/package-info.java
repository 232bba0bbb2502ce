/**
 * The customer registry: the classification catalog of fields (R-COL-3), customers with their
 * owner and department, values stored in clear (L1-L2) or only as ciphertext bound to customer and
 * field (L3-L4, R-STO-1, R-STO-2), masked by default (R-USE-1), exact search on encrypted fields
 * through blind indexes (R-STO-6), import and export. Every read and change is audited.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.customer;
