package io.custos.customer.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.custos.access.AccessDecisions;
import io.custos.access.AccessProperties;
import io.custos.access.Reason;
import io.custos.access.RevealAdvice;
import io.custos.access.RevealOffer;
import io.custos.consent.Channel;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerConsents;
import io.custos.customer.CustomerListing;
import io.custos.customer.CustomerReading;
import io.custos.customer.CustomerRegistration;
import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.training.GateAnswer;
import io.custos.training.TrainingGate;

/**
 * The registry's pages. Form inputs are named {@code f.<field>}; an edit form never holds an L3-L4
 * value (nobody sees them in clear), so an empty encrypted input means "unchanged" and
 * {@code clear.<field>} removes a value.
 */
@Controller
@RequestMapping("/customers")
class CustomerPages {

    private static final String FIELD_PREFIX = "f.";
    private static final Set<String> GATE_REASONS = Arrays.stream(GateAnswer.Reason.values())
            .map(GateAnswer.Reason::code).collect(Collectors.toUnmodifiableSet());
    private static final String CLEAR_PREFIX = "clear.";
    /** The plain values the edit form was opened with, to tell someone else's change from one's own. */
    private static final String ORIGINAL_PREFIX = "o.";
    private static final java.util.regex.Pattern FIELD_KEY = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final CustomerRegistration registration;
    private final CustomerReading reading;
    private final CustomerListing listing;
    private final CustomerConsents consents;
    private final FieldCatalog catalog;
    private final Purposes purposes;
    private final PrivacyNotices notices;
    private final AccessDecisions access;
    private final AccessProperties accessProperties;
    private final MessageSource messages;
    private final TrainingGate gate;
    private final io.custos.identity.Employees employees;
    private final List<io.custos.customer.CustomerNotices> customerNotices;
    private final io.custos.shared.web.Times times;

    CustomerPages(CustomerRegistration registration, CustomerReading reading, CustomerListing listing,
            CustomerConsents consents, FieldCatalog catalog, Purposes purposes, PrivacyNotices notices,
            AccessDecisions access, AccessProperties accessProperties, MessageSource messages, TrainingGate gate,
            io.custos.identity.Employees employees, List<io.custos.customer.CustomerNotices> customerNotices,
            io.custos.shared.web.Times times) {
        this.customerNotices = customerNotices;
        this.times = times;
        this.gate = gate;
        this.employees = employees;
        this.registration = registration;
        this.reading = reading;
        this.listing = listing;
        this.consents = consents;
        this.catalog = catalog;
        this.purposes = purposes;
        this.notices = notices;
        this.access = access;
        this.accessProperties = accessProperties;
        this.messages = messages;
    }

    /**
     * The list, or a search by name: a name is L1 and may stay in the address. Phone, e-mail and ID
     * number are not read from the address at all (a link or bookmark carrying one finds nothing):
     * they are searched by {@link #search}.
     */
    @GetMapping
    String list(@RequestParam(required = false) @Nullable String name, @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal CustosUser me, Model model, jakarta.servlet.http.HttpServletResponse response) {
        return results(name, () -> new CustomerListing.CustomerQuery(null, null, null, name, Math.max(page, 0), 25), me,
                model, response);
    }

    /**
     * A search by a confidential value (issue 14.6): POSTed with the CSRF token and answered directly,
     * so the value is in no URL, browser history, proxy log or Referer; its pages are POSTed buttons
     * that carry the value in the body again. A search by name alone goes back to the address.
     */
    @PostMapping("/search")
    String search(@RequestParam(required = false) @Nullable String phone,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String idNumber,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal CustosUser me, Model model,
            jakarta.servlet.http.HttpServletResponse response, RedirectAttributes redirect) {
        phone = blankToNull(phone);
        email = blankToNull(email);
        idNumber = blankToNull(idNumber);
        if (phone == null && email == null && idNumber == null) {
            name = blankToNull(name);
            if (name != null) {
                redirect.addAttribute("name", name);
            }
            if (page > 0) {
                redirect.addAttribute("page", page);
            }
            return "redirect:/customers";
        }
        model.addAttribute("phone", phone);
        model.addAttribute("email", email);
        model.addAttribute("idNumber", idNumber);
        model.addAttribute("byValue", true);
        String byName = name;
        String byPhone = phone;
        String byEmail = email;
        String byIdNumber = idNumber;
        return results(byName, () -> new CustomerListing.CustomerQuery(byPhone, byEmail, byIdNumber, byName,
                Math.max(page, 0), 25), me, model, response);
    }

    /** The language switch on a searched page leads here: the list, searched again by no value. */
    @GetMapping("/search")
    String searchAgain() {
        return "redirect:/customers";
    }

    /**
     * @param query made inside, so a page number out of range (422 {@code page-too-far}) is shown on
     *        the list in words like any other problem of the search
     */
    private String results(@Nullable String name, java.util.function.Supplier<CustomerListing.CustomerQuery> query,
            CustosUser me, Model model, jakarta.servlet.http.HttpServletResponse response) {
        model.addAttribute("name", name);
        model.addAttribute("fields", catalogByKey());
        model.addAttribute("columns", summaryFields());
        model.addAttribute("departmentNames", departmentNames(locale()));
        try {
            model.addAttribute("results", listing.search(query.get(), me));
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            if (e.status() == HttpStatus.TOO_MANY_REQUESTS) {
                response.setStatus(e.status().value());
                Object seconds = e.properties().get("retryAfterSeconds");
                if (seconds != null) {
                    response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, seconds.toString());
                }
            }
        }
        return "customer/list";
    }

    @GetMapping("/new")
    String newCustomer(Model model) {
        model.addAttribute("fields", catalog.fields());
        model.addAttribute("values", Map.of());
        addConsentChoices(model, Map.of());
        return "customer/form";
    }

    /** What the consent part of the create form offers: the current notice, purposes, channels. */
    private void addConsentChoices(Model model, Map<String, String> params) {
        model.addAttribute("currentNotice", notices.current());
        model.addAttribute("purposes", purposes.all());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("consentParams", params);
    }

    @PostMapping
    String create(@RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect) {
        Map<String, String> values = submitted(params);
        model.addAttribute("lastContactOn", params.get(LAST_CONTACT));
        model.addAttribute("lastTransactionOn", params.get(LAST_TRANSACTION));
        try {
            UUID id = registration.create(new CustomerRegistration.NewCustomer(params.get("ownerUsername"), values,
                    ConsentForm.from(params), date(params, LAST_CONTACT), date(params, LAST_TRANSACTION)), me);
            redirect.addFlashAttribute("notice", "customer.saved");
            return "redirect:/customers/" + id;
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("problemText", problemText(e));
            model.addAttribute("fields", catalog.fields());
            model.addAttribute("values", values);
            model.addAttribute("ownerUsername", params.get("ownerUsername"));
            addConsentChoices(model, params);
            return "customer/form";
        }
    }

    @GetMapping("/{id}")
    String view(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        CustomerReading.CustomerView customer = reading.view(id, me);
        model.addAttribute("customer", customer);
        model.addAttribute("fields", catalog.fields());
        model.addAttribute("departmentNames", departmentNames(locale()));
        Map<String, String> purposeNames = new java.util.HashMap<>();
        purposes.all().forEach(p -> purposeNames.put(p.code(), p.label(locale())));
        model.addAttribute("purposeNames", purposeNames);
        model.addAttribute("consents", consents.consents(id, me));
        // Only the purposes that could work for this person and field, most likely first (issue 14.8).
        RevealOffer offer = access.revealOffer(me, id, customer.masked());
        model.addAttribute("revealOffer", offer);
        model.addAttribute("revealPurposes", purposes.all());
        model.addAttribute("revealSeconds", accessProperties.revealVisibleSeconds());
        model.addAttribute("mayBreakGlass", offer.breakGlass());
        model.addAttribute("customerNotices", customerNotices(id, locale()));
        addConsentChoices(model, Map.of());
        return "customer/view";
    }

    /** An alert at the top of the page: its Bootstrap style and its words. */
    record ShownNotice(String style, String text) {
    }

    /** What other modules say about the customer (a legal hold…), in the page's language and the reader's zone. */
    private List<ShownNotice> customerNotices(UUID id, Locale locale) {
        List<ShownNotice> shown = new java.util.ArrayList<>();
        for (io.custos.customer.CustomerNotices source : customerNotices) {
            for (io.custos.customer.CustomerNotices.CustomerNotice notice : source.noticesFor(id)) {
                Object[] args = notice.args().stream().map(arg -> arg instanceof java.time.Instant
                        || arg instanceof java.time.LocalDate ? times.date((java.time.temporal.TemporalAccessor) arg)
                                : arg).toArray();
                String style = switch (notice.severity()) {
                    case INFO -> "alert-info";
                    case WARNING -> "alert-warning";
                    case DANGER -> "alert-danger";
                };
                shown.add(new ShownNotice(style, messages.getMessage(notice.messageKey(), args, locale)));
            }
        }
        return shown;
    }

    /**
     * The answer to one reveal button: the value in clear, or why not in the page's language. Never
     * stored by a browser or proxy; the value is only in this body, never in a URL or a log line.
     *
     * @param breakGlass whether to offer emergency access: opening it would lift this refusal
     * @param remedyUrl for a refusal by the training gate, the page that lifts it (the agreement to
     *        accept, the course to take), with {@code remedyLabel} naming that step
     */
    record RevealAnswer(String field, @Nullable String value, @Nullable String reason, @Nullable String message,
            boolean breakGlass, @Nullable String remedyUrl, @Nullable String remedyLabel) {
        RevealAnswer(String field, @Nullable String value, @Nullable String reason, @Nullable String message,
                boolean breakGlass) {
            this(field, value, reason, message, breakGlass, null, null);
        }

        @Override
        public String toString() {
            return "RevealAnswer[field=" + field + ", reason=" + reason + "]";
        }
    }

    @PostMapping(path = "/{id}/reveal", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<RevealAnswer> reveal(@PathVariable UUID id, @RequestParam(defaultValue = "") String field,
            @RequestParam(defaultValue = "") String purpose, @AuthenticationPrincipal CustosUser me, Locale locale) {
        // Echoed only when it looks like a field key: anything else might be a pasted value.
        field = FIELD_KEY.matcher(field).matches() ? field : "";
        try {
            CustomerReading.Revealed revealed = reading.reveal(id, List.of(field), purpose, me);
            String value = revealed.fields().get(field);
            if (value != null) {
                return noStore(HttpStatus.OK, new RevealAnswer(field, value, null, null, false));
            }
            String refused = revealed.refused().get(field);
            if (refused != null) {
                String message = messages.getMessage(Reason.ofCode(refused).messageKey(),
                        new Object[] {purposeLabel(purpose, locale)}, locale);
                // Emergency access is offered only where opening it would lift this refusal, and the
                // purposes that would work are named (issue 14.2).
                RevealAdvice advice = access.revealAdvice(me, id, field, purpose);
                if (!advice.purposes().isEmpty()) {
                    message += " " + messages.getMessage("customer.reveal.purposesThatWork",
                            new Object[] {purposeLabels(advice.purposes(), locale)}, locale);
                } else if (!advice.purposesWithBreakGlass().isEmpty()) {
                    message += " " + messages.getMessage("customer.reveal.purposesWithBreakGlass",
                            new Object[] {purposeLabels(advice.purposesWithBreakGlass(), locale)}, locale);
                }
                boolean offer = advice.breakGlass() || advice.purposes().isEmpty()
                        && !advice.purposesWithBreakGlass().isEmpty();
                // A refusal by the training gate links to the step that lifts it.
                GateAnswer blocked = GATE_REASONS.contains(refused) ? gate.check(me.id()) : null;
                String remedy = blocked == null ? null : blocked.remedyPath();
                String remedyLabel = remedy == null ? null
                        : messages.getMessage(Objects.requireNonNull(blocked.remedyMessageKey()), null, locale);
                String remedyUrl = remedy == null ? null
                        : Objects.toString(ServletUriComponentsBuilder.fromCurrentContextPath().build().getPath(), "")
                                + remedy;
                return noStore(HttpStatus.FORBIDDEN, new RevealAnswer(field, null, refused, message, offer, remedyUrl,
                        remedyLabel));
            }
            return noStore(HttpStatus.OK, new RevealAnswer(field, null, "empty",
                    messages.getMessage("customer.reveal.empty", null, locale), false));
        } catch (DomainException e) {
            return noStore(e.status(), new RevealAnswer(field, null, e.code(),
                    messages.getMessage(e.messageKey(), e.args(), locale), false));
        }
    }

    private static ResponseEntity<RevealAnswer> noStore(HttpStatus status, RevealAnswer answer) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(answer);
    }

    private String purposeLabels(List<String> codes, Locale locale) {
        return String.join(messages.getMessage("customer.reveal.purposeSeparator", null, ", ", locale),
                codes.stream().map(code -> purposeLabel(code, locale)).toList());
    }

    private String purposeLabel(String code, Locale locale) {
        return purposes.all().stream().filter(p -> p.code().equals(code)).findFirst().map(p -> p.label(locale))
                .orElse(code);
    }

    private static final String LAST_CONTACT = "lastContactOn";
    private static final String LAST_TRANSACTION = "lastTransactionOn";

    /**
     * Records the activity dates (issue 16, R-DEL-1) for whoever may edit the record; a problem comes
     * back on the page in words, with what was typed, next to the form.
     */
    @PostMapping("/{id}/activity")
    String activity(@PathVariable UUID id, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            registration.recordActivity(id, date(params, LAST_CONTACT), date(params, LAST_TRANSACTION),
                    parseVersion(params.get("version")), me);
            redirect.addFlashAttribute("notice", "customer.activity.recorded");
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            redirect.addFlashAttribute("activityProblem", e.messageKey());
            redirect.addFlashAttribute("activityProblemField", e.properties().get("field"));
            redirect.addFlashAttribute("activityLastContactOn", params.get(LAST_CONTACT));
            redirect.addFlashAttribute("activityLastTransactionOn", params.get(LAST_TRANSACTION));
        }
        return "redirect:/customers/" + id;
    }

    /** A date field of a form ({@code 2026-03-15}, what a browser's date input sends); blank is none. */
    private static java.time.@Nullable LocalDate date(Map<String, String> params, String name) {
        String text = blankToNull(params.get(name));
        if (text == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw DomainException.unprocessable("activity-date-invalid", Map.of("field", name));
        }
    }

    /** Opens an emergency access (R-USE-6) after a refusal; the service checks the rule and the justification. */
    @PostMapping("/{id}/break-glass")
    String breakGlass(@PathVariable UUID id, @RequestParam(defaultValue = "") String justification,
            @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            reading.breakGlass(id, justification, me);
            redirect.addFlashAttribute("notice", "customer.breakGlass.opened");
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("breakGlassProblem", e.messageKey());
            redirect.addFlashAttribute("breakGlassProblemArgs", e.args());
            redirect.addFlashAttribute("breakGlassJustification", justification);
        }
        return "redirect:/customers/" + id;
    }

    @GetMapping("/reconsent")
    String reconsent(@RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal CustosUser me,
            Model model) {
        try {
            model.addAttribute("customers", listing.needingReconsent(Math.max(page, 0), 25, me));
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("customers", listing.needingReconsent(0, 25, me));
        }
        model.addAttribute("currentNotice", notices.current());
        return "customer/reconsent";
    }

    @PostMapping("/{id}/consent")
    String grant(@PathVariable UUID id, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            RedirectAttributes redirect) {
        try {
            io.custos.consent.ConsentGrant grant = ConsentForm.from(params);
            if (grant == null) {
                throw DomainException.unprocessable("consent-required", Map.of("field", "consent"));
            }
            consents.grantConsent(id, grant, me);
            redirect.addFlashAttribute("notice", "consent.granted");
        } catch (DomainException e) {
            redirect.addFlashAttribute("consentProblem", e.messageKey());
            redirect.addFlashAttribute("consentProblemArgs", labelled(e.args()));
        }
        return "redirect:/customers/" + id;
    }

    @PostMapping("/{id}/consent/{consentId}/evidence")
    String evidence(@PathVariable UUID id, @PathVariable UUID consentId,
            @RequestParam("file") org.springframework.web.multipart.MultipartFile file,
            @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) throws java.io.IOException {
        try {
            String type = file.getContentType();
            if (type == null) {
                throw new DomainException("evidence-type-invalid",
                        org.springframework.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            }
            consents.attachConsentEvidence(id, consentId, type, file.getBytes(), me);
            redirect.addFlashAttribute("notice", "consent.evidenceSaved");
        } catch (DomainException e) {
            redirect.addFlashAttribute("consentProblem", e.messageKey());
            redirect.addFlashAttribute("consentProblemArgs", labelled(e.args()));
        }
        return "redirect:/customers/" + id;
    }

    @PostMapping("/{id}/consent/withdrawal")
    String withdraw(@PathVariable UUID id, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            Channel channel = ConsentForm.channel(params.get("consent.channel"));
            consents.withdrawConsent(id, ConsentForm.withdrawal(params), channel == null ? Channel.IN_PERSON : channel, me);
            redirect.addFlashAttribute("notice", "consent.withdrawn");
        } catch (DomainException e) {
            redirect.addFlashAttribute("consentProblem", e.messageKey());
            redirect.addFlashAttribute("consentProblemArgs", labelled(e.args()));
        }
        return "redirect:/customers/" + id;
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        CustomerReading.CustomerView customer = reading.view(id, me);
        if (!customer.editable()) {
            throw new DomainException("forbidden", org.springframework.http.HttpStatus.FORBIDDEN);
        }
        Map<String, String> values = new LinkedHashMap<>(customer.fields());
        customer.masked().forEach(values::remove);
        model.addAttribute("opening", values);
        return editForm(customer, values, java.util.Set.of(), customer.version(), model);
    }

    /**
     * Saves what changed against the record as it is now. The version the form was opened at
     * guards against overwriting someone else's change: on a conflict the form comes back with the
     * values the person typed, the values saved meanwhile next to them, and a separate button that
     * replaces those (it carries the version seen now, so a third change is caught again).
     */
    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        CustomerReading.CustomerView before = reading.view(id, me);
        Map<String, @Nullable String> changes = new LinkedHashMap<>();
        java.util.Set<String> cleared = new java.util.TreeSet<>();
        for (FieldDefinition field : catalog.fields()) {
            String value = params.get(FIELD_PREFIX + field.key());
            boolean clear = params.containsKey(CLEAR_PREFIX + field.key());
            boolean had = before.fields().containsKey(field.key());
            if (clear) {
                cleared.add(field.key());
            }
            if (clear || value != null && value.isBlank() && had && !before.masked().contains(field.key())) {
                if (had) {
                    changes.put(field.key(), null);
                }
            } else if (value != null && !value.isBlank() && !value.equals(before.fields().get(field.key()))) {
                changes.put(field.key(), value);
            }
        }
        Long opened = parseVersion(params.get("version"));
        // Replacing someone else's change is a choice of its own, made against the version shown with it.
        Long overwrite = parseVersion(params.get("overwrite"));
        Long expected = overwrite != null ? overwrite : opened;
        try {
            if (!changes.isEmpty()) {
                registration.update(id, changes, expected, me);
            }
            redirect.addFlashAttribute("notice", "customer.saved");
            return "redirect:/customers/" + id;
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("problemText", problemText(e));
            Map<String, String> opening = submitted(params, ORIGINAL_PREFIX);
            opening.remove("version");
            if ("customer-changed".equals(e.code())) {
                model.addAttribute("current", before);
                model.addAttribute("theirs", changedMeanwhile(before, opening, params));
            }
            // Every submitted value comes back as typed, so saving again changes only what the person meant.
            model.addAttribute("opening", opening);
            return editForm(before, submitted(params), cleared, opened != null ? opened : before.version(), model);
        }
    }

    /**
     * The plain fields someone else changed since the form was opened (their value now, or null when
     * they removed it), told from the values the form was opened with; a form sent without them is
     * compared with what the person typed.
     */
    private Map<String, @Nullable String> changedMeanwhile(CustomerReading.CustomerView now, Map<String, String> opening,
            Map<String, String> params) {
        Map<String, @Nullable String> theirs = new LinkedHashMap<>();
        boolean known = params.containsKey(ORIGINAL_PREFIX + "version");
        for (FieldDefinition field : catalog.fields()) {
            if (now.masked().contains(field.key())) {
                continue;
            }
            String current = now.fields().get(field.key());
            String before = known ? opening.get(field.key()) : params.get(FIELD_PREFIX + field.key());
            if (!java.util.Objects.equals(blankToNull(current), blankToNull(before))) {
                theirs.put(field.key(), current);
            }
        }
        return theirs;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private String editForm(CustomerReading.CustomerView customer, Map<String, String> values,
            java.util.Set<String> cleared, long version, Model model) {
        model.addAttribute("customer", customer);
        model.addAttribute("fields", catalog.fields());
        model.addAttribute("values", values);
        model.addAttribute("cleared", cleared);
        model.addAttribute("version", version);
        return "customer/form";
    }

    private Map<String, String> submitted(Map<String, String> params) {
        return submitted(params, FIELD_PREFIX);
    }

    private static Map<String, String> submitted(Map<String, String> params, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null && !value.isBlank()) {
                values.put(name.substring(prefix.length()), value);
            }
        });
        return values;
    }

    /**
     * The problem in the page's language, a catalog field named by its label ("Company name"), never
     * by its key (issue 14.6).
     */
    private String problemText(DomainException e) {
        return messages.getMessage(e.messageKey(), labelled(e.args()), locale());
    }

    private Object[] labelled(Object[] problemArgs) {
        return ProblemArgs.labelled(problemArgs, catalog, purposes, locale());
    }

    /** Department names by code: a person reads "Sales 1", not SALES1 (issue 14.6). */
    private Map<String, String> departmentNames(Locale locale) {
        Map<String, String> names = new java.util.HashMap<>();
        employees.departments().forEach(d -> names.put(d.code(), d.name(locale)));
        return names;
    }

    private static Locale locale() {
        return org.springframework.context.i18n.LocaleContextHolder.getLocale();
    }

    private Map<String, FieldDefinition> catalogByKey() {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        catalog.fields().forEach(f -> byKey.put(f.key(), f));
        return byKey;
    }

    private static @Nullable Long parseVersion(@Nullable String version) {
        try {
            return version == null ? null : Long.valueOf(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<String> summaryFields() {
        return List.of("companyName", "contactName", "city", "phone", "email");
    }
}
