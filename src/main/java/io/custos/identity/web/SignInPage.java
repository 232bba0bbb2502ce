package io.custos.identity.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SignInPage {

    private final io.custos.identity.SignIn signIn;

    SignInPage(io.custos.identity.SignIn signIn) {
        this.signIn = signIn;
    }

    @GetMapping("/login")
    String login(org.springframework.ui.Model model) {
        model.addAttribute("lockoutRule", signIn.lockoutRule());
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        return "identity/login";
    }
}
