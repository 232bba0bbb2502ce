package io.custos.retention.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.retention.DestructionCertificates;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The public page that checks a destruction certificate (R-DEL-4): a field for the code and, for a
 * known one, what the certificate states. No sign-in; nothing about any person.
 */
@Controller
class CertificateVerifyPage {

    private final DestructionCertificates certificates;

    CertificateVerifyPage(DestructionCertificates certificates) {
        this.certificates = certificates;
    }

    @GetMapping("/verify/destruction")
    String form(@RequestParam(required = false) @Nullable String code) {
        if (code != null && !code.isBlank()) {
            return "redirect:/verify/destruction/" + URLEncoder.encode(code.strip(), StandardCharsets.UTF_8);
        }
        return "retention/verify";
    }

    @GetMapping("/verify/destruction/{code}")
    String verify(@PathVariable String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("code", code.length() > 64 ? "" : code);
        try {
            model.addAttribute("facts", certificates.verify(code, request.getRemoteAddr()));
        } catch (DomainException refused) {
            response.setStatus(refused.status() == HttpStatus.TOO_MANY_REQUESTS ? 429 : 404);
            model.addAttribute("problem", refused.code());
        }
        return "retention/verify";
    }
}
