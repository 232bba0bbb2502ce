package io.custos.identity.web;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.ApiTokens;
import io.custos.identity.PendingAction;
import io.custos.identity.SignIn;
import io.custos.shared.DomainException;
import io.custos.shared.Throttle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/auth/token")
@Tag(name = "Authentication")
class AuthTokenApi {

    private final SignIn signIn;
    private final ApiTokens tokens;

    AuthTokenApi(SignIn signIn, ApiTokens tokens) {
        this.signIn = signIn;
        this.tokens = tokens;
    }

    record TokenRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 200) String password,
            @Nullable @Size(max = 10) String otp) {
        @Override
        public String toString() {
            return "TokenRequest[username=" + username + "]";
        }
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    @PostMapping
    @Operation(summary = "Sign in and get a bearer token",
            description = "Wrong credentials, an unknown user and a locked account all get the same 401. "
                    + "Accounts that must use a second factor but have not enrolled one yet are refused "
                    + "until they enrol in the page. Too many tries from one address or for one name get "
                    + "429 sign-in-throttled with Retry-After, and check no password.")
    ResponseEntity<TokenResponse> issue(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
        SignIn.Outcome outcome = signIn.attempt(request.username(), request.password(), request.otp(),
                http.getRemoteAddr());
        if (outcome instanceof SignIn.Throttled throttled) {
            throw Throttle.refusal("sign-in-throttled", throttled.retryAfterSeconds());
        }
        if (!(outcome instanceof SignIn.Accepted accepted)) {
            throw new DomainException("invalid-credentials", HttpStatus.UNAUTHORIZED);
        }
        if (accepted.account().pendingActions().contains(PendingAction.ENROL_SECOND_FACTOR)) {
            throw new DomainException(PendingAction.ENROL_SECOND_FACTOR.problemCode(), HttpStatus.FORBIDDEN);
        }
        ApiTokens.IssuedToken issued = tokens.issue(accepted.account().user(), accepted.secondFactor());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(issued.token(), issued.expiresAt()));
    }

    @DeleteMapping
    @Operation(summary = "Revoke the bearer token this request carries")
    ResponseEntity<Void> revoke(HttpServletRequest request) {
        String token = ApiTokens.fromHeader(request.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION));
        if (token.isEmpty() || !tokens.revoke(token)) {
            throw new DomainException("token-invalid", HttpStatus.UNAUTHORIZED);
        }
        return ResponseEntity.noContent().build();
    }
}
