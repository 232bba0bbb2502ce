package io.custos.sharing.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

import io.custos.access.Subjects;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerSelection;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.sharing.GrantSummary;
import io.custos.sharing.PartnerSummary;
import io.custos.sharing.Partners;
import io.custos.sharing.Recipient;
import io.custos.sharing.RecipientType;
import io.custos.sharing.SharingGrants;
import io.custos.sharing.SharingLedger;
import io.custos.sharing.SharingRequest;
import io.custos.sharing.SharingRequests;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The sharing pages (issue 15.7): ask to share, decide, see and revoke grants; what was shared with
 * me and its customers; a customer's sharing ledger. Names, labels and times in the reader's words.
 */
@Controller
class SharingPages {

    /** How many of the department's customers the request form offers to tick. */
    private static final int PICKABLE = 300;
    private static final int PAGE = 20;

    private final SharingRequests requests;
    private final SharingGrants grants;
    private final SharingLedger ledger;
    private final Partners partners;
    private final Employees employees;
    private final Purposes purposes;
    private final Subjects subjects;
    private final CustomerSelection selection;
    private final CustomerReading reading;
    private final Times times;
    private final Clock clock;

    SharingPages(SharingRequests requests, SharingGrants grants, SharingLedger ledger, Partners partners,
            Employees employees, Purposes purposes, Subjects subjects, CustomerSelection selection,
            CustomerReading reading, Times times, Clock clock) {
        this.requests = requests;
        this.grants = grants;
        this.ledger = ledger;
        this.partners = partners;
        this.employees = employees;
        this.purposes = purposes;
        this.subjects = subjects;
        this.selection = selection;
        this.reading = reading;
        this.times = times;
        this.clock = clock;
    }

    /** What the request form holds, kept as typed when it comes back with a problem. */
    record RequestForm(String recipient, String purpose, List<String> fields, String choose, List<String> customers,
            String city, String ownerId, String from, String until, String justification) {
    }

    // --- requests -------------------------------------------------------------------------------

    @GetMapping("/sharing/requests")
    String requests(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        List<SharingRequest> mine = requests.mine(me);
        List<SharingRequest> awaiting = requests.awaiting(me);
        List<SharingRequest> all = new ArrayList<>(mine);
        all.addAll(awaiting);
        model.addAttribute("mine", mine);
        model.addAttribute("awaiting", awaiting);
        model.addAttribute("mayRequest", mayRequest(me));
        names(all, model, locale);
        return "sharing/requests";
    }

    @GetMapping("/sharing/requests/new")
    String newRequest(@RequestParam(required = false) @Nullable UUID customer, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        Instant now = clock.instant();
        RequestForm form = new RequestForm("", "", List.of(), "list",
                customer == null ? List.of() : List.of(customer.toString()), "", "", times.field(now),
                times.field(now.plus(Duration.ofDays(30))), "");
        return form(form, null, me, model, locale);
    }

    @PostMapping("/sharing/requests")
    String submit(@RequestParam(defaultValue = "") String recipient, @RequestParam(defaultValue = "") String purpose,
            @RequestParam(name = "fields", required = false) @Nullable List<String> fields,
            @RequestParam(defaultValue = "list") String choose,
            @RequestParam(name = "customers", required = false) @Nullable List<String> customers,
            @RequestParam(defaultValue = "") String city, @RequestParam(defaultValue = "") String ownerId,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String justification, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        RequestForm form = new RequestForm(recipient, purpose, fields == null ? List.of() : fields, choose,
                customers == null ? List.of() : customers, city, ownerId, from, until, justification);
        try {
            boolean listed = !"filter".equals(choose);
            SharingRequest created = requests.submit(new SharingRequests.NewRequest(recipientType(recipient),
                    recipientId(recipient), purpose.isBlank() ? null : purpose,
                    listed ? ids(form.customers(), "customerIds") : null, listed ? null : blankToNull(city),
                    listed || ownerId.isBlank() ? null : id(ownerId, "filterOwnerId"), form.fields(),
                    from.isBlank() ? null : time(from, "from"), until.isBlank() ? null : time(until, "until"),
                    justification), me);
            redirect.addFlashAttribute("notice", "sharing.request.submitted");
            return "redirect:/sharing/requests/" + created.id();
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            return form(form, e, me, model, locale);
        }
    }

    @GetMapping("/sharing/requests/{id}")
    String request(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return requestPage(requests.get(id, me), me, model, locale);
    }

    @PostMapping("/sharing/requests/{id}/decision")
    String decide(@PathVariable UUID id, @RequestParam(defaultValue = "") String decision,
            @RequestParam(defaultValue = "") String reason, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            SharingRequests.Decision chosen = switch (decision) {
                case "approve" -> SharingRequests.Decision.APPROVE;
                case "refuse" -> SharingRequests.Decision.REFUSE;
                default -> throw DomainException.unprocessable("sharing-decision-required", Map.of("field", "decision"));
            };
            SharingRequest decided = requests.decide(id, chosen, reason.isBlank() ? null : reason, me);
            redirect.addFlashAttribute("notice", "sharing.request.decided." + decided.status().name());
            return "redirect:/sharing/requests/" + id;
        } catch (DomainException e) {
            shown(e, response, model);
            model.addAttribute("problemField", e.properties().get("field"));
            model.addAttribute("decision", decision);
            model.addAttribute("reason", reason);
            return requestPage(requests.get(id, me), me, model, locale);
        }
    }

    @PostMapping("/sharing/requests/{id}/withdrawal")
    String withdraw(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            requests.withdraw(id, me);
            redirect.addFlashAttribute("notice", "sharing.request.decided.WITHDRAWN");
            return "redirect:/sharing/requests/" + id;
        } catch (DomainException e) {
            shown(e, response, model);
            return requestPage(requests.get(id, me), me, model, locale);
        }
    }

    // --- grants ---------------------------------------------------------------------------------

    @GetMapping("/sharing/grants")
    String grants(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        List<GrantSummary> visible = grants.visibleTo(me);
        model.addAttribute("grants", visible);
        model.addAttribute("now", clock.instant());
        model.addAttribute("recipientNames", recipientNames(visible.stream().map(GrantSummary::recipient).toList(),
                locale));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "sharing/grants";
    }

    @GetMapping("/sharing/grants/{id}")
    String grant(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return grantPage(id, me, model, locale);
    }

    @PostMapping("/sharing/grants/{id}/revocation")
    String revoke(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            grants.revoke(id, reason, me);
            redirect.addFlashAttribute("notice", "sharing.grant.revoked");
            return "redirect:/sharing/grants/" + id;
        } catch (DomainException e) {
            shown(e, response, model);
            model.addAttribute("reason", reason);
            return grantPage(id, me, model, locale);
        }
    }

    // --- shared with me -------------------------------------------------------------------------

    record SharedRow(UUID id, Map<String, String> fields, List<String> masked) {
    }

    @GetMapping("/shared/customers")
    String shared(@RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale) {
        int at = Math.max(0, page);
        List<GrantSummary> active = grants.activeFor(me, clock.instant());
        Map<UUID, List<SharedRow>> rows = new LinkedHashMap<>();
        boolean more = false;
        for (GrantSummary grant : active) {
            List<UUID> ids = grants.customersOf(grant.id(), me, at * PAGE, PAGE + 1);
            more |= ids.size() > PAGE;
            List<SharedRow> shown = new ArrayList<>();
            for (UUID id : ids.stream().limit(PAGE).toList()) {
                try {
                    CustomerReading.CustomerView view = reading.view(id, me);
                    shown.add(new SharedRow(view.id(), view.fields(), view.masked()));
                } catch (DomainException e) {
                    // Gone, destroyed or withdrawn from the purpose since: it no longer shows.
                }
            }
            rows.put(grant.id(), shown);
        }
        model.addAttribute("grants", active);
        model.addAttribute("rows", rows);
        model.addAttribute("page", at);
        model.addAttribute("more", more);
        model.addAttribute("recipientNames", recipientNames(active.stream().map(GrantSummary::recipient).toList(),
                locale));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "sharing/shared";
    }

    @GetMapping("/shared/customers/{id}")
    String sharedCustomer(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return sharedPage(id, me, model, locale);
    }

    /**
     * The address a reveal answers at, asked for again (a reload, the language switch): the customer,
     * masked again; a revealed value is never kept to be shown a second time.
     */
    @GetMapping("/shared/customers/{id}/reveal")
    String revealAgain(@PathVariable UUID id) {
        return "redirect:/shared/customers/" + id;
    }

    @PostMapping("/shared/customers/{id}/reveal")
    String reveal(@PathVariable UUID id, @RequestParam(defaultValue = "") String field,
            @RequestParam(defaultValue = "") String purpose, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale, HttpServletResponse response) {
        if (!grants.receives(me, id, clock.instant())) {
            throw DomainException.notFound();
        }
        try {
            CustomerReading.Revealed revealed = reading.reveal(id, List.of(field), purpose, me);
            model.addAttribute("revealed", revealed.fields());
            model.addAttribute("refused", revealed.refused());
            model.addAttribute("revealPurpose", purposeLabels(locale).getOrDefault(purpose, ""));
        } catch (DomainException e) {
            shown(e, response, model);
        }
        return sharedPage(id, me, model, locale);
    }

    // --- ledger ---------------------------------------------------------------------------------

    @GetMapping("/sharing/customers/{id}")
    String ledger(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        List<SharingLedger.Entry> entries = ledger.of(id, me);
        model.addAttribute("customerId", id);
        model.addAttribute("company", subjects.companyNames(List.of(id)).get(id));
        model.addAttribute("entries", entries);
        model.addAttribute("recipientNames", recipientNames(entries.stream().map(SharingLedger.Entry::recipient)
                .toList(), locale));
        model.addAttribute("people", people(entries.stream().map(SharingLedger.Entry::requesterId).toList()));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "sharing/ledger";
    }

    // --- helpers --------------------------------------------------------------------------------

    /**
     * A refused step is shown on the page it came from, with its status; something the person may not
     * see at all stays the 404 every missing thing is.
     */
    private static void shown(DomainException e, HttpServletResponse response, Model model) {
        if (e.status() == HttpStatus.NOT_FOUND) {
            throw e;
        }
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
    }

    private String form(RequestForm form, @Nullable DomainException problem, CustosUser me, Model model,
            Locale locale) {
        if (!mayRequest(me)) {
            throw new DomainException("sharing-not-allowed", HttpStatus.FORBIDDEN);
        }
        UUID department = me.departmentId();
        Map<String, String> recipients = new LinkedHashMap<>();
        for (DepartmentView d : employees.departments()) {
            if (!d.id().equals(department)) {
                recipients.put("DEPARTMENT:" + d.id(), d.name(locale));
            }
        }
        for (PartnerSummary p : partners.active()) {
            recipients.put("PARTNER:" + p.id(), p.name(locale));
        }
        List<UUID> pickable = new ArrayList<>(selection.ofDepartment(department, null, null, PICKABLE));
        form.customers().forEach(c -> {
            try {
                UUID chosen = UUID.fromString(c);
                if (!pickable.contains(chosen)) {
                    pickable.add(chosen);
                }
            } catch (IllegalArgumentException ignored) {
                // Not an id: the service names the problem.
            }
        });
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("problemArgs", problem == null ? null : labelled(problem, locale));
        model.addAttribute("problemField", problem == null ? null : problem.properties().get("field"));
        model.addAttribute("recipients", recipients);
        model.addAttribute("purposes", purposes.all());
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        model.addAttribute("fieldsByPurpose", fieldsByPurpose());
        model.addAttribute("pickable", pickable);
        model.addAttribute("companies", subjects.companyNames(pickable));
        model.addAttribute("owners", employees.current().stream()
                .filter(e -> department.equals(e.departmentId())).toList());
        model.addAttribute("zoneName", times.zoneName());
        return "sharing/request-form";
    }

    private String requestPage(SharingRequest request, CustosUser me, Model model, Locale locale) {
        boolean deciding = requests.awaiting(me).stream().anyMatch(r -> r.id().equals(request.id()));
        SharingRequests.Preview preview = deciding ? requests.preview(request.id(), me) : null;
        Set<UUID> customers = new HashSet<>(request.customerIds());
        if (preview != null) {
            customers.addAll(preview.included());
            customers.addAll(preview.excluded().keySet());
        }
        model.addAttribute("request", request);
        model.addAttribute("deciding", deciding);
        model.addAttribute("preview", preview);
        model.addAttribute("mayWithdraw", request.requesterId().equals(me.id()) && request.status().pending());
        model.addAttribute("companies", subjects.companyNames(customers));
        model.addAttribute("recipientName", recipientNames(List.of(request.recipient()), locale)
                .get(request.recipient().id()));
        model.addAttribute("people", people(List.of(request.requesterId(), orNil(request.headDecidedBy()),
                orNil(request.adminDecidedBy()), orNil(request.refusedBy()), orNil(request.filterOwnerId()))));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "sharing/request";
    }

    private String grantPage(UUID id, CustosUser me, Model model, Locale locale) {
        SharingGrants.GrantDetails details = grants.details(id, me);
        model.addAttribute("details", details);
        model.addAttribute("grant", details.grant());
        model.addAttribute("now", clock.instant());
        model.addAttribute("companies", subjects.companyNames(details.excluded().keySet()));
        model.addAttribute("recipientName", recipientNames(List.of(details.grant().recipient()), locale)
                .get(details.grant().recipient().id()));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        model.addAttribute("mayRevoke", !me.roles().contains(io.custos.identity.Role.PARTNER)
                && !me.roles().contains(io.custos.identity.Role.AUDITOR) && details.grant().revokedAt() == null
                && details.grant().until().isAfter(clock.instant()));
        return "sharing/grant";
    }

    private String sharedPage(UUID id, CustosUser me, Model model, Locale locale) {
        Instant now = clock.instant();
        if (!grants.receives(me, id, now)) {
            throw DomainException.notFound();
        }
        CustomerReading.CustomerView view = reading.view(id, me);
        // Overlapping grants of one purpose offer one button: the purpose is what the person chooses.
        Map<String, java.util.SortedSet<String>> purposesOf = new LinkedHashMap<>();
        for (GrantSummary grant : grants.activeOn(me, id, now)) {
            grant.fields().forEach(f -> purposesOf.computeIfAbsent(f, k -> new java.util.TreeSet<>()).add(grant.purpose()));
        }
        model.addAttribute("customer", view);
        model.addAttribute("purposesOf", purposesOf);
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "sharing/shared-customer";
    }

    /** A problem naming fields names them as the page does, by their labels. */
    private Object[] labelled(DomainException problem, Locale locale) {
        if (problem.properties().get("fields") instanceof List<?> keys) {
            Map<String, String> labels = subjects.fieldLabels(locale);
            return new Object[] {String.join(", ", keys.stream().map(k -> labels.getOrDefault(String.valueOf(k),
                    String.valueOf(k))).toList())};
        }
        return problem.args();
    }

    private static boolean mayRequest(CustosUser me) {
        return me.departmentId() != null && !me.roles().contains(io.custos.identity.Role.PARTNER)
                && (me.roles().contains(io.custos.identity.Role.EMPLOYEE)
                        || me.roles().contains(io.custos.identity.Role.DEPT_HEAD));
    }

    private void names(List<SharingRequest> all, Model model, Locale locale) {
        model.addAttribute("recipientNames", recipientNames(all.stream().map(SharingRequest::recipient).toList(),
                locale));
        model.addAttribute("people", people(all.stream().map(SharingRequest::requesterId).toList()));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
    }

    private Map<UUID, String> recipientNames(List<Recipient> recipients, Locale locale) {
        Map<UUID, String> names = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (names.containsKey(r.id())) {
                continue;
            }
            String name = r.type() == RecipientType.DEPARTMENT
                    ? employees.department(r.id()).map(d -> d.name(locale)).orElse(null)
                    : partners.find(r.id()).map(p -> p.name(locale)).orElse(null);
            if (name != null) {
                names.put(r.id(), name);
            }
        }
        return names;
    }

    private Map<UUID, String> people(List<UUID> ids) {
        Map<UUID, String> people = new LinkedHashMap<>();
        for (UUID id : ids) {
            if (!people.containsKey(id)) {
                employees.byId(id).map(EmployeeView::displayName).ifPresent(name -> people.put(id, name));
            }
        }
        return people;
    }

    private Map<String, String> purposeLabels(Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        purposes.all().forEach(p -> labels.put(p.code(), p.label(locale)));
        return labels;
    }

    private Map<String, String> fieldsByPurpose() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Purpose p : purposes.all()) {
            fields.put(p.code(), String.join(" ", p.fields()));
        }
        return fields;
    }

    private static UUID orNil(@Nullable UUID id) {
        return id == null ? new UUID(0, 0) : id;
    }

    private static @Nullable String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }

    private static @Nullable RecipientType recipientType(String value) {
        int colon = value.indexOf(':');
        try {
            return colon < 0 ? null : RecipientType.valueOf(value.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable UUID recipientId(String value) {
        int colon = value.indexOf(':');
        try {
            return colon < 0 ? null : UUID.fromString(value.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<UUID> ids(List<String> values, String field) {
        List<UUID> ids = new ArrayList<>();
        for (String value : values) {
            ids.add(id(value, field));
        }
        return ids;
    }

    private static UUID id(String value, String field) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.unprocessable("sharing-selection-required", Map.of("field", field));
        }
    }

    private Instant time(String value, String field) {
        try {
            return times.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.unprocessable("sharing-period-invalid", Map.of("field", field));
        }
    }
}
