package io.custos.supervision.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.supervision.AssessmentInput;
import io.custos.supervision.AssessmentKind;
import io.custos.supervision.AssessmentView;
import io.custos.supervision.Assessments;
import io.custos.supervision.Vulnerabilities;
import io.custos.shared.DomainException;
import io.custos.shared.web.FormValues;

/**
 * IT security's assessment pages (issue 20.7): the list, the form to plan or record one, and one
 * assessment with what it found, the vulnerabilities recorded from it and, for a dependency scan,
 * the SBOM of the build it looked at to download.
 */
@Controller
@RequestMapping("/supervision/assessments")
class AssessmentPages {

    private final Assessments assessments;
    private final Vulnerabilities vulnerabilities;
    private final Employees employees;

    AssessmentPages(Assessments assessments, Vulnerabilities vulnerabilities, Employees employees) {
        this.assessments = assessments;
        this.vulnerabilities = vulnerabilities;
        this.employees = employees;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("assessments", assessments.list(me));
        model.addAttribute("writes", Vulnerabilities.writes(me));
        return "supervision/assessments";
    }

    @GetMapping("/new")
    String create(@AuthenticationPrincipal CustosUser me, Model model) {
        if (!Vulnerabilities.writes(me)) {
            throw new DomainException(Vulnerabilities.reads(me) ? "vulnerability-security-admin-only"
                    : "vulnerability-forbidden", HttpStatus.FORBIDDEN);
        }
        return form(model, new AssessmentInput(null, null, vulnerabilities.today(), null, null, false), null);
    }

    @PostMapping
    String record(@RequestParam Map<String, String> form, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        AssessmentInput input = new AssessmentInput(FormValues.enumOf(AssessmentKind.class, form.get("kind")),
                form.get("scope"), FormValues.dateOf(form.get("assessedOn")), form.get("assessor"),
                form.get("summary"), "DONE".equals(form.get("status")));
        try {
            AssessmentView created = assessments.record(input, me);
            redirect.addFlashAttribute("notice", "assessment.recorded");
            return "redirect:/supervision/assessments/" + created.id();
        } catch (DomainException e) {
            if (e.status().value() == 404 || e.status().value() == 403) {
                throw e;
            }
            response.setStatus(e.status().value());
            return form(model, input, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(assessments.get(id, me), me, model, null, Map.of());
    }

    @PostMapping("/{id}/complete")
    String complete(@PathVariable UUID id, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        AssessmentView a = assessments.get(id, me);
        try {
            assessments.complete(id, form.get("summary"), FormValues.intOf(form.get("version")), me);
            redirect.addFlashAttribute("notice", "assessment.completed");
            return "redirect:/supervision/assessments/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            return page(a, me, model, e, kept);
        }
    }

    @GetMapping("/{id}/sbom")
    ResponseEntity<byte[]> sbom(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return AssessmentApi.download(assessments.sbom(id, me));
    }

    private String page(AssessmentView a, CustosUser me, Model model, @Nullable DomainException problem,
            Map<String, String> kept) {
        model.addAttribute("a", a);
        model.addAttribute("found", vulnerabilities.ofAssessment(a.id(), me));
        model.addAttribute("writes", Vulnerabilities.writes(me));
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        Map<UUID, String> people = new LinkedHashMap<>();
        Stream.of(a.createdBy(), a.completedBy()).filter(Objects::nonNull).distinct().forEach(person -> employees
                .byId(person).map(EmployeeView::displayName).ifPresent(name -> people.put(person, name)));
        model.addAttribute("people", people);
        return "supervision/assessment";
    }

    private String form(Model model, AssessmentInput input, @Nullable DomainException problem) {
        model.addAttribute("input", input);
        model.addAttribute("problem", problem);
        model.addAttribute("kinds", AssessmentKind.values());
        return "supervision/assessment-form";
    }
}
