package io.custos.identity;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * Password-less sign-in with a passkey (issue 24.2). Spring Security's relying party verifies the
 * assertion (origin, relying party id, challenge, signature); {@link SignIn} then judges the account
 * as it judges a password sign-in, and the result is the same {@link CustosUser} sign-in with its
 * role authorities. Replaces Spring's {@code WebAuthnAuthenticationProvider}, whose principal would
 * be the WebAuthn user entity, unchecked against departure, lock and partner standing.
 */
final class PasskeyAuthenticationProvider implements AuthenticationProvider {

    /** WebAuthn authenticator data: 32 bytes of relying party id hash, then the flags; bit 2 is UV. */
    private static final int FLAGS = 32;
    private static final int USER_VERIFIED = 0x04;

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final SignIn signIn;

    PasskeyAuthenticationProvider(WebAuthnRelyingPartyOperations relyingParty, SignIn signIn) {
        this.relyingParty = relyingParty;
        this.signIn = signIn;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        RelyingPartyAuthenticationRequest request = ((WebAuthnAuthenticationRequestToken) authentication)
                .getWebAuthnRequest();
        PublicKeyCredentialUserEntity userEntity;
        try {
            userEntity = relyingParty.authenticate(request);
        } catch (RuntimeException e) {
            signIn.passkeyRejected();
            throw new BadCredentialsException("Sign-in refused");
        }
        // Read after verification: the signature covers the authenticator data, flags included.
        byte[] data = request.getPublicKey().getResponse().getAuthenticatorData().getBytes();
        boolean userVerified = data.length > FLAGS && (data[FLAGS] & USER_VERIFIED) != 0;
        SignIn.Outcome outcome = signIn.attemptWithPasskey(userEntity.getName(), userVerified);
        if (outcome instanceof SignIn.Accepted accepted) {
            UsernamePasswordAuthenticationToken result = CustosAuthenticationProvider.authenticated(
                    accepted.account().user());
            // Spring's WebAuthn filter sets no details; the session notes the credential version from these.
            WebAuthenticationDetails details = authentication.getDetails() instanceof WebAuthenticationDetails d ? d
                    : null;
            result.setDetails(new CustosAuthenticationProvider.SignedInDetails(
                    details == null ? "" : details.getRemoteAddress(), details == null ? null : details.getSessionId(),
                    accepted.account().credentialVersion(), true));
            return result;
        }
        throw new BadCredentialsException("Sign-in refused");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
}
