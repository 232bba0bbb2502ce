package io.custos.discipline.web;

import static io.custos.shared.web.FormValues.enumOf;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.discipline.EvidenceKind;
import io.custos.discipline.NewProposal;
import io.custos.discipline.Proposal;
import io.custos.discipline.ProposalKind;
import io.custos.discipline.Proposals;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.whistleblowing.Whistleblowing;

/**
 * The proposals' pages (R-SUP-5): the list (administration department and management), a new
 * proposal (administration department), one proposal with management's decision. A refused step
 * shows the page again with the reason and what was typed kept.
 */
@Controller
@RequestMapping("/discipline/proposals")
class ProposalPages {

    private final Proposals proposals;
    private final EvidenceNames evidence;

    ProposalPages(Proposals proposals, EvidenceNames evidence) {
        this.proposals = proposals;
        this.evidence = evidence;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        List<Proposal> list = proposals.list(me);
        model.addAttribute("proposals", list);
        model.addAttribute("evidence", evidence.of(list, me));
        model.addAttribute("mayPropose", Proposals.mayPropose(me, null));
        model.addAttribute("mayPay", Whistleblowing.handles(me));
        return "discipline/proposals";
    }

    @GetMapping("/new")
    String form(@RequestParam(required = false) @Nullable EvidenceKind evidenceKind,
            @RequestParam(required = false) @Nullable String evidenceId, @AuthenticationPrincipal CustosUser me,
            Model model) {
        if (!Proposals.mayPropose(me, evidenceKind)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return form(model, new NewProposal(null, null, false, null, null, evidenceKind, evidenceId, null), me, null);
    }

    @PostMapping
    String propose(@RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String person, @RequestParam(required = false) @Nullable String amount,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String evidenceKind,
            @RequestParam(required = false) @Nullable String evidenceId,
            @RequestParam(required = false) @Nullable String evidence, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        boolean anonymous = "anonymous".equals(person);
        // The form names the evidence chosen from a list as KIND:id; the kind and id separately also do.
        if (evidence != null && evidence.indexOf(':') > 0) {
            evidenceKind = evidence.substring(0, evidence.indexOf(':'));
            evidenceId = evidence.substring(evidence.indexOf(':') + 1);
        }
        String evidenceReference = null;
        NewProposal input = new NewProposal(enumOf(ProposalKind.class, kind), anonymous ? null : uuid(person), anonymous,
                decimal(amount), reason, enumOf(EvidenceKind.class, evidenceKind), evidenceId, evidenceReference);
        try {
            Proposal made = proposals.propose(input, me);
            redirect.addFlashAttribute("notice", "discipline.proposed");
            return "redirect:/discipline/proposals/" + made.id();
        } catch (DomainException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("typedAmount", amount);
            return form(model, input, me, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(model, proposals.detail(id, me), me, null, null);
    }

    @PostMapping("/{id}/decision")
    String decide(@PathVariable UUID id, @RequestParam(required = false) @Nullable String decision,
            @RequestParam(required = false) @Nullable String note, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        Proposal proposal = proposals.detail(id, me);
        try {
            if (!"APPROVE".equals(decision) && !"REJECT".equals(decision)) {
                throw DomainException.unprocessable("discipline-decision-required", java.util.Map.of("field", "decision"));
            }
            proposals.decide(id, "APPROVE".equals(decision), note, me);
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            return page(model, proposals.detail(id, me), me, e, note);
        }
        redirect.addFlashAttribute("notice", "APPROVE".equals(decision) ? "discipline.approved" : "discipline.rejected");
        return "redirect:/discipline/proposals/" + proposal.id();
    }

    private String form(Model model, NewProposal input, CustosUser me, @Nullable DomainException problem) {
        model.addAttribute("input", input);
        model.addAttribute("kinds", ProposalKind.values());
        Map<EvidenceKind, List<EvidenceNames.Named>> choices = new LinkedHashMap<>(evidence.choices(me));
        String chosen = null;
        if (input.evidenceKind() != null && input.evidenceId() != null && !input.evidenceId().isBlank()) {
            // Evidence brought from its page (Propose a penalty) or chosen before an error: named, and
            // offered even when the list has it not (the service checks it when proposed).
            EvidenceNames.Named named = evidence.of(input.evidenceKind(), input.evidenceId().strip(), null, me);
            if (named.found()) {
                List<EvidenceNames.Named> ofKind = new ArrayList<>(choices.getOrDefault(named.kind(), List.of()));
                if (ofKind.stream().noneMatch(c -> c.id().equals(named.id()))) {
                    ofKind.add(0, named);
                    choices.put(named.kind(), ofKind);
                }
                chosen = named.value();
            }
        }
        model.addAttribute("choices", choices);
        model.addAttribute("chosenEvidence", chosen);
        model.addAttribute("people", proposals.people(me, LocaleContextHolder.getLocale()));
        model.addAttribute("problem", problem);
        if (!model.containsAttribute("typedAmount")) {
            model.addAttribute("typedAmount", input.amount() == null ? null : input.amount().toPlainString());
        }
        return "discipline/new";
    }

    private String page(Model model, Proposal proposal, CustosUser me, @Nullable DomainException problem,
            @Nullable String note) {
        model.addAttribute("proposal", proposal);
        model.addAttribute("evidence", evidence.of(List.of(proposal), me));
        model.addAttribute("mayDecide", proposal.pending() && me.hasRole(Role.MANAGEMENT)
                && !me.id().equals(proposal.employeeId()) && !me.id().equals(proposal.proposerId()));
        model.addAttribute("problem", problem);
        model.addAttribute("note", note);
        return "discipline/proposal";
    }

    static @Nullable UUID uuid(@Nullable String value) {
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable BigDecimal decimal(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            // Not a number: refused as an invalid amount, with what was typed kept.
            return BigDecimal.valueOf(-1);
        }
    }
}
