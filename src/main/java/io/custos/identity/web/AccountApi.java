package io.custos.identity.web;

import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.ApiTokens;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.MyAccount;
import io.custos.identity.PendingAction;
import io.custos.identity.SecondFactorReplacement;
import io.custos.identity.SignIn;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "My account")
class AccountApi {

    private final MyAccount account;
    private final SignIn signIn;
    private final SecondFactorReplacement replacement;

    AccountApi(MyAccount account, SignIn signIn, SecondFactorReplacement replacement) {
        this.account = account;
        this.signIn = signIn;
        this.replacement = replacement;
    }

    record ReplacementConfirmation(@NotBlank @Size(max = 10) String currentCode, @NotBlank @Size(max = 10) String code) {
        @Override
        public String toString() {
            return "ReplacementConfirmation[…]";
        }
    }

    record Me(EmployeeView account, Set<PendingAction> pendingActions) {
    }

    record PasswordChange(@NotBlank @Size(max = 200) String currentPassword,
            @NotBlank @Size(max = 200) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[…]";
        }
    }

    @GetMapping("/me")
    Me me(@AuthenticationPrincipal CustosUser me) {
        return new Me(account.profile(me),
                signIn.current(me.id()).map(s -> s.pendingActions()).orElse(Set.of()));
    }

    @PostMapping("/account/password")
    @io.swagger.v3.oas.annotations.Operation(summary = "Change my password",
            description = "Every other token and web session of the person ends; the token of this request stays.")
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal CustosUser me,
            @Valid @RequestBody PasswordChange request, jakarta.servlet.http.HttpServletRequest http) {
        account.changePassword(me, request.currentPassword(), request.newPassword(),
                ApiTokens.fromHeader(http.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION)));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/account/second-factor")
    @io.swagger.v3.oas.annotations.Operation(summary = "My second factor",
            description = "Whether an authenticator is enrolled and whether a replacement is being enrolled.")
    SecondFactorReplacement.Status secondFactor(@AuthenticationPrincipal CustosUser me) {
        return replacement.status(me);
    }

    @PostMapping("/account/second-factor/replacement")
    @io.swagger.v3.oas.annotations.Operation(summary = "Start replacing my authenticator",
            description = "Only with a token issued after a second factor (403 second-factor-sign-in-required "
                    + "otherwise); the first authenticator is enrolled in the pages. Returns the new secret, its "
                    + "otpauth URI and a QR code, once; a new call starts over with a fresh secret. The current "
                    + "authenticator keeps working until the replacement is confirmed.")
    ResponseEntity<MyAccount.Enrolment> startReplacement(@AuthenticationPrincipal CustosUser me,
            jakarta.servlet.http.HttpServletRequest http) {
        return ResponseEntity.status(org.springframework.http.HttpStatus.CREATED)
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .body(replacement.start(me, token(http)));
    }

    @PostMapping("/account/second-factor/replacement/confirm")
    @io.swagger.v3.oas.annotations.Operation(summary = "Confirm the new authenticator",
            description = "Needs a code of the current authenticator and one of the new. Wrong codes count "
                    + "toward the sign-in lockout. Every other token and web session of the person ends.")
    ResponseEntity<Void> confirmReplacement(@AuthenticationPrincipal CustosUser me,
            @Valid @RequestBody ReplacementConfirmation request, jakarta.servlet.http.HttpServletRequest http) {
        replacement.confirm(me, token(http), request.currentCode(), request.code());
        return ResponseEntity.noContent().build();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/account/second-factor/replacement")
    @io.swagger.v3.oas.annotations.Operation(summary = "Give up replacing my authenticator")
    ResponseEntity<Void> cancelReplacement(@AuthenticationPrincipal CustosUser me,
            jakarta.servlet.http.HttpServletRequest http) {
        replacement.cancel(me, token(http));
        return ResponseEntity.noContent().build();
    }

    private static String token(jakarta.servlet.http.HttpServletRequest http) {
        return ApiTokens.fromHeader(http.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION));
    }
}
