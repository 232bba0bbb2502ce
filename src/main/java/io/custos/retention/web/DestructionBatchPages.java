package io.custos.retention.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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
import io.custos.retention.BatchStatus;
import io.custos.retention.DestructionBatch;
import io.custos.retention.DestructionBatches;
import io.custos.retention.RetentionRules;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Destruction batches (issue 16.3, R-DEL-2): the list and a batch's page with who proposed,
 * approved, rejected and executed it and when, its counts and digest, its progress while executing,
 * its customers in pages, and the steps the reader may take; a proposal by hand.
 */
@Controller
class DestructionBatchPages {

    static final int PAGE = 100;
    /** Most ids the proposal form takes at once; a larger batch comes from the sweep. */
    private static final int MAX_TYPED = 5000;

    private final DestructionBatches batches;
    private final RetentionRules rules;
    private final BatchItems listing;
    private final RetentionWords words;

    private final io.custos.retention.BatchCertificates certificates;

    DestructionBatchPages(io.custos.retention.BatchCertificates certificates, DestructionBatches batches,
            RetentionRules rules, BatchItems listing, RetentionWords words) {
        this.certificates = certificates;
        this.batches = batches;
        this.rules = rules;
        this.listing = listing;
        this.words = words;
    }

    @GetMapping("/retention/batches")
    String list(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        List<DestructionBatch> visible = batches.visible(me);
        Set<UUID> awaiting = new LinkedHashSet<>(batches.awaiting(me).stream().map(DestructionBatch::id).toList());
        model.addAttribute("batches", visible);
        model.addAttribute("awaiting", awaiting);
        model.addAttribute("departments", words.departments(locale));
        model.addAttribute("people", words.people(visible.stream().map(DestructionBatch::proposedBy).toList()));
        model.addAttribute("mayPropose", mayPropose(me));
        return "retention/batches";
    }

    @GetMapping("/retention/batches/new")
    String newBatch(@RequestParam(required = false) @Nullable UUID customer, @AuthenticationPrincipal CustosUser me,
            Model model) {
        requireProposer(me);
        return form(customer == null ? "" : customer.toString(), "", model);
    }

    @PostMapping("/retention/batches")
    String propose(@RequestParam(defaultValue = "") String customers, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        requireProposer(me);
        try {
            List<UUID> ids = ids(customers);
            RetentionWords.confirmed(confirmed);
            DestructionBatch batch = batches.propose(ids, reason, me);
            redirect.addFlashAttribute("notice", "retention.notice.batchProposed");
            return "redirect:/retention/batches/" + batch.id();
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            return form(customers, reason, model);
        }
    }

    @GetMapping("/retention/batches/{id}")
    String batch(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return page(batches.get(id, me), page, me, model, locale);
    }

    /** The part of a batch's page that htmx fetches while it executes; the whole page once it is done. */
    /** The certificate for a signed-in page user (the API answers bearer tokens only). */
    @GetMapping("/retention/batches/{id}/certificate")
    org.springframework.http.ResponseEntity<byte[]> certificate(@PathVariable UUID id,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "zh-CN") String lang,
            @AuthenticationPrincipal CustosUser user) {
        return DestructionApi.certificateFile(certificates.pdf(id, java.util.Locale.forLanguageTag(lang), user), id);
    }

    @GetMapping("/retention/batches/{id}/progress")
    String progress(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model,
            HttpServletResponse response) {
        DestructionBatch batch = batches.get(id, me);
        if (batch.status() != BatchStatus.EXECUTING) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("b", batch);
        model.addAttribute("done", listing.done(id));
        return "retention/batch :: progress";
    }

    @PostMapping("/retention/batches/{id}/decision")
    String decide(@PathVariable UUID id, @RequestParam(defaultValue = "") String decision,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            DestructionBatches.Decision chosen = switch (decision) {
                case "approve" -> DestructionBatches.Decision.APPROVE;
                case "reject" -> DestructionBatches.Decision.REJECT;
                default -> throw DomainException.unprocessable("retention-decision-required", Map.of("field", "decision"));
            };
            if (chosen == DestructionBatches.Decision.APPROVE) {
                RetentionWords.confirmed(confirmed);
            }
            DestructionBatch decided = batches.decide(id, chosen, reason.isBlank() ? null : reason, me);
            redirect.addFlashAttribute("notice", chosen == DestructionBatches.Decision.REJECT ? "retention.batch.rejected"
                    : decided.status() == BatchStatus.APPROVED ? "retention.batch.approved" : "retention.batch.approvedStep");
            return "redirect:/retention/batches/" + id;
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("decision", decision);
            model.addAttribute("reason", reason);
            return page(batches.get(id, me), 0, me, model, locale);
        }
    }

    @PostMapping("/retention/batches/{id}/cancellation")
    String cancel(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            RetentionWords.confirmed(confirmed);
            batches.cancel(id, reason, me);
            redirect.addFlashAttribute("notice", "retention.batch.cancelled");
            return "redirect:/retention/batches/" + id;
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("cancelReason", reason);
            return page(batches.get(id, me), 0, me, model, locale);
        }
    }

    @PostMapping("/retention/batches/{id}/execution")
    String execute(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            RetentionWords.confirmed(confirmed);
            batches.execute(id, me);
            redirect.addFlashAttribute("notice", "retention.batch.executing");
            return "redirect:/retention/batches/" + id;
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            return page(batches.get(id, me), 0, me, model, locale);
        }
    }

    private String page(DestructionBatch batch, int page, CustosUser me, Model model, Locale locale) {
        int at = Math.max(0, page);
        List<BatchItems.Item> items = listing.items(batch.id(), at * PAGE, PAGE);
        boolean live = batch.status() != BatchStatus.DONE;
        boolean deciding = batches.awaiting(me).stream().anyMatch(b -> b.id().equals(batch.id()));
        List<UUID> people = new ArrayList<>();
        people.add(batch.proposedBy());
        people.add(batch.headApprovedBy());
        people.add(batch.adminApprovedBy());
        people.add(batch.rejectedBy());
        people.add(batch.executedBy());
        model.addAttribute("b", batch);
        model.addAttribute("items", items);
        model.addAttribute("page", at);
        model.addAttribute("pages", Math.max(1, (batch.customerCount() + PAGE - 1) / PAGE));
        model.addAttribute("done", listing.done(batch.id()));
        // Names while the customers live; once destroyed there is nothing left to name them by.
        model.addAttribute("companies", live ? words.companies(items.stream().map(BatchItems.Item::customerId).toList())
                : Map.of());
        model.addAttribute("ruleWords", words.rules(rules.version(batch.ruleVersion()).orElse(null), locale));
        model.addAttribute("people", words.people(people));
        model.addAttribute("departments", words.departments(locale));
        model.addAttribute("deciding", deciding);
        model.addAttribute("mayCancel", (batch.status() == BatchStatus.PROPOSED || batch.status() == BatchStatus.APPROVED)
                && (me.id().equals(batch.proposedBy()) || me.hasRole(Role.ADMIN_OFFICER)));
        model.addAttribute("mayExecute", batch.status() == BatchStatus.APPROVED && me.hasRole(Role.ADMIN_OFFICER));
        return "retention/batch";
    }

    private String form(String customers, String reason, Model model) {
        List<UUID> typed = new ArrayList<>();
        for (String token : customers.split("[\\s,;]+")) {
            try {
                if (!token.isBlank() && typed.size() < 50) {
                    typed.add(UUID.fromString(token.strip()));
                }
            } catch (IllegalArgumentException ignored) {
                // Not an id: the service names the problem when it is sent.
            }
        }
        model.addAttribute("customers", customers);
        model.addAttribute("reason", reason);
        model.addAttribute("named", words.companies(typed));
        return "retention/batch-form";
    }

    /** The ids typed, one per line or separated by commas; anything else is named as not an id. */
    private static List<UUID> ids(String text) {
        List<UUID> ids = new ArrayList<>();
        for (String token : text.split("[\\s,;]+")) {
            if (token.isBlank()) {
                continue;
            }
            if (ids.size() >= MAX_TYPED) {
                throw DomainException.unprocessable("destruction-too-many-customers", Map.of("field", "customerIds",
                        "max", MAX_TYPED), MAX_TYPED);
            }
            try {
                ids.add(UUID.fromString(token.strip()));
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("retention-customer-ids-invalid", Map.of("field", "customerIds"));
            }
        }
        return ids;
    }

    static boolean mayPropose(CustosUser me) {
        return !me.partner() && me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.EMPLOYEE));
    }

    private static void requireProposer(CustosUser me) {
        if (!mayPropose(me)) {
            throw new DomainException("destruction-not-allowed", HttpStatus.FORBIDDEN);
        }
    }
}
