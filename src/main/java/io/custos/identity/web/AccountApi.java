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
import io.custos.identity.SignIn;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "My account")
class AccountApi {

    private final MyAccount account;
    private final SignIn signIn;

    AccountApi(MyAccount account, SignIn signIn) {
        this.account = account;
        this.signIn = signIn;
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
}
