package io.custos.sharing.web;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.sharing.Ndas;
import io.custos.shared.DomainException;

/**
 * A partner's user's home (issue 15.3, 15.4): their organisation, the NDA in force with the button
 * that accepts it (a click-through recorded with its time and version), and what is shared with
 * them. Staff get the 404 of a page that is not theirs.
 */
@Controller
class PartnerHomePage {

    private final Ndas ndas;

    PartnerHomePage(Ndas ndas) {
        this.ndas = ndas;
    }

    @GetMapping("/partner")
    String home(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("home", ndas.forPartnerUser(me));
        return "sharing/partner-home";
    }

    @PostMapping("/partner/nda/accept")
    String accept(@RequestParam UUID ndaId, @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            ndas.accept(ndaId, me);
            redirect.addFlashAttribute("notice", "sharing.partnerHome.accepted");
        } catch (DomainException e) {
            if (e.status().is4xxClientError() && e.status().value() == 409) {
                redirect.addFlashAttribute("notice", "sharing.partnerHome.changed");
            } else {
                throw e;
            }
        }
        return "redirect:/partner";
    }

    @GetMapping("/partner/nda/{id}/file")
    ResponseEntity<byte[]> file(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        if (!me.partner()) {
            throw DomainException.notFound();
        }
        return PartnerApi.attachment(ndas.download(id, me));
    }
}
