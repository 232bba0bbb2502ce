package io.custos.retention.web;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.retention.PaperDestructions;
import io.custos.retention.PaperMethod;
import io.custos.retention.PaperRecords;
import io.custos.retention.PaperStatus;
import io.custos.retention.PaperType;
import io.custos.retention.PaperViews;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The paper register's pages (R-DEL-3, issue 16.6): the list with its filters, registering a
 * document, a document with its history and the actions the person may take, destruction orders with
 * their approvals, photographs, execution and certificate. The services decide who may do what; a
 * form that fails is shown again with what was typed and the reason in words.
 */
@Controller
class PaperPages {

    private final PaperRecords records;
    private final PaperDestructions destructions;
    private final Employees employees;
    private final Times times;

    PaperPages(PaperRecords records, PaperDestructions destructions, Employees employees, Times times) {
        this.records = records;
        this.destructions = destructions;
        this.employees = employees;
        this.times = times;
    }

    @GetMapping("/paper-records")
    String list(@RequestParam(required = false) @Nullable PaperType type,
            @RequestParam(required = false) @Nullable PaperStatus status,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false, defaultValue = "false") boolean overdue,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        model.addAttribute("items", records.list(new PaperViews.Filter(type, status, null, q, overdue), me));
        model.addAttribute("open", destructions.open(me));
        model.addAttribute("type", type);
        model.addAttribute("status", status);
        model.addAttribute("q", q);
        model.addAttribute("overdue", overdue);
        model.addAttribute("types", PaperType.values());
        model.addAttribute("statuses", PaperStatus.values());
        model.addAttribute("mayRegister", staff(me));
        model.addAttribute("departments", departmentNames(locale));
        return "retention/paper-list";
    }

    @GetMapping("/paper-records/new")
    String form(@AuthenticationPrincipal CustosUser me, Model model) {
        return form(new Form(null, null, null, null, me.id(), null), null, me, model);
    }

    /** The registration form as posted: customer ids one per line (or separated by spaces or commas). */
    record Form(@Nullable PaperType type, @Nullable String title, @Nullable String description,
            @Nullable String location, @Nullable UUID custodianId, @Nullable String customerIds) {
    }

    @PostMapping("/paper-records")
    String register(@RequestParam(required = false) @Nullable PaperType type,
            @RequestParam(required = false) @Nullable String title,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable UUID custodianId,
            @RequestParam(required = false) @Nullable String customerIds, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response) {
        Form form = new Form(type, title, description, location, custodianId, customerIds);
        try {
            UUID id = records.register(new PaperRecords.NewRecord(type, title, description, location, custodianId,
                    ids(customerIds)), me);
            return "redirect:/paper-records/" + id + "?notice=paper.registered";
        } catch (DomainException refused) {
            response.setStatus(refused.status().value());
            return form(form, refused, me, model);
        }
    }

    private String form(Form form, @Nullable DomainException problem, CustosUser me, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("types", PaperType.values());
        List<EmployeeView> custodians = staff().stream().filter(e -> me.hasRole(Role.ADMIN_OFFICER)
                || me.hasRole(Role.DEPT_HEAD) && e.departmentId().equals(me.departmentId()) || e.id().equals(me.id()))
                .toList();
        model.addAttribute("custodians", custodians);
        return "retention/paper-form";
    }

    @GetMapping("/paper-records/{id}")
    String record(@PathVariable UUID id, @RequestParam(required = false) @Nullable String notice,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        model.addAttribute("notice", "paper.registered".equals(notice) ? notice : null);
        return recordPage(id, null, Map.of(), me, model, locale);
    }

    @PostMapping("/paper-records/{id}/check-out")
    String checkOut(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID holderId,
            @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate expectedReturnOn,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        try {
            records.checkOut(id, holderId, purpose, expectedReturnOn, me);
            return "redirect:/paper-records/" + id;
        } catch (DomainException refused) {
            return refusedOnRecord(id, refused, typed("holderId", holderId, "purpose", purpose, "expectedReturnOn",
                    expectedReturnOn), me, model, locale, response);
        }
    }

    @PostMapping("/paper-records/{id}/return")
    String giveBack(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response) {
        try {
            records.giveBack(id, me);
            return "redirect:/paper-records/" + id;
        } catch (DomainException refused) {
            return refusedOnRecord(id, refused, Map.of(), me, model, locale, response);
        }
    }

    @PostMapping("/paper-records/{id}/destruction")
    String order(@PathVariable UUID id, @RequestParam(required = false) @Nullable PaperMethod method,
            @RequestParam(required = false) @Nullable String contractor,
            @RequestParam(required = false) @Nullable UUID witnessId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate plannedOn,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false, defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        Map<String, Object> typed = typed("method", method, "contractor", contractor, "witnessId", witnessId,
                "plannedOn", plannedOn, "reason", reason);
        try {
            if (!confirmed) {
                throw DomainException.unprocessable("paper-confirmation-required", Map.of("field", "confirmed"));
            }
            UUID order = destructions.order(new PaperDestructions.NewOrder(List.of(id), method, contractor, witnessId,
                    plannedOn, reason), me);
            return "redirect:/paper-records/destructions/" + order;
        } catch (DomainException refused) {
            return refusedOnRecord(id, refused, typed, me, model, locale, response);
        }
    }

    @GetMapping("/paper-records/destructions")
    String destructions(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("open", destructions.open(me));
        return "retention/paper-destructions";
    }

    @GetMapping("/paper-records/destructions/{id}")
    String destruction(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return destructionPage(id, null, Map.of(), me, model, locale);
    }

    @PostMapping("/paper-records/destructions/{id}/approval")
    String approve(@PathVariable UUID id, @RequestParam(required = false, defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        try {
            if (!confirmed) {
                throw DomainException.unprocessable("paper-confirmation-required", Map.of("field", "confirmed"));
            }
            destructions.approve(id, me);
            return "redirect:/paper-records/destructions/" + id;
        } catch (DomainException refused) {
            return refusedOnOrder(id, refused, Map.of(), me, model, locale, response);
        }
    }

    @PostMapping("/paper-records/destructions/{id}/rejection")
    String reject(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        try {
            destructions.reject(id, reason, me);
            return "redirect:/paper-records/destructions/" + id;
        } catch (DomainException refused) {
            return refusedOnOrder(id, refused, typed("rejectReason", reason), me, model, locale, response);
        }
    }

    @PostMapping("/paper-records/destructions/{id}/cancellation")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        try {
            destructions.cancel(id, reason, me);
            return "redirect:/paper-records/destructions/" + id;
        } catch (DomainException refused) {
            return refusedOnOrder(id, refused, typed("cancelReason", reason), me, model, locale, response);
        }
    }

    @PostMapping("/paper-records/destructions/{id}/photos")
    String addPhoto(@PathVariable UUID id, @RequestParam(required = false) @Nullable MultipartFile photo,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response)
            throws IOException {
        try {
            destructions.addPhoto(id, bytes(photo), me);
            return "redirect:/paper-records/destructions/" + id;
        } catch (DomainException refused) {
            return refusedOnOrder(id, refused, Map.of(), me, model, locale, response);
        }
    }

    @GetMapping("/paper-records/destructions/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(@PathVariable UUID id, @PathVariable UUID photoId,
            @AuthenticationPrincipal CustosUser me) {
        return image(destructions.photo(id, photoId, me));
    }

    @PostMapping("/paper-records/destructions/{id}/execution")
    String execute(@PathVariable UUID id, @RequestParam(required = false) @Nullable String executedAt,
            @RequestParam(required = false) @Nullable UUID witnessId,
            @RequestParam(required = false, defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        Map<String, Object> typed = typed("executedAt", executedAt, "witnessId", witnessId);
        try {
            if (!confirmed) {
                throw DomainException.unprocessable("paper-confirmation-required", Map.of("field", "confirmed"));
            }
            Instant at;
            try {
                at = executedAt == null || executedAt.isBlank() ? null : times.parse(executedAt);
            } catch (DateTimeParseException unreadable) {
                at = null;
            }
            destructions.execute(id, at, witnessId, me);
            return "redirect:/paper-records/destructions/" + id;
        } catch (DomainException refused) {
            return refusedOnOrder(id, refused, typed, me, model, locale, response);
        }
    }

    @GetMapping("/paper-records/destructions/{id}/certificate")
    ResponseEntity<byte[]> certificate(@PathVariable UUID id, @RequestParam(required = false) @Nullable String lang,
            @AuthenticationPrincipal CustosUser me) {
        PaperViews.Destruction d = destructions.view(id, me);
        return pdf(destructions.certificate(id, PaperApi.language(lang), me), d.number());
    }

    private String refusedOnRecord(UUID id, DomainException refused, Map<String, Object> typed, CustosUser me,
            Model model, Locale locale, HttpServletResponse response) {
        if (refused.status().value() == 404) {
            throw refused;
        }
        response.setStatus(refused.status().value());
        return recordPage(id, refused, typed, me, model, locale);
    }

    private String refusedOnOrder(UUID id, DomainException refused, Map<String, Object> typed, CustosUser me,
            Model model, Locale locale, HttpServletResponse response) {
        if (refused.status().value() == 404) {
            throw refused;
        }
        response.setStatus(refused.status().value());
        return destructionPage(id, refused, typed, me, model, locale);
    }

    private String recordPage(UUID id, @Nullable DomainException problem, Map<String, Object> typed, CustosUser me,
            Model model, Locale locale) {
        model.addAttribute("r", records.view(id, me));
        model.addAttribute("problem", problem);
        model.addAttribute("typed", typed);
        model.addAttribute("people", staff());
        model.addAttribute("methods", PaperMethod.values());
        model.addAttribute("departments", departmentNames(locale));
        return "retention/paper-record";
    }

    private String destructionPage(UUID id, @Nullable DomainException problem, Map<String, Object> typed,
            CustosUser me, Model model, Locale locale) {
        model.addAttribute("d", destructions.view(id, me));
        model.addAttribute("problem", problem);
        model.addAttribute("typed", typed);
        model.addAttribute("people", staff());
        model.addAttribute("departments", departmentNames(locale));
        return "retention/paper-destruction";
    }

    /** Current members of staff with a department, by name: custodians, holders, witnesses. */
    private List<EmployeeView> staff() {
        List<EmployeeView> people = new ArrayList<>(employees.current().stream()
                .filter(e -> !e.partner() && e.departmentId() != null && e.status() != EmployeeStatus.DEPARTED
                        && e.roles().stream().anyMatch(Role.STAFF::contains))
                .toList());
        people.sort(Comparator.comparing(EmployeeView::displayName));
        return people;
    }

    private Map<UUID, String> departmentNames(Locale locale) {
        Map<UUID, String> names = new java.util.HashMap<>();
        employees.departments().forEach(d -> names.put(d.id(), d.name(locale)));
        return names;
    }

    private static boolean staff(CustosUser me) {
        return me.hasRole(Role.EMPLOYEE) || me.hasRole(Role.DEPT_HEAD) || me.hasRole(Role.ADMIN_OFFICER);
    }

    private static Map<String, Object> typed(Object... pairs) {
        Map<String, Object> typed = new java.util.HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                typed.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return typed;
    }

    /** Customer ids as typed: one per line, or separated by spaces, commas or semicolons. */
    static @Nullable List<UUID> ids(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (String part : text.split("[\\s,;，；]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ids.add(UUID.fromString(part.strip()));
            } catch (IllegalArgumentException notAnId) {
                throw DomainException.unprocessable("paper-customer-id-invalid", Map.of("field", "customerIds"));
            }
        }
        return ids;
    }

    /** An upload's bytes; refused by size before they are read. */
    static byte[] bytes(@Nullable MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            return new byte[0];
        }
        if (file.getSize() > 5L * 1024 * 1024) {
            throw DomainException.unprocessable("paper-photo-too-large", Map.of("field", "photo",
                    "maxBytes", 5L * 1024 * 1024), 5);
        }
        return file.getBytes();
    }

    static ResponseEntity<byte[]> image(Optional<Map.Entry<String, byte[]>> photo) {
        Map.Entry<String, byte[]> found = photo.orElseThrow(DomainException::notFound);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(found.getKey()))
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(found.getValue());
    }

    static ResponseEntity<byte[]> pdf(byte[] content, String number) {
        return PaperApi.attachment(content, MediaType.APPLICATION_PDF, "certificate-" + number + ".pdf");
    }
}
