package io.custos.identity.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.custos.identity.SignIn;
import io.custos.identity.SsoSignIn;

@Controller
class SignInPage {

    private final SignIn signIn;
    private final SsoSignIn sso;

    SignInPage(SignIn signIn, SsoSignIn sso) {
        this.signIn = signIn;
        this.sso = sso;
    }

    @GetMapping("/login")
    String login(Model model) {
        sso.providerName().ifPresent(name -> {
            model.addAttribute("ssoProvider", name);
            model.addAttribute("ssoStart", SsoSignIn.startPath());
        });
        model.addAttribute("lockoutRule", signIn.lockoutRule());
        model.addAttribute("maxSessions", signIn.maxSessions());
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        return "identity/login";
    }
}
