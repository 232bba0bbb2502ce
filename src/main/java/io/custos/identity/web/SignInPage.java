package io.custos.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

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

    /**
     * The page again after a throttled sign-in (forwarded by the sign-in's failure handler): 429,
     * when to try again, and the typed name, so nothing but the password has to be typed again.
     */
    @RequestMapping(SignIn.THROTTLED_PAGE)
    String throttled(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!(request.getAttribute(SignIn.THROTTLED_SECONDS) instanceof Long seconds)) {
            return "redirect:/login";
        }
        model.addAttribute("lockoutRule", signIn.lockoutRule());
        model.addAttribute("maxSessions", signIn.maxSessions());
        model.addAttribute("throttledMinutes", (seconds + 59) / 60);
        String username = request.getParameter("username");
        model.addAttribute("username", username == null || username.length() > 64 ? "" : username);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        return "identity/login";
    }
}
