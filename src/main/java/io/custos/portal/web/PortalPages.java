package io.custos.portal.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

import io.custos.portal.PortalCustomer;
import io.custos.portal.PortalSection;
import io.custos.portal.PortalSignIn;

/**
 * The portal's pages (R-CUS-1, R-CUS-2), on the portal's own layout. The sign-in form posts to
 * Spring Security's one-time-token filter, which answers itself when it makes a link; the requests
 * it does not make a link for (unknown address, limits spent) get the very same redirect from the
 * portal's security chain ({@code NoLinkFilter}), so the page never tells whether an address is on
 * record; only malformed or throttled requests reach {@link #requested}.
 */
@Controller
class PortalPages {

    /** A section as the home page inserts it. */
    record Shown(String template, Map<String, ?> data) {
    }

    private final List<PortalSection> sections;

    PortalPages(List<PortalSection> sections) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(PortalSection::order)).toList();
    }

    @GetMapping("/portal/sign-in")
    String signIn() {
        return "portal/sign-in";
    }

    @PostMapping("/portal/sign-in")
    String requested(@RequestParam(name = "address", required = false) @Nullable String address,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Object resolution = request.getAttribute(PortalSignIn.RESOLUTION);
        PortalSignIn.Answer answer = resolution instanceof PortalSignIn.Resolution r ? r.answer()
                : PortalSignIn.Answer.MALFORMED;
        switch (answer) {
            case ACCEPTED -> {
                return "redirect:/portal/sign-in/sent";
            }
            case CLIENT_THROTTLED -> {
                PortalSignIn.Resolution throttled = (PortalSignIn.Resolution) resolution;
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER,
                        String.valueOf(throttled.retryAfterSeconds()));
                model.addAttribute("error", "portal.signIn.tooMany");
                model.addAttribute("errorMinutes", throttled.retryAfterMinutes());
            }
            default -> {
                response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
                model.addAttribute("error", "portal.signIn.malformed");
            }
        }
        // What was typed stays in the form (it is the person's own address, shown back to them only).
        model.addAttribute("address", address == null || address.length() > PortalSignIn.MAX_ADDRESS_LENGTH
                ? "" : address);
        return "portal/sign-in";
    }

    /**
     * A link or code tried once too often from this client address: the sign-in page again, with
     * 429 and {@code Retry-After} already set by the portal's failure handler, saying how long to wait.
     */
    @org.springframework.web.bind.annotation.RequestMapping(PortalSignIn.THROTTLED_PAGE)
    String throttled(HttpServletRequest request, Model model) {
        Object minutes = request.getAttribute(PortalSignIn.THROTTLED_MINUTES);
        model.addAttribute("error", "portal.signIn.tooManyAttempts");
        model.addAttribute("errorMinutes", minutes instanceof Long m ? m : 1L);
        model.addAttribute("address", "");
        return "portal/sign-in";
    }

    @GetMapping("/portal/sign-in/sent")
    String sent() {
        return "portal/sent";
    }

    /**
     * The page an e-mailed link opens: a button that posts the token. Opening the link spends
     * nothing, so a mail scanner that fetches it leaves it working for the customer.
     */
    @GetMapping("/portal/sign-in/link")
    String link(@RequestParam(name = "token", required = false) @Nullable String token, Model model) {
        if (token == null || token.isBlank() || token.length() > PortalSignIn.MAX_ADDRESS_LENGTH) {
            return "redirect:/portal/sign-in?invalid";
        }
        model.addAttribute("token", token);
        return "portal/link";
    }

    /** A post without a token (the security filter handles those with one). */
    @PostMapping("/portal/sign-in/link")
    String noToken() {
        return "redirect:/portal/sign-in?invalid";
    }

    @GetMapping("/portal")
    String home(@AuthenticationPrincipal PortalCustomer customer, Model model) {
        model.addAttribute("sections", sections.stream()
                .map(s -> new Shown(s.template(), s.data(customer.customerId()))).toList());
        return "portal/home";
    }
}
