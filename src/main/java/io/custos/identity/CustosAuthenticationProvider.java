package io.custos.identity;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Form sign-in: username, password and, when enrolled, the one-time code, all checked by {@link SignIn}. */
class CustosAuthenticationProvider implements AuthenticationProvider {

    private final SignIn signIn;

    CustosAuthenticationProvider(SignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String otp = authentication.getDetails() instanceof SignInDetails details ? details.otp() : null;
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        SignIn.Outcome outcome = signIn.attempt(authentication.getName(),
                String.valueOf(authentication.getCredentials()), otp, address);
        if (outcome instanceof SignIn.Throttled throttled) {
            throw new ThrottledException(throttled.retryAfterSeconds());
        }
        if (outcome instanceof SignIn.Accepted accepted) {
            UsernamePasswordAuthenticationToken result = authenticated(accepted.account().user());
            if (authentication.getDetails() instanceof WebAuthenticationDetails details) {
                // Keep address and session id, drop the used one-time code; the session notes the credential version.
                // Whether a code was checked, not only the password: passkey changes ask for it.
                result.setDetails(new SignedInDetails(details.getRemoteAddress(), details.getSessionId(),
                        accepted.account().credentialVersion(), accepted.secondFactor()));
            }
            return result;
        }
        throw new BadCredentialsException("Sign-in refused");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Too many tries from this address or for this name; the page says when to try again. */
    static final class ThrottledException extends AuthenticationException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        ThrottledException(long retryAfterSeconds) {
            super("Sign-in throttled");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The sign-in's address and session, and the credential version it was accepted under. */
    static final class SignedInDetails extends WebAuthenticationDetails {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final int credentialVersion;
        private final boolean secondFactor;

        SignedInDetails(String remoteAddress, @org.jspecify.annotations.Nullable String sessionId,
                int credentialVersion, boolean secondFactor) {
            super(remoteAddress, sessionId);
            this.credentialVersion = credentialVersion;
            this.secondFactor = secondFactor;
        }

        boolean secondFactor() {
            return secondFactor;
        }

        int credentialVersion() {
            return credentialVersion;
        }
    }

    static UsernamePasswordAuthenticationToken authenticated(CustosUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities(user));
    }

    static List<GrantedAuthority> authorities(CustosUser user) {
        return user.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }
}
