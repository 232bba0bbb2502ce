package io.custos.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.custos.identity.CustosUser;
import io.custos.identity.Passkeys;
import io.custos.identity.SignedInSessions;
import io.custos.shared.DomainException;

/**
 * Adding and removing passkeys on the account page (issue 24.2). The browser asks for creation
 * options, lets the authenticator make the passkey, and sends it back with its name; the options
 * wait in the session between the two requests, as with Spring's own registration filter (which
 * is switched off: it neither audits nor asks for the second factor).
 */
@Controller
@RequestMapping("/account/passkeys")
class PasskeyPages {

    private static final JsonMapper JSON = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

    private final Passkeys passkeys;
    private static final String PENDING = PasskeyPages.class.getName() + ".pending";

    PasskeyPages(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    @PostMapping(path = "/options", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> options(@AuthenticationPrincipal CustosUser me, Authentication authentication,
            HttpServletRequest request) {
        PublicKeyCredentialCreationOptions options = passkeys.creationOptions(me, authentication,
                SignedInSessions.withSecondFactor(request));
        request.getSession().setAttribute(PENDING, Passkeys.Pending.of(options));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(options));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> enrol(@AuthenticationPrincipal CustosUser me, @RequestBody String body,
            HttpServletRequest request, HttpServletResponse response) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        Passkeys.Pending pending = session != null && session.getAttribute(PENDING) instanceof Passkeys.Pending p ? p
                : null;
        if (session != null) {
            session.removeAttribute(PENDING);
        }
        RelyingPartyPublicKey key;
        try {
            key = JSON.readValue(body, RelyingPartyPublicKey.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new DomainException("passkey-invalid", HttpStatus.UNPROCESSABLE_ENTITY);
        }
        passkeys.enrol(me, pending, key, SignedInSessions.withSecondFactor(request));
        RequestContextUtils.getOutputFlashMap(request).put("notice", "identity.passkey.enrolled");
        RequestContextUtils.saveOutputFlashMap("/account", request, response);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"success\":true}");
    }

    @PostMapping("/{id}/remove")
    String remove(@AuthenticationPrincipal CustosUser me, @PathVariable String id, HttpServletRequest request,
            RedirectAttributes redirect) {
        passkeys.remove(me, id, SignedInSessions.withSecondFactor(request));
        redirect.addFlashAttribute("notice", "identity.passkey.removed");
        return "redirect:/account";
    }
}
