package io.custos.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.identity.SsoSignIn;

/**
 * The Custos code after a single sign-on, for a role that needs a second factor the provider did
 * not assert (issue 24.1). Reachable without a session only as far as this page: until the code is
 * right the session is not signed in, so every other page sends the person to the sign-in page.
 */
@Controller
class SsoStepUpPage {

    private final SsoSignIn sso;

    SsoStepUpPage(SsoSignIn sso) {
        this.sso = sso;
    }

    @GetMapping(SsoSignIn.STEP_UP_PAGE)
    String form(HttpServletRequest request) {
        return sso.stepUpPending(request) ? "identity/sso-second-factor" : "redirect:/login?sso=refused";
    }

    @PostMapping(SsoSignIn.STEP_UP_PAGE)
    String submit(@RequestParam(name = "otp", defaultValue = "") String otp, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (!sso.stepUpPending(request)) {
            return "redirect:/login?sso=refused";
        }
        if (otp.length() > 10 || !sso.completeStepUp(request, response, otp)) {
            model.addAttribute("wrongCode", true);
            return "identity/sso-second-factor";
        }
        return "redirect:/";
    }
}
