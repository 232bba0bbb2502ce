/**
 * Key material, all of it through Google Tink: the master key that wraps every other key, and
 * named keysets kept wrapped in the database (the audit checkpoint signing key now; the customer
 * data keys, the blind-index key and rotation arrive with the customer registry). No other module
 * holds a secret key; they ask this one to sign or to encrypt (R-STO-1, R-STO-2).
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.keys;
