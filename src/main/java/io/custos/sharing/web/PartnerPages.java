package io.custos.sharing.web;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.IssuedCredential;
import io.custos.identity.PartnerAccounts;
import io.custos.identity.Role;
import io.custos.sharing.Ndas;
import io.custos.sharing.NewNda;
import io.custos.sharing.PartnerContact;
import io.custos.sharing.PartnerDetails;
import io.custos.sharing.PartnerForm;
import io.custos.sharing.PartnerRegister;
import io.custos.sharing.PartnerType;
import io.custos.sharing.Recipient;
import io.custos.sharing.RecipientType;
import io.custos.shared.DomainException;

/**
 * The partner register's pages (issue 15.1, 15.2): the list, a partner with its NDAs and users, the
 * forms; departments and whether they need an NDA. The services enforce who may do what; a form
 * that fails is shown again with what was typed and the reason in words.
 */
@Controller
class PartnerPages {

    static final int CONTACT_ROWS = 3;

    private final PartnerRegister register;
    private final Ndas ndas;
    private final PartnerAccounts accounts;
    private final Employees employees;

    PartnerPages(PartnerRegister register, Ndas ndas, PartnerAccounts accounts, Employees employees) {
        this.register = register;
        this.ndas = ndas;
        this.accounts = accounts;
        this.employees = employees;
    }

    /** The partner form as posted; contacts are parallel lists of rows. */
    record Form(@Nullable String nameZh, @Nullable String nameEn, @Nullable PartnerType type, @Nullable String country,
            @Nullable List<String> contactName, @Nullable List<String> contactPhone, @Nullable List<String> contactEmail,
            @Nullable String riskNotes, @Nullable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate reassessOn,
            @Nullable UUID managerId, @Nullable Boolean active, @Nullable Integer version) {

        static Form of(PartnerDetails p) {
            List<String> names = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            for (PartnerContact c : p.contacts()) {
                names.add(c.name());
                phones.add(c.phone() == null ? "" : c.phone());
                emails.add(c.email() == null ? "" : c.email());
            }
            return new Form(p.nameZh(), p.nameEn(), p.type(), p.country(), names, phones, emails, p.riskNotes(),
                    p.reassessOn(), p.managerId(), p.active(), p.version());
        }

        static Form blank(LocalDate today) {
            return new Form("", "", null, "", List.of(), List.of(), List.of(), "", today.plusYears(1), null, true, null);
        }

        PartnerForm toPartnerForm() {
            List<PartnerContact> contacts = new ArrayList<>();
            for (int i = 0; i < rows(); i++) {
                contacts.add(new PartnerContact(at(contactName, i), at(contactPhone, i), at(contactEmail, i)));
            }
            return new PartnerForm(nameZh == null ? "" : nameZh, nameEn == null ? "" : nameEn, type,
                    country == null ? "" : country, contacts, riskNotes, reassessOn, managerId, Boolean.TRUE.equals(active));
        }

        /** Rows to show: those filled in, and empty ones up to {@link #CONTACT_ROWS}. */
        public int rows() {
            int filled = Math.max(size(contactName), Math.max(size(contactPhone), size(contactEmail)));
            return Math.min(PartnerRegister.MAX_CONTACTS + 1, Math.max(CONTACT_ROWS, filled));
        }

        public String contact(String part, int i) {
            return at("name".equals(part) ? contactName : "phone".equals(part) ? contactPhone : contactEmail, i);
        }

        private static int size(@Nullable List<String> list) {
            return list == null ? 0 : list.size();
        }

        private static String at(@Nullable List<String> list, int i) {
            return list == null || i >= list.size() || list.get(i) == null ? "" : list.get(i);
        }
    }

    record NdaForm(@Nullable String version, @Nullable String signatory,
            @Nullable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate signedOn,
            @Nullable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn) {

        static NdaForm blank() {
            return new NdaForm("", "", null, null);
        }
    }

    record UserForm(@Nullable String username, @Nullable String displayName, @Nullable String email) {

        static UserForm blank() {
            return new UserForm("", "", "");
        }
    }

    @GetMapping("/sharing/partners")
    String list(Model model) {
        model.addAttribute("partners", register.list());
        model.addAttribute("managers", managerNames());
        model.addAttribute("countryNames", countryNames());
        return "sharing/partners";
    }

    @GetMapping("/sharing/partners/new")
    String newForm(@AuthenticationPrincipal CustosUser me, Model model) {
        requireOfficer(me);
        return form(model, Form.blank(register.today()), null);
    }

    @PostMapping("/sharing/partners")
    String create(@ModelAttribute("form") Form form, BindingResult binding, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            binding.reject("sharing.partner.form.invalid");
            return form(model, form, null);
        }
        try {
            PartnerDetails created = register.create(form.toPartnerForm(), me);
            redirect.addFlashAttribute("notice", "sharing.partner.created");
            return "redirect:/sharing/partners/" + created.id();
        } catch (DomainException e) {
            binding.reject(e.messageKey(), e.args(), e.code());
            return form(model, form, null);
        }
    }

    @GetMapping("/sharing/partners/{id}")
    String detail(@PathVariable UUID id, Model model) {
        return detail(model, register.get(id), NdaForm.blank(), UserForm.blank());
    }

    @GetMapping("/sharing/partners/{id}/edit")
    String edit(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        requireOfficer(me);
        PartnerDetails partner = register.get(id);
        return form(model, Form.of(partner), partner);
    }

    @PostMapping("/sharing/partners/{id}")
    String update(@PathVariable UUID id, @ModelAttribute("form") Form form, BindingResult binding,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        PartnerDetails partner = register.get(id);
        if (binding.hasErrors() || form.version() == null) {
            binding.reject("sharing.partner.form.invalid");
            return form(model, form, partner);
        }
        try {
            register.update(id, form.version(), form.toPartnerForm(), me);
            redirect.addFlashAttribute("notice", "sharing.partner.saved");
            return "redirect:/sharing/partners/" + id;
        } catch (DomainException e) {
            binding.reject(e.messageKey(), e.args(), e.code());
            return form(model, form, partner);
        }
    }

    @PostMapping("/sharing/partners/{id}/ndas")
    String fileNda(@PathVariable UUID id, @ModelAttribute("ndaForm") NdaForm form, BindingResult binding,
            @RequestParam(required = false) @Nullable MultipartFile file, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) throws IOException {
        PartnerDetails partner = register.get(id);
        String problem = file(new Recipient(RecipientType.PARTNER, id), form, binding, file, me);
        if (problem != null) {
            model.addAttribute("ndaProblem", problem);
            return detail(model, partner, form, UserForm.blank());
        }
        redirect.addFlashAttribute("notice", "sharing.nda.filed");
        return "redirect:/sharing/partners/" + id;
    }

    @PostMapping("/sharing/partners/{id}/users")
    String createUser(@PathVariable UUID id, @ModelAttribute("userForm") UserForm form,
            @AuthenticationPrincipal CustosUser me, Model model) {
        PartnerDetails partner = register.get(id);
        try {
            IssuedCredential credential = accounts.create(id, new PartnerAccounts.NewPartnerUser(
                    form.username() == null ? "" : form.username(),
                    form.displayName() == null ? "" : form.displayName(), form.email()), me);
            model.addAttribute("credential", credential);
            model.addAttribute("partner", partner);
            return "sharing/credential";
        } catch (DomainException e) {
            model.addAttribute("userProblem", e);
            return detail(model, partner, NdaForm.blank(), form);
        }
    }

    @GetMapping("/sharing/ndas/{id}/file")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return PartnerApi.attachment(ndas.download(id, me));
    }

    // ---- departments ----

    @GetMapping("/sharing/departments")
    String departments(Model model) {
        model.addAttribute("departments", ndas.departments());
        return "sharing/departments";
    }

    @GetMapping("/sharing/departments/{id}")
    String department(@PathVariable UUID id, Model model) {
        return department(model, id, NdaForm.blank());
    }

    @PostMapping("/sharing/departments/{id}/nda-requirement")
    String requireNda(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean required,
            @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        ndas.requireNda(id, required, me);
        redirect.addFlashAttribute("notice", "sharing.department.saved");
        return "redirect:/sharing/departments/" + id;
    }

    @PostMapping("/sharing/departments/{id}/ndas")
    String fileDepartmentNda(@PathVariable UUID id, @ModelAttribute("ndaForm") NdaForm form, BindingResult binding,
            @RequestParam(required = false) @Nullable MultipartFile file, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) throws IOException {
        ndas.department(id);
        String problem = file(new Recipient(RecipientType.DEPARTMENT, id), form, binding, file, me);
        if (problem != null) {
            model.addAttribute("ndaProblem", problem);
            return department(model, id, form);
        }
        redirect.addFlashAttribute("notice", "sharing.nda.filed");
        return "redirect:/sharing/departments/" + id;
    }

    // ---- helpers ----

    /** @return the message key of what went wrong, or null once filed */
    private @Nullable String file(Recipient recipient, NdaForm form, BindingResult binding,
            @Nullable MultipartFile file, CustosUser me) throws IOException {
        if (binding.hasErrors()) {
            return "problem.validation-failed.detail";
        }
        try {
            if (file == null || file.isEmpty()) {
                throw DomainException.unprocessable("nda-file-required", Map.of("field", "file"));
            }
            if (file.getSize() > ndas.maxBytes()) {
                throw DomainException.unprocessable("nda-file-too-large", Map.of("field", "file"),
                        ndas.maxBytes() / (1024 * 1024));
            }
            ndas.file(recipient, new NewNda(form.version() == null ? "" : form.version(),
                    form.signatory() == null ? "" : form.signatory(), form.signedOn(), form.expiresOn()),
                    file.getOriginalFilename(), file.getContentType(), file.getBytes(), me);
            return null;
        } catch (DomainException e) {
            binding.reject(e.messageKey(), e.args(), e.code());
            return e.messageKey();
        }
    }

    private String detail(Model model, PartnerDetails partner, NdaForm ndaForm, UserForm userForm) {
        Recipient recipient = new Recipient(RecipientType.PARTNER, partner.id());
        model.addAttribute("partner", partner);
        model.addAttribute("ndas", ndas.of(recipient));
        model.addAttribute("inForce", ndas.inForceNow(recipient).orElse(null));
        model.addAttribute("users", accounts.users(partner.id()));
        model.addAttribute("managers", managerNames());
        model.addAttribute("countryNames", countryNames());
        model.addAttribute("ndaForm", ndaForm);
        model.addAttribute("userForm", userForm);
        model.addAttribute("maxMegabytes", ndas.maxBytes() / (1024 * 1024));
        return "sharing/partner";
    }

    private String department(Model model, UUID id, NdaForm form) {
        model.addAttribute("department", ndas.department(id));
        model.addAttribute("ndas", ndas.of(new Recipient(RecipientType.DEPARTMENT, id)));
        model.addAttribute("ndaForm", form);
        model.addAttribute("maxMegabytes", ndas.maxBytes() / (1024 * 1024));
        return "sharing/department";
    }

    private String form(Model model, Form form, @Nullable PartnerDetails partner) {
        model.addAttribute("form", form);
        model.addAttribute("partner", partner);
        model.addAttribute("types", PartnerType.values());
        model.addAttribute("managerChoices", register.possibleManagers());
        model.addAttribute("countries", countries(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        return "sharing/partner-form";
    }

    private Map<UUID, String> managerNames() {
        Map<UUID, String> names = new java.util.HashMap<>();
        for (EmployeeView e : employees.current()) {
            names.put(e.id(), e.displayName());
        }
        return names;
    }

    private static Map<String, String> countryNames() {
        Map<String, String> names = new java.util.HashMap<>();
        countries(org.springframework.context.i18n.LocaleContextHolder.getLocale())
                .forEach(e -> names.put(e.getKey(), e.getValue()));
        return names;
    }

    /** Country codes with their names in the page's language, by name. */
    static List<Map.Entry<String, String>> countries(Locale locale) {
        Locale display = "zh".equals(locale.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        return java.util.Arrays.stream(Locale.getISOCountries())
                .map(c -> Map.entry(c, new Locale("", c).getDisplayCountry(display)))
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> e.getValue(),
                        java.text.Collator.getInstance(display)))
                .toList();
    }

    private static void requireOfficer(CustosUser me) {
        if (!me.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("forbidden", org.springframework.http.HttpStatus.FORBIDDEN);
        }
    }
}
