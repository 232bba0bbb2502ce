package io.custos.identity.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.MyAccount;
import io.custos.identity.PendingAction;
import io.custos.identity.SignIn;
import io.custos.identity.SignedInSessions;
import io.custos.shared.DomainException;

/** The person's own account: password change, second-factor enrolment and the time zone of their pages. */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final MyAccount account;
    private final SignIn signIn;

    private final io.custos.identity.Passkeys passkeys;

    AccountPages(MyAccount account, SignIn signIn, io.custos.identity.Passkeys passkeys) {
        this.passkeys = passkeys;
        this.account = account;
        this.signIn = signIn;
    }

    record PasswordForm(@NotBlank @Size(max = 200) String currentPassword, @NotBlank @Size(max = 200) String newPassword,
            @NotBlank @Size(max = 200) String confirmPassword) {
        @Override
        public String toString() {
            return "PasswordForm[…]";
        }
    }

    record CodeForm(@NotBlank @Pattern(regexp = "\\s*\\d{6}\\s*") String code) {
    }

    @GetMapping
    String overview(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("profile", account.profile(me));
        model.addAttribute("timeZone", account.timeZone(me).map(java.time.ZoneId::getId).orElse(""));
        model.addAttribute("timeZones", TIME_ZONES);
        model.addAttribute("passkeys", passkeys.list(me));
        return "identity/account";
    }

    /** Zones by region (no legacy aliases such as {@code PRC} or {@code Etc/GMT+8}), sorted. */
    private static final java.util.List<String> TIME_ZONES = java.time.ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted().toList();

    @PostMapping("/time-zone")
    String changeTimeZone(@AuthenticationPrincipal CustosUser me,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String timeZone, Model model,
            RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response) {
        try {
            account.changeTimeZone(me, timeZone);
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("profile", account.profile(me));
            model.addAttribute("timeZone", timeZone);
            model.addAttribute("timeZones", TIME_ZONES);
            model.addAttribute("timeZoneProblem", e.messageKey());
            model.addAttribute("passkeys", passkeys.list(me));
            return "identity/account";
        }
        redirect.addFlashAttribute("notice", "identity.timeZone.changed");
        return "redirect:/account";
    }

    @GetMapping("/password")
    String passwordForm(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("form", new PasswordForm("", "", ""));
        addPending(me, model);
        return "identity/password";
    }

    @PostMapping("/password")
    String changePassword(@AuthenticationPrincipal CustosUser me, @Valid @ModelAttribute("form") PasswordForm form,
            BindingResult binding, Model model, RedirectAttributes redirect, jakarta.servlet.http.HttpServletRequest request) {
        if (!binding.hasErrors() && !form.newPassword().equals(form.confirmPassword())) {
            binding.rejectValue("confirmPassword", "problem.password-mismatch.detail");
        }
        if (!binding.hasErrors()) {
            try {
                SignedInSessions.keep(request, account.changePassword(me, form.currentPassword(), form.newPassword()));
                redirect.addFlashAttribute("notice", "identity.password.changed");
                return "redirect:/";
            } catch (DomainException e) {
                binding.reject(e.messageKey(), e.args(), e.code());
            }
        }
        addPending(me, model);
        return "identity/password";
    }

    @GetMapping("/second-factor")
    String secondFactor(@AuthenticationPrincipal CustosUser me, Model model) {
        if (account.profile(me).secondFactorEnabled()) {
            model.addAttribute("enabled", true);
            return "identity/second-factor";
        }
        model.addAttribute("enrolment", account.pendingEnrolment(me).orElseGet(() -> account.startSecondFactorEnrolment(me)));
        model.addAttribute("form", new CodeForm(""));
        addPending(me, model);
        return "identity/second-factor";
    }

    @PostMapping("/second-factor")
    String confirmSecondFactor(@AuthenticationPrincipal CustosUser me, @Valid @ModelAttribute("form") CodeForm form,
            BindingResult binding, Model model, RedirectAttributes redirect) {
        if (!binding.hasErrors()) {
            try {
                account.confirmSecondFactor(me, form.code());
                redirect.addFlashAttribute("notice", "identity.secondFactor.enabled");
                return "redirect:/";
            } catch (DomainException e) {
                binding.reject(e.messageKey(), e.args(), e.code());
            }
        }
        account.pendingEnrolment(me).ifPresent(enrolment -> model.addAttribute("enrolment", enrolment));
        addPending(me, model);
        return "identity/second-factor";
    }

    private void addPending(CustosUser me, Model model) {
        model.addAttribute("rules", account.passwordRules());
        model.addAttribute("pending", signIn.current(me.id()).map(s -> s.pendingActions())
                .orElse(java.util.Set.<PendingAction>of()));
    }
}
