package io.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;

/**
 * Equality search over encrypted values: a keyed hash (Tink HMAC-SHA256 PRF) of a normalized value,
 * so the database can match a phone number without holding it. The key is the managed keyset
 * {@code blind-index}, wrapped by the master key like the signing keys; it is never rotated, since
 * every stored index would change with it (R-STO-1).
 */
@Service
public class BlindIndex {

    static final String KEY_NAME = "blind-index";
    private static final String KIND = "HMAC_SHA256_PRF";
    private static final int LENGTH_BYTES = 16;
    /** The kind must not contain the separator, or "a:b" + "c" and "a" + "b:c" would collide. */
    private static final Pattern KIND_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final ManagedKeysets keysets;
    private final TransactionTemplate ownTransaction;
    private volatile @Nullable PrfSet prf;

    BlindIndex(JdbcClient jdbc, MasterKeyProvider masterKey, Clock clock, PlatformTransactionManager transactions) {
        this.keysets = new ManagedKeysets(jdbc, masterKey, clock);
        // Created on its own, like the signing keys: an index computed with a key that a rolled-back
        // transaction took with it would match nothing afterwards.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Hex of the first 16 bytes of the PRF over {@code kind + ":" + normalizedValue}; the same on
     * every node and after every restart. {@code kind} (e.g. {@code phone}) keeps equal values of
     * different fields apart. Normalizing the value is the caller's job.
     */
    public String of(String kind, String normalizedValue) {
        if (!KIND_PATTERN.matcher(kind).matches()) {
            throw new IllegalArgumentException("A blind-index kind is 1 to 32 lower-case letters, digits or dashes");
        }
        try {
            byte[] input = (kind + ":" + normalizedValue).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(prf().computePrimary(input, LENGTH_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The blind-index key cannot compute an index", e);
        }
    }

    private PrfSet prf() {
        PrfSet loaded = prf;
        if (loaded == null) {
            synchronized (this) {
                loaded = prf;
                if (loaded == null) {
                    loaded = ownTransaction.execute(status -> load());
                    prf = loaded;
                }
            }
        }
        return loaded;
    }

    private PrfSet load() {
        try {
            return keysets.storedOrCreate(KEY_NAME, KIND, PredefinedPrfParameters.HMAC_SHA256_PRF, false)
                    .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The blind-index key cannot be used; is the master key the one it was "
                    + "created under?", e);
        }
    }
}
