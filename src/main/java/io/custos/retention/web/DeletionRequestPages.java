package io.custos.retention.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.DeletionRequest;
import io.custos.retention.DeletionRequests;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Customers' deletion requests (issue 16.7, PIPL art. 47): entered by staff, accepted into a
 * destruction batch or refused with a reason; the reply the customer is sent, in both languages, and
 * the record that they were told.
 */
@Controller
class DeletionRequestPages {

    /** The reason the service records when a legal hold kept a customer its batch would have destroyed. */
    private static final String LEGAL_HOLD = io.custos.retention.DeletionRequests.HELD;

    private final DeletionRequests requests;
    private final RetentionWords words;
    private final MessageSource messages;
    private final Times times;
    private final Clock clock;

    DeletionRequestPages(DeletionRequests requests, RetentionWords words, MessageSource messages, Times times,
            Clock clock) {
        this.requests = requests;
        this.words = words;
        this.messages = messages;
        this.times = times;
        this.clock = clock;
    }

    /** The entry form as typed. */
    record RequestForm(String customer, String channel, String receivedOn, String details) {
    }

    @GetMapping("/retention/deletion-requests")
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        requireStaff(me);
        List<DeletionRequest> visible = requests.visible(me);
        model.addAttribute("requests", visible);
        model.addAttribute("companies", words.companies(visible.stream().map(DeletionRequest::customerId).toList()));
        model.addAttribute("mayEnter", mayEnter(me));
        return "retention/deletion-requests";
    }

    @GetMapping("/retention/deletion-requests/new")
    String newRequest(@RequestParam(required = false) @Nullable UUID customer, @AuthenticationPrincipal CustosUser me,
            Model model) {
        requireEnterer(me);
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.zone());
        return form(new RequestForm(customer == null ? "" : customer.toString(), "", today.toString(), ""), model);
    }

    @PostMapping("/retention/deletion-requests")
    String enter(@RequestParam(defaultValue = "") String customer, @RequestParam(defaultValue = "") String channel,
            @RequestParam(defaultValue = "") String receivedOn, @RequestParam(defaultValue = "") String details,
            @AuthenticationPrincipal CustosUser me, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        requireEnterer(me);
        RequestForm form = new RequestForm(customer, channel, receivedOn, details);
        try {
            UUID id;
            try {
                id = UUID.fromString(customer.strip());
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("retention-customer-ids-invalid", Map.of("field", "customer"));
            }
            DeletionRequest entered = requests.enter(id, channel(channel), date(receivedOn), details, me);
            redirect.addFlashAttribute("notice", "retention.request.entered");
            return "redirect:/retention/deletion-requests/" + entered.id();
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                e = DomainException.unprocessable("retention-customer-unknown", Map.of("field", "customer"));
            }
            RetentionWords.shown(e, response, model);
            return form(form, model);
        }
    }

    @GetMapping("/retention/deletion-requests/{id}")
    String request(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return page(requests.get(id, me), me, model);
    }

    @PostMapping("/retention/deletion-requests/{id}/acceptance")
    String accept(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            RetentionWords.confirmed(confirmed);
            DeletionRequest accepted = requests.accept(id, me);
            redirect.addFlashAttribute("notice", "retention.request.accepted");
            return "redirect:/retention/batches/" + accepted.batchId();
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            return page(requests.get(id, me), me, model);
        }
    }

    @PostMapping("/retention/deletion-requests/{id}/refusal")
    String refuse(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            RetentionWords.confirmed(confirmed);
            requests.refuse(id, reason, me);
            redirect.addFlashAttribute("notice", "retention.request.refused");
            return "redirect:/retention/deletion-requests/" + id;
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("reason", reason);
            return page(requests.get(id, me), me, model);
        }
    }

    @PostMapping("/retention/deletion-requests/{id}/told")
    String told(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            requests.told(id, me);
            redirect.addFlashAttribute("notice", "retention.request.toldRecorded");
            return "redirect:/retention/deletion-requests/" + id;
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            return page(requests.get(id, me), me, model);
        }
    }

    private String page(DeletionRequest request, CustosUser me, Model model) {
        List<UUID> people = new ArrayList<>();
        people.add(request.enteredBy());
        people.add(request.decidedBy());
        people.add(request.toldBy());
        boolean open = request.status() == DeletionRequest.Status.OPEN;
        model.addAttribute("r", request);
        model.addAttribute("company", words.companies(List.of(request.customerId())).get(request.customerId()));
        model.addAttribute("people", words.people(people));
        model.addAttribute("replies", request.outcome() == null ? Map.of() : replies(request));
        model.addAttribute("mayAccept", open && mayEnter(me));
        model.addAttribute("mayRefuse", open && me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD)));
        model.addAttribute("mayTell", request.outcome() != null && request.toldAt() == null
                && !me.hasAnyRole(List.of(Role.AUDITOR)) && !me.partner());
        model.addAttribute("refusedForHold", LEGAL_HOLD.equals(request.refusalReason()));
        return "retention/deletion-request";
    }

    /** What the customer is told, in Chinese and in English, from the bundles. */
    private Map<String, String> replies(DeletionRequest request) {
        Map<String, String> replies = new LinkedHashMap<>();
        for (Locale locale : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
            String reason = LEGAL_HOLD.equals(request.refusalReason())
                    ? messages.getMessage("retention.reply.legalHold", null, locale)
                    : request.refusalReason();
            Object[] args = {request.receivedOn().toString(),
                    request.keptUntil() == null ? "" : request.keptUntil().toString(), reason == null ? "" : reason};
            replies.put(locale.toLanguageTag(), messages.getMessage("retention.reply." + request.outcome().name(), args,
                    locale));
        }
        return replies;
    }

    private String form(RequestForm form, Model model) {
        UUID chosen = null;
        try {
            chosen = form.customer().isBlank() ? null : UUID.fromString(form.customer().strip());
        } catch (IllegalArgumentException ignored) {
            // Named as a problem when sent.
        }
        model.addAttribute("form", form);
        model.addAttribute("company", chosen == null ? null : words.companies(List.of(chosen)).get(chosen));
        model.addAttribute("channels", List.of(DeletionRequest.Channel.PHONE, DeletionRequest.Channel.EMAIL,
                DeletionRequest.Channel.LETTER, DeletionRequest.Channel.IN_PERSON));
        model.addAttribute("today", LocalDate.ofInstant(clock.instant(), times.zone()).toString());
        return "retention/deletion-request-form";
    }

    private static DeletionRequest.@Nullable Channel channel(String value) {
        try {
            return value.isBlank() ? null : DeletionRequest.Channel.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable LocalDate date(String value) {
        try {
            return value.isBlank() ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static boolean mayEnter(CustosUser me) {
        return !me.partner() && me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.EMPLOYEE));
    }

    private static void requireEnterer(CustosUser me) {
        if (!mayEnter(me)) {
            throw new DomainException("deletion-request-not-allowed", HttpStatus.FORBIDDEN);
        }
    }

    private static void requireStaff(CustosUser me) {
        if (me.partner() || !me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.EMPLOYEE, Role.AUDITOR,
                Role.MANAGEMENT))) {
            throw new DomainException("retention-not-allowed", HttpStatus.FORBIDDEN);
        }
    }
}
