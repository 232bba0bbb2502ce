package io.custos.portal.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.custos.identity.CustosUser;
import io.custos.portal.PhoneCodes;

/**
 * A staff page: the sign-in codes waiting for the signed-in employee to read out by phone to the
 * customers they own (R-CUS-1). Nobody else sees a customer's code.
 */
@Controller
class PortalCodesPage {

    private final PhoneCodes codes;

    PortalCodesPage(PhoneCodes codes) {
        this.codes = codes;
    }

    @GetMapping("/portal-codes")
    String codes(@AuthenticationPrincipal CustosUser user, Model model) {
        model.addAttribute("codes", codes.toReadOut(user));
        return "portal/codes";
    }
}
