package io.custos.shared.web;

import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.custos.shared.DomainException;

/** Serves the page each problem {@code type} URI points to, as RFC 9457 suggests. */
@Controller
class ProblemTypeController {

    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,60}");
    private final MessageSource messages;

    ProblemTypeController(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping(Problems.TYPE_PREFIX + "{code}")
    String describe(@PathVariable String code, Model model) {
        if (!CODE.matcher(code).matches()
                || messages.getMessage("problem." + code + ".title", null, null, LocaleContextHolder.getLocale()) == null) {
            throw DomainException.notFound();
        }
        model.addAttribute("code", code);
        return "problem-type";
    }
}
