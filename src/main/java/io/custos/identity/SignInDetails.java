package io.custos.identity;

import java.io.Serial;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Carries the one-time code typed on the sign-in form to the authentication provider. */
final class SignInDetails extends WebAuthenticationDetails {

    @Serial
    private static final long serialVersionUID = 1L;
    private final transient @Nullable String otp;

    private SignInDetails(HttpServletRequest request) {
        super(request);
        this.otp = request.getParameter("otp");
    }

    @Nullable
    String otp() {
        return otp;
    }

    static final class Source implements AuthenticationDetailsSource<HttpServletRequest, WebAuthenticationDetails> {
        @Override
        public WebAuthenticationDetails buildDetails(HttpServletRequest request) {
            return new SignInDetails(request);
        }
    }
}
