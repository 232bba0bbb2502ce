package io.custos.casework.web;

import static io.custos.shared.web.FormValues.enumOf;
import static io.custos.shared.web.FormValues.uuidOf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.access.Subjects;
import io.custos.casework.CaseChannel;
import io.custos.casework.CaseDetail;
import io.custos.casework.CaseFile;
import io.custos.casework.CaseFiles;
import io.custos.casework.CaseOutcome;
import io.custos.casework.CaseType;
import io.custos.casework.CaseView;
import io.custos.casework.Cases;
import io.custos.casework.NewCase;
import io.custos.casework.Verification;
import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * The casework pages (issue 19.4): the list of cases a person answers or follows, a new case from a
 * letter, call, e-mail or visit (started from the customer's page), and one case with its timeline
 * and the steps this person may take. A refused step shows the page again with the reason in words
 * and what was typed kept, answered with the refusal's status.
 */
@Controller
@RequestMapping("/cases")
class CasePages {

    private final Cases cases;
    private final Subjects subjects;
    private final Employees employees;
    private final FieldCatalog catalog;
    private final MessageSource messages;
    private final CaseFiles files;

    CasePages(Cases cases, CaseFiles files, Subjects subjects, Employees employees, FieldCatalog catalog,
            MessageSource messages) {
        this.files = files;
        this.cases = cases;
        this.subjects = subjects;
        this.employees = employees;
        this.catalog = catalog;
        this.messages = messages;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "false") boolean closed, @AuthenticationPrincipal CustosUser me,
            Model model) {
        List<CaseView> visible = cases.visibleTo(me, closed);
        model.addAttribute("cases", visible);
        model.addAttribute("closed", closed);
        model.addAttribute("customers", subjects.companyNames(visible.stream().map(CaseView::customerId).toList()));
        model.addAttribute("departments", departments());
        return "casework/list";
    }

    @GetMapping("/new")
    String form(@RequestParam UUID customer, @AuthenticationPrincipal CustosUser me, Model model) {
        if (!cases.mayEnterFor(customer, me)) {
            throw DomainException.notFound();
        }
        return form(model, customer, new NewCase(customer, null, null, cases.today(), null, null, null, null), null);
    }

    @PostMapping
    String enter(@RequestParam UUID customerId, @RequestParam(required = false) @Nullable CaseType type,
            @RequestParam(required = false) @Nullable CaseChannel channel,
            @RequestParam(required = false) @Nullable LocalDate receivedOn,
            @RequestParam(required = false) @Nullable String text, @RequestParam(required = false) @Nullable String fieldKey,
            @RequestParam(required = false) @Nullable String correction,
            @RequestParam(required = false) @Nullable BigDecimal amount, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        NewCase input = new NewCase(customerId, type, channel, receivedOn, text, blankToNull(fieldKey), correction,
                amount);
        try {
            CaseView created = cases.enter(input, me);
            redirect.addFlashAttribute("notice", "casework.entered");
            return "redirect:/cases/" + created.id();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return form(model, customerId, input, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(cases.detail(id, me), me, model, null, Map.of());
    }

    @PostMapping("/{id}/{step}")
    String step(@PathVariable UUID id, @PathVariable String step, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            switch (step) {
                case "verify" -> cases.verify(id, enumOf(Verification.class, form.get("verification")), me);
                case "assign" -> cases.assign(id, uuidOf(form.get("departmentId")), uuidOf(form.get("assigneeId")), me);
                case "note" -> cases.note(id, form.get("text"), me);
                case "pause" -> cases.pause(id, form.get("text"), me);
                case "resume" -> cases.resume(id, me);
                case "extend" -> cases.extend(id, intOf(form.get("days")), form.get("text"), me);
                case "carry-out" -> cases.carryOut(id, me);
                case "close" -> cases.close(id, enumOf(CaseOutcome.class, form.get("outcome")), form.get("replyZh"),
                        form.get("replyEn"), me);
                default -> throw DomainException.notFound();
            }
            redirect.addFlashAttribute("notice", "casework.step." + step + ".done");
            return "redirect:/cases/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            kept.put("step", step);
            return page(cases.detail(id, me), me, model, e, kept);
        }
    }

    /** Evidence from a letter or an e-mail, added by those who answer the case. */
    @PostMapping(path = "/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String evidence(@PathVariable UUID id, @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) throws IOException {
        try {
            files.addEvidence(id, file == null ? new byte[0] : file.getBytes(), me);
            redirect.addFlashAttribute("notice", "casework.step.evidence.done");
            return "redirect:/cases/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(cases.detail(id, me), me, model, e, Map.of());
        }
    }

    @GetMapping("/{id}/files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable UUID id, @PathVariable UUID fileId, @AuthenticationPrincipal CustosUser me) {
        CaseFile.Content content = files.forStaff(id, fileId, me);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.file().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(content.file().fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(content.bytes());
    }

    private String page(CaseDetail detail, CustosUser me, Model model, @Nullable DomainException problem,
            Map<String, String> kept) {
        CaseView c = detail.view();
        boolean acts = c.open() && Cases.mayAct(c, me);
        boolean headOrAdmin = Cases.isHeadOrAdmin(c, me);
        model.addAttribute("detail", detail);
        model.addAttribute("c", c);
        model.addAttribute("files", files.of(c.id()));
        model.addAttribute("customerName", subjects.companyNames(List.of(c.customerId())).get(c.customerId()));
        model.addAttribute("departments", departments());
        model.addAttribute("people", people(detail));
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        model.addAttribute("acts", acts);
        model.addAttribute("headOrAdmin", headOrAdmin && c.open());
        model.addAttribute("verifications", List.of(Verification.ID_DOCUMENT, Verification.CALL_BACK,
                Verification.KNOWN_CONTACT));
        model.addAttribute("outcomes", CaseOutcome.values());
        model.addAttribute("field", c.fieldKey() == null ? null : catalog.fields().stream()
                .filter(f -> f.key().equals(c.fieldKey())).findFirst().orElse(null));
        if (acts) {
            model.addAttribute("assignees", assignees(c, me));
            model.addAttribute("templates", templates(c));
        }
        return "casework/case";
    }

    private String form(Model model, UUID customer, NewCase input, @Nullable DomainException problem) {
        model.addAttribute("customerId", customer);
        model.addAttribute("customerName", subjects.companyNames(List.of(customer)).get(customer));
        model.addAttribute("input", input);
        model.addAttribute("problem", problem);
        model.addAttribute("types", CaseType.values());
        model.addAttribute("channels", List.of(CaseChannel.LETTER, CaseChannel.PHONE, CaseChannel.EMAIL,
                CaseChannel.IN_PERSON));
        model.addAttribute("fields", catalog.fields());
        return "casework/new";
    }

    /**
     * The reply's starting words for each outcome in both languages, from the bundles: the person
     * edits them, and the page swaps them when the outcome changes (static script, no inline code).
     */
    private Map<String, String> templates(CaseView c) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (CaseOutcome outcome : CaseOutcome.values()) {
            for (Locale language : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
                String type = messages.getMessage("casework.type." + c.type(), null, language);
                texts.put(outcome + "-" + language.getLanguage(), messages.getMessage("casework.reply." + outcome,
                        new Object[] {c.reference(), type}, language));
            }
        }
        return texts;
    }

    private List<EmployeeView> assignees(CaseView c, CustosUser me) {
        UUID department = c.departmentId();
        if (department == null) {
            return List.of();
        }
        return employees.current().stream().filter(e -> department.equals(e.departmentId())
                && e.status() == EmployeeStatus.ACTIVE
                && (e.roles().contains(Role.EMPLOYEE) || e.roles().contains(Role.DEPT_HEAD))).toList();
    }

    private Map<UUID, String> people(CaseDetail detail) {
        List<UUID> ids = new ArrayList<>();
        if (detail.view().assigneeId() != null) {
            ids.add(detail.view().assigneeId());
        }
        if (detail.view().enteredBy() != null) {
            ids.add(detail.view().enteredBy());
        }
        detail.entries().forEach(e -> {
            if (e.actorId() != null) {
                ids.add(e.actorId());
            }
        });
        Map<UUID, String> names = new LinkedHashMap<>();
        for (UUID id : ids) {
            names.computeIfAbsent(id, key -> employees.byId(key).map(EmployeeView::displayName).orElse(null));
        }
        names.values().removeIf(java.util.Objects::isNull);
        return names;
    }

    private Map<UUID, DepartmentView> departments() {
        Map<UUID, DepartmentView> names = new LinkedHashMap<>();
        employees.departments().forEach(d -> names.put(d.id(), d));
        return names;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static @Nullable Integer intOf(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
