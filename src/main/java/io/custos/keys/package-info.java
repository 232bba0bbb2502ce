/**
 * Key material, all of it through Google Tink: the master key that wraps every other key (a local
 * keyset file, or the operator's keyset file encrypted under a KMS or environment key), with
 * rotation and background re-wrap; per-owner data keys for field encryption and crypto-shredding;
 * the blind-index key; and named signing keysets. No other module holds a secret key; they ask this
 * one to sign, encrypt, decrypt or index. It publishes events ({@link io.custos.keys.DataKeyDestroyed},
 * {@link io.custos.keys.MasterKeyRotated}, {@link io.custos.keys.MasterKeyRewrapFinished}) for the
 * audit log to record, and depends on no module but {@code shared} (R-STO-1, R-STO-2, R-STO-5, R-STO-6).
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.keys;
