package io.custos.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;

/**
 * A software passkey for server-side tests: an ES256 key pair that answers a relying party's
 * challenges as a browser and authenticator would (attestation "none"), with or without user
 * verification. The browser test uses chromium's virtual authenticator instead.
 */
final class TestPasskey {

    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte AT = 0x40;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private final String rpId;
    private final String origin;
    private String userHandle = "";
    private int counter;

    TestPasskey(String rpId, String origin) {
        this.rpId = rpId;
        this.origin = origin;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    String id() {
        return B64.encodeToString(credentialId);
    }

    /** The body the account page sends to add this passkey, answering creation options. */
    String registration(String challenge, String userId, String label) {
        this.userHandle = userId;
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV | AT), 0,
                        new AttestedCredentialData(AAGUID.ZERO, credentialId,
                                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256)));
        byte[] attestation = new AttestationObjectConverter(new ObjectConverter())
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        String clientData = clientData("webauthn.create", challenge);
        return """
                {"label": %s, "credential": {"id": "%s", "rawId": "%s", "type": "public-key",
                 "response": {"attestationObject": "%s", "clientDataJSON": "%s", "transports": ["internal"]},
                 "clientExtensionResults": {}, "authenticatorAttachment": "platform"}}"""
                .formatted(quoted(label), id(), id(), B64.encodeToString(attestation),
                        B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)));
    }

    /** The body the login page sends to sign in, answering request options. */
    String assertion(String challenge, boolean userVerified) {
        counter++;
        byte[] data = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) (userVerified ? UP | UV : UP)).putInt(counter).array();
        byte[] clientData = clientData("webauthn.get", challenge).getBytes(StandardCharsets.UTF_8);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(data);
            signer.update(sha256(clientData));
            signature = signer.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return """
                {"id": "%s", "rawId": "%s", "type": "public-key",
                 "response": {"authenticatorData": "%s", "clientDataJSON": "%s", "signature": "%s", "userHandle": "%s"},
                 "clientExtensionResults": {}, "authenticatorAttachment": "platform"}"""
                .formatted(id(), id(), B64.encodeToString(data), B64.encodeToString(clientData),
                        B64.encodeToString(signature), userHandle);
    }

    private String clientData(String type, String challenge) {
        return "{\"type\":\"%s\",\"challenge\":\"%s\",\"origin\":\"%s\",\"crossOrigin\":false}"
                .formatted(type, challenge, origin);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
