package io.custos.discipline.web;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.custos.discipline.Proposals;
import io.custos.identity.CustosUser;
import io.custos.identity.Employees;

/**
 * A person's record of rewards and penalties (R-SUP-5): their own at {@code /discipline/my-record},
 * anyone's for the administration department at {@code /discipline/records/{employeeId}}; for anyone
 * else a record does not exist (404).
 */
@Controller
class RecordPages {

    private final Proposals proposals;
    private final Employees employees;
    private final EvidenceNames evidence;

    RecordPages(Proposals proposals, Employees employees, EvidenceNames evidence) {
        this.proposals = proposals;
        this.employees = employees;
        this.evidence = evidence;
    }

    @GetMapping("/discipline/my-record")
    String mine(@AuthenticationPrincipal CustosUser me, Model model) {
        return page(me.id(), me, model);
    }

    @GetMapping("/discipline/records/{employeeId}")
    String of(@PathVariable UUID employeeId, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(employeeId, me, model);
    }

    private String page(UUID employeeId, CustosUser me, Model model) {
        java.util.List<io.custos.discipline.Proposal> record = proposals.record(employeeId, me);
        model.addAttribute("proposals", record);
        model.addAttribute("evidence", evidence.of(record, me));
        model.addAttribute("own", me.id().equals(employeeId));
        model.addAttribute("person", employees.byId(employeeId).orElseThrow());
        return "discipline/record";
    }
}
