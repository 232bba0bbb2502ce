package io.custos.incident.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.incident.ClockKind;
import io.custos.incident.DataCategory;
import io.custos.incident.IncidentDetail;
import io.custos.incident.IncidentNotices;
import io.custos.incident.IncidentReport;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.incident.NewIncident;
import io.custos.incident.NoticeKind;
import io.custos.incident.Severity;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.shared.web.FormValues;

/**
 * The incident pages (issue 20.4): the list, a new incident, and one incident with its clocks (time
 * left in the reader's zone), affected customers, timeline, the steps IT security takes, the
 * notices to copy or download, and the report as PDF. Those who do not read incidents get 404.
 */
@Controller
@RequestMapping("/incidents")
class IncidentPages {

    /** The fields of the new-incident form that show their own error. */
    private static final java.util.Set<String> NEW_FIELDS = java.util.Set.of("severity", "detectedAt", "categories",
            "summary");

    /** Each step's form and the fields in it that show their own error. */
    private static final Map<String, java.util.Set<String>> STEP_FIELDS = Map.of("contain", java.util.Set.of("text"),
            "notice-measures", java.util.Set.of("text"), "note", java.util.Set.of("text"), "close",
            java.util.Set.of("text"), "regulator", java.util.Set.of("clock", "at", "text"), "customers-notified",
            java.util.Set.of("at", "text"), "not-required", java.util.Set.of("clock", "text"), "customers",
            java.util.Set.of());

    private final Incidents incidents;
    private final IncidentNotices notices;
    private final IncidentReport report;
    private final Subjects subjects;
    private final Employees employees;
    private final Times times;
    private final java.time.Clock clock;

    IncidentPages(Incidents incidents, IncidentNotices notices, IncidentReport report, Subjects subjects,
            Employees employees, Times times, java.time.Clock clock) {
        this.clock = clock;
        this.incidents = incidents;
        this.notices = notices;
        this.report = report;
        this.subjects = subjects;
        this.employees = employees;
        this.times = times;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "false") boolean closed, @AuthenticationPrincipal CustosUser me,
            Model model) {
        if (!Incidents.reads(me)) {
            throw DomainException.notFound();
        }
        List<IncidentView> shown = incidents.visibleTo(me, closed);
        model.addAttribute("incidents", shown);
        // No open incident but closed ones: the page says so and points to them (F12).
        model.addAttribute("closedExist", !closed && shown.isEmpty() && !incidents.visibleTo(me, true).isEmpty());
        model.addAttribute("closed", closed);
        model.addAttribute("acts", Incidents.acts(me));
        return "incident/list";
    }

    @GetMapping("/new")
    String form(@AuthenticationPrincipal CustosUser me, Model model) {
        if (!Incidents.acts(me)) {
            throw DomainException.notFound();
        }
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("detectedAt", times.field(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
        return form(model, kept, List.of(), null);
    }

    @PostMapping
    String open(@RequestParam Map<String, String> form,
            @RequestParam(name = "categories", required = false) @Nullable List<String> categories,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        if (!Incidents.acts(me)) {
            throw DomainException.notFound();
        }
        try {
            IncidentView opened = incidents.open(new NewIncident(FormValues.enumOf(Severity.class, form.get("severity")),
                    IncidentForms.categories(categories), instant(form.get("detectedAt")), form.get("summary"),
                    List.of(), null), me);
            redirect.addFlashAttribute("notice", "incident.opened");
            return "redirect:/incidents/" + opened.id();
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            return form(model, kept, categories == null ? List.of() : categories, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) @Nullable String find,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (find != null) {
            kept.put("find", find);
        }
        return page(incidents.detail(id, me), me, model, locale, null, kept, find);
    }

    @PostMapping("/{id}/{step}")
    String step(@PathVariable UUID id, @PathVariable String step, @RequestParam Map<String, String> form,
            @RequestParam(name = "customers", required = false) @Nullable List<String> picked,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            switch (step) {
                case "note" -> incidents.note(id, form.get("text"), me);
                case "contain" -> incidents.contain(id, form.get("text"), me);
                case "notice-measures" -> incidents.noticeMeasures(id, form.get("text"), me);
                case "regulator" -> incidents.regulatorNotified(id, FormValues.enumOf(ClockKind.class,
                        form.get("clock")), notifiedAt(form.get("at")), form.get("text"), me);
                case "customers-notified" -> incidents.customersNotified(id, notifiedAt(form.get("at")),
                        form.get("text"), me);
                case "not-required" -> incidents.notRequired(id, FormValues.enumOf(ClockKind.class, form.get("clock")),
                        form.get("text"), me);
                case "customers" -> incidents.addCustomers(id, IncidentForms.ids(picked == null ? null
                        : String.join(" ", picked)), me);
                case "close" -> incidents.close(id, form.get("text"), me);
                default -> throw DomainException.notFound();
            }
            redirect.addFlashAttribute("notice", "incident.step." + step + ".done");
            return "redirect:/incidents/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            kept.put("step", step);
            return page(incidents.detail(id, me), me, model, locale, e, kept, null);
        }
    }

    /** A notice as a text file to send on: {@code lang} zh or en. */
    @GetMapping("/{id}/notices/{kind}")
    ResponseEntity<byte[]> notice(@PathVariable UUID id, @PathVariable String kind,
            @RequestParam(defaultValue = "zh") String lang, @AuthenticationPrincipal CustosUser me) {
        NoticeKind which = FormValues.enumOf(NoticeKind.class, kind);
        if (which == null) {
            throw DomainException.notFound();
        }
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        String text = notices.text(id, which, locale, me);
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("notice-" + which.name().toLowerCase(Locale.ROOT) + "-" + locale.getLanguage() + ".txt")
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(text.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/{id}/report.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable UUID id, @RequestParam(defaultValue = "zh") String lang,
            @AuthenticationPrincipal CustosUser me) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        byte[] pdf = report.render(id, me, locale, times.zoneOf(me.id()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("incident-report-" + locale.getLanguage() + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(pdf);
    }

    private String page(IncidentDetail detail, CustosUser me, Model model, Locale locale,
            @Nullable DomainException problem, Map<String, String> kept, @Nullable String find) {
        IncidentView c = detail.view();
        boolean acts = Incidents.acts(me);
        model.addAttribute("detail", detail);
        model.addAttribute("c", c);
        model.addAttribute("acts", acts);
        // The administration department may propose a penalty with this incident as the evidence (R-SUP-5).
        model.addAttribute("mayPropose", !me.partner() && me.hasRole(Role.ADMIN_OFFICER));
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        // A refusal shows inside the form that failed, next to its field (the text field of "no notification
        // required" is its reason); above the page only when that form is no longer offered.
        String step = kept.getOrDefault("step", "");
        model.addAttribute("failed", step);
        model.addAttribute("bad", IncidentForms.bad(problem, STEP_FIELDS.getOrDefault(step, java.util.Set.of())));
        model.addAttribute("problemKey", IncidentForms.problemKey(problem, step));
        boolean offered = acts && STEP_FIELDS.containsKey(step) && ("note".equals(step) || c.open() && (!"customers-notified"
                .equals(step) || !detail.customers().isEmpty()) && (!"not-required".equals(step) || c.severity()
                .mayWaiveNotification()));
        model.addAttribute("problemOnTop", problem != null && !offered);
        // Customers by their public company name only, and only for those who read the words; ids otherwise.
        model.addAttribute("customerNames", detail.words() ? subjects.companyNames(detail.customers()) : Map.of());
        model.addAttribute("people", people(detail));
        if (detail.words()) {
            Map<String, String> texts = new LinkedHashMap<>();
            for (NoticeKind kind : NoticeKind.values()) {
                for (Locale language : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
                    texts.put(kind + "-" + language.getLanguage(), notices.text(detail, kind, language));
                }
            }
            model.addAttribute("notices", texts);
        }
        model.addAttribute("found", acts && c.open() && find != null ? incidents.findCustomers(find, me) : Map.of());
        model.addAttribute("waivable", c.severity().mayWaiveNotification());
        model.addAttribute("now", times.field(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
        return "incident/incident";
    }

    private String form(Model model, Map<String, String> kept, List<String> categories,
            @Nullable DomainException problem) {
        model.addAttribute("kept", kept);
        model.addAttribute("chosen", categories);
        model.addAttribute("problem", problem);
        model.addAttribute("bad", IncidentForms.bad(problem, NEW_FIELDS));
        model.addAttribute("problemKey", IncidentForms.problemKey(problem, "summary"));
        model.addAttribute("severities", Severity.values());
        model.addAttribute("dataCategories", DataCategory.values());
        return "incident/new";
    }

    private Map<UUID, String> people(IncidentDetail detail) {
        List<UUID> ids = new ArrayList<>();
        ids.add(detail.view().openedBy());
        if (detail.view().closedBy() != null) {
            ids.add(detail.view().closedBy());
        }
        detail.entries().forEach(e -> {
            if (e.actorId() != null) {
                ids.add(e.actorId());
            }
        });
        Map<UUID, String> names = new LinkedHashMap<>();
        for (UUID id : ids) {
            if (!names.containsKey(id)) {
                employees.byId(id).map(EmployeeView::displayName).ifPresent(name -> names.put(id, name));
            }
        }
        return names;
    }

    private @Nullable Instant notifiedAt(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return times.parse(text);
        } catch (DateTimeParseException e) {
            throw DomainException.unprocessable("incident-notified-at-invalid", Map.of("field", "at"));
        }
    }

    private @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return times.parse(text);
        } catch (DateTimeParseException e) {
            throw DomainException.unprocessable("incident-detected-invalid", Map.of("field", "detectedAt"),
                    Incidents.MAX_DAYS_BACK_PUBLIC);
        }
    }
}
