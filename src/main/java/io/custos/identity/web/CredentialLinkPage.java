package io.custos.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.identity.CredentialLinks;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;

/**
 * The page a one-time password link opens (issue 24.4). Opening it spends nothing: a button posts
 * the token, so a mail scanner that fetches links leaves it working. The answer is never cached and
 * sends no referrer, and the token travels in the form, not in any further address.
 */
@Controller
class CredentialLinkPage {

    private static final int MAX_TOKEN = 100;

    private final CredentialLinks links;

    CredentialLinkPage(CredentialLinks links) {
        this.links = links;
    }

    @GetMapping("/one-time-password")
    String show(@RequestParam(name = "token", required = false) @Nullable String token, Model model,
            HttpServletResponse response) {
        private_(response);
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("gone", true);
            return "identity/one-time-password";
        }
        model.addAttribute("token", token);
        return "identity/one-time-password";
    }

    @PostMapping("/one-time-password")
    String reveal(@RequestParam(name = "token", required = false) @Nullable String token,
            @AuthenticationPrincipal @Nullable CustosUser me, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        private_(response);
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("gone", true);
            return "identity/one-time-password";
        }
        try {
            model.addAttribute("revealed", links.reveal(token, me, request.getRemoteAddr()));
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute(e.status() == HttpStatus.FORBIDDEN ? "notYours" : "gone", true);
        }
        return "identity/one-time-password";
    }

    private static void private_(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
