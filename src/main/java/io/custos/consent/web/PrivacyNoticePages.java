package io.custos.consent.web;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.consent.PrivacyNotice;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;

/** Privacy notice pages: read by all staff; drafted and published by administration, approved by management. */
@Controller
@RequestMapping("/privacy-notices")
class PrivacyNoticePages {

    private final PrivacyNotices notices;
    private final Purposes purposes;

    PrivacyNoticePages(PrivacyNotices notices, Purposes purposes) {
        this.notices = notices;
        this.purposes = purposes;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("notices", notices.all());
        return "consent/notices";
    }

    @GetMapping("/{version}")
    String view(@PathVariable int version, Model model) {
        model.addAttribute("privacyNotice", notices.get(version));
        model.addAttribute("purposes", purposes.all());
        return "consent/notice";
    }

    @PostMapping
    String draft(@AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            PrivacyNotice draft = notices.draft(me);
            return "redirect:/privacy-notices/" + draft.version();
        } catch (DomainException e) {
            redirect.addFlashAttribute("problemKey", e.messageKey());
            return "redirect:/privacy-notices";
        }
    }

    @PostMapping("/{version}")
    String edit(@PathVariable int version, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        Set<String> chosen = new TreeSet<>();
        params.keySet().stream().filter(k -> k.startsWith("purpose.")).forEach(k -> chosen.add(k.substring(8)));
        PrivacyNotice current = notices.get(version);
        try {
            notices.edit(version, new PrivacyNotices.NoticeContent(text(params, "titleZh", 200),
                    text(params, "titleEn", 200), text(params, "bodyZh", 20000), text(params, "bodyEn", 20000), chosen,
                    current.categories()), me);
            redirect.addFlashAttribute("notice", "consent.notice.saved");
            return "redirect:/privacy-notices/" + version;
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            return view(version, model);
        }
    }

    @PostMapping("/{version}/{transition}")
    String transition(@PathVariable int version, @PathVariable String transition, @AuthenticationPrincipal CustosUser me,
            RedirectAttributes redirect) {
        try {
            switch (transition) {
                case "submission" -> notices.submit(version, me);
                case "approval" -> notices.approve(version, me);
                case "rejection" -> notices.sendBack(version, me);
                case "publication" -> notices.publish(version, me);
                default -> throw DomainException.notFound();
            }
            redirect.addFlashAttribute("notice", "consent.notice." + transition);
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("problemKey", e.messageKey());
        }
        return "redirect:/privacy-notices/" + version;
    }

    private static String text(Map<String, String> params, String name, int max) {
        String value = params.getOrDefault(name, "").strip();
        if (value.isEmpty() || value.length() > max) {
            throw DomainException.unprocessable("notice-text-invalid", Map.of("field", name));
        }
        return value;
    }
}
