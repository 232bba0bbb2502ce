package io.custos.keys;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;

/**
 * Named Ed25519 signing keys. Each keyset is created on first use, stored in {@code managed_keyset}
 * encrypted under the master key (bound to its name, so one row cannot stand in for another), and
 * kept in memory as a signing primitive. Only the public half ever leaves this module.
 */
@Service
public class Signatures {

    private static final String KIND = "ED25519_SIGNING";

    private final ManagedKeysets keysets;
    private final MasterKeyProvider masterKey;
    private final TransactionTemplate ownTransaction;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    Signatures(JdbcClient jdbc, MasterKeyProvider masterKey, Clock clock, PlatformTransactionManager transactions) {
        // A key created inside a caller's transaction that then rolls back would sign with a key
        // that exists nowhere else: creation commits on its own.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.keysets = new ManagedKeysets(jdbc, masterKey, clock);
        this.masterKey = masterKey;
    }

    private record Loaded(PublicKeySign signer, String publicKeyset) {
    }

    /**
     * Fails the start when a stored keyset (signing or blind-index) cannot be opened with the master
     * key in use: a lost or swapped master key must stop the application, not surface later as
     * failed signatures or searches that find nothing.
     */
    @EventListener(ApplicationStartedEvent.class)
    void checkStoredKeysets() {
        for (String name : keysets.names()) {
            try {
                keysets.stored(name);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The stored keyset " + name + " cannot be opened with the master key "
                        + "from " + masterKey.description() + ": restore the master key that was in use when it was "
                        + "created (see docs/operations.md, Keys)", e);
            }
        }
    }

    public byte[] sign(String keyName, byte[] data) {
        try {
            return load(keyName).signer().sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing with key " + keyName + " failed", e);
        }
    }

    /** The public keyset in Tink's JSON format, for anyone who verifies signatures offline. */
    public String publicKeyset(String keyName) {
        return load(keyName).publicKeyset();
    }

    private Loaded load(String keyName) {
        return loaded.computeIfAbsent(keyName, name -> ownTransaction.execute(status -> loadOrCreate(name)));
    }

    private Loaded loadOrCreate(String keyName) {
        try {
            KeysetHandle handle = keysets.storedOrCreate(keyName, KIND, PredefinedSignatureParameters.ED25519, true);
            String publicKeyset = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle());
            return new Loaded(handle.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class), publicKeyset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing key " + keyName + " cannot be used; is the master key the "
                    + "one it was created under?", e);
        }
    }
}
