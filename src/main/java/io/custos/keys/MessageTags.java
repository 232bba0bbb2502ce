package io.custos.keys;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.PredefinedMacParameters;

/**
 * Named message-authentication keys (Tink HMAC-SHA256, 128-bit tags): a row that carries a valid
 * tag was written by a holder of the key, which lives only wrapped by the master key in
 * {@code managed_keyset}, so someone who can write the database cannot make one. Tink prefixes each
 * tag with its key's id, so the keyset can gain a new primary key later and old tags still verify.
 */
@Service
public class MessageTags {

    private static final String KIND = "HMAC_SHA256_MAC";

    private final ManagedKeysets keysets;
    private final TransactionTemplate ownTransaction;
    private final Map<String, Mac> loaded = new ConcurrentHashMap<>();

    MessageTags(JdbcClient jdbc, MasterKeyProvider masterKey, Clock clock, PlatformTransactionManager transactions) {
        this.keysets = new ManagedKeysets(jdbc, masterKey, clock);
        // Created on its own, like the signing keys: a tag made with a key that a rolled-back
        // transaction took with it could never be verified.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public byte[] tag(String keyName, byte[] data) {
        try {
            return load(keyName).computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tagging with key " + keyName + " failed", e);
        }
    }

    public boolean verifies(String keyName, byte[] tag, byte[] data) {
        try {
            load(keyName).verifyMac(tag, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Mac load(String keyName) {
        return loaded.computeIfAbsent(keyName, name -> ownTransaction.execute(status -> loadOrCreate(name)));
    }

    private Mac loadOrCreate(String keyName) {
        try {
            return keysets.storedOrCreate(keyName, KIND, PredefinedMacParameters.HMAC_SHA256_128BITTAG, false)
                    .getPrimitive(RegistryConfiguration.get(), Mac.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The tag key " + keyName + " cannot be used; is the master key the one it "
                    + "was created under?", e);
        }
    }
}
