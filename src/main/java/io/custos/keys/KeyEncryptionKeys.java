package io.custos.keys;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The key that encrypts the operator's master keyset file: a KMS key, or 32 random bytes from the
 * environment. Error messages name the property, never the value.
 */
final class KeyEncryptionKeys {

    static final String BASE64_PROPERTY = "custos.keys.master.kek-base64 (environment variable CUSTOS_MASTER_KEK)";
    static final String URI_PROPERTY = "custos.keys.master.kek-uri";

    private KeyEncryptionKeys() {
    }

    /** Imports 32 base64 bytes as a raw AES256-GCM key (no Tink prefix: the bytes are the whole key). */
    static Aead fromBase64(String base64) {
        TinkSetup.register();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            // Not chained: the decoder's message quotes the offending character of the secret.
            throw new MasterKeyUnavailableException(BASE64_PROPERTY + " is not base64");
        }
        try {
            if (bytes.length != 32) {
                throw new MasterKeyUnavailableException(BASE64_PROPERTY + " must be 32 random bytes in base64 (e.g. "
                        + "from 'openssl rand -base64 32'), not " + bytes.length + " bytes");
            }
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get())).build();
            return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build()
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new MasterKeyUnavailableException(BASE64_PROPERTY + " cannot be used as an AES-256 key", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The first {@link KmsClient} bean that supports the URI; the operator declares it (docs/operations.md). */
    static Aead fromKms(String uri, List<KmsClient> clients) {
        KmsClient client = clients.stream().filter(c -> c.doesSupport(uri)).findFirst()
                .orElseThrow(() -> new MasterKeyUnavailableException(URI_PROPERTY + " is " + uri + ", but no bean of "
                        + "type com.google.crypto.tink.KmsClient supports it (" + clients.size() + " KmsClient beans); "
                        + "declare one, e.g. GcpKmsClient from tink-gcpkms or AwsKmsClient from tink-awskms"));
        try {
            return client.getAead(uri);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new MasterKeyUnavailableException("The KMS key " + URI_PROPERTY + " = " + uri
                    + " cannot be used through " + client.getClass().getName(), e);
        }
    }
}
