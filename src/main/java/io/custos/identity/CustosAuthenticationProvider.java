package io.custos.identity;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
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
        SignIn.Outcome outcome = signIn.attempt(authentication.getName(),
                String.valueOf(authentication.getCredentials()), otp);
        if (outcome instanceof SignIn.Accepted accepted) {
            UsernamePasswordAuthenticationToken result = authenticated(accepted.account().user());
            if (authentication.getDetails() instanceof WebAuthenticationDetails details) {
                // Keep address and session id, drop the used one-time code.
                result.setDetails(new WebAuthenticationDetails(details.getRemoteAddress(), details.getSessionId()));
            }
            return result;
        }
        throw new BadCredentialsException("Sign-in refused");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static UsernamePasswordAuthenticationToken authenticated(CustosUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities(user));
    }

    static List<GrantedAuthority> authorities(CustosUser user) {
        return user.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }
}
