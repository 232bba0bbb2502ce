package io.custos.keys;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * Checks signatures against a public keyset exported by {@link Signatures}. Needs no Spring context
 * and no master key, so an auditor's offline tool can use it with nothing but the public key.
 */
public final class SignatureVerifier {

    private final PublicKeyVerify verify;

    private SignatureVerifier(PublicKeyVerify verify) {
        this.verify = verify;
    }

    /** @throws IllegalArgumentException when the text is not a public Tink keyset */
    public static SignatureVerifier of(String publicKeysetJson) {
        TinkSetup.register();
        try {
            return new SignatureVerifier(TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson)
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("Not a usable public keyset", e);
        }
    }

    public boolean verifies(byte[] signature, byte[] data) {
        try {
            verify.verify(signature, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
