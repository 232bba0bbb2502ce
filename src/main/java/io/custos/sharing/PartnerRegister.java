package io.custos.sharing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.PartnerStanding;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.TimeProperties;

/**
 * The partner register (issue 15.1, R-ORG-3): the administration officer creates and changes
 * partners; management and the auditors read them; a partner's own users see their organisation's
 * essentials and nothing of another partner (404). It answers the rest of sharing through
 * {@link Partners} and identity through {@link PartnerStanding} (an inactive partner's users are
 * signed out on their next request).
 * <p>
 * Dates: an NDA is in force from its signing day to its expiry day, both included, as days of the
 * company's time zone ({@code custos.time.zone}); an instant is turned into that day first.
 */
@Service
public class PartnerRegister implements Partners, PartnerStanding {

    private static final Logger log = LoggerFactory.getLogger(PartnerRegister.class);
    public static final int MAX_CONTACTS = 5;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final PartnerRepository partners;
    private final NdaRepository ndas;
    private final Employees employees;
    private final PartnerAudit audit;
    private final ZoneId zone;
    private final Clock clock;

    PartnerRegister(PartnerRepository partners, NdaRepository ndas, Employees employees, PartnerAudit audit,
            TimeProperties time, Clock clock) {
        this.partners = partners;
        this.ndas = ndas;
        this.employees = employees;
        this.audit = audit;
        this.zone = time.zone();
        this.clock = clock;
    }

    // ---- management (ADMIN_OFFICER) ----

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PartnerDetails create(PartnerForm form, CustosUser by) {
        PartnerForm clean = validate(form);
        UUID id = UUID.randomUUID();
        partners.insert(id, clean, by.id(), clock.instant());
        audit.record("sharing.partner.created", PartnerAudit.PARTNER, id, Map.of("type", clean.type().name(),
                "country", clean.country(), "manager", clean.managerId() == null ? "none" : clean.managerId(),
                "active", clean.active()));
        log.info("Partner {} created by {}", id, by.id());
        return partners.find(id).orElseThrow();
    }

    /** {@code expectedVersion}: the version the form was opened with; a change made meanwhile is a 409. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PartnerDetails update(UUID id, int expectedVersion, PartnerForm form, CustosUser by) {
        PartnerDetails before = partners.find(id).orElseThrow(DomainException::notFound);
        PartnerForm clean = validate(form);
        if (!partners.update(id, expectedVersion, clean, clock.instant())) {
            throw DomainException.conflict("partner-changed");
        }
        List<String> changed = changedFields(before, clean);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("partnerFields", changed);
        if (before.active() != clean.active()) {
            details.put("active", clean.active());
        }
        audit.record("sharing.partner.changed", PartnerAudit.PARTNER, id, details);
        log.info("Partner {} changed by {} (fields {})", id, by.id(), changed);
        return partners.find(id).orElseThrow();
    }

    // ---- reading ----

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public List<PartnerDetails> list() {
        return partners.findAll();
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public PartnerDetails get(UUID id) {
        return partners.find(id).orElseThrow(DomainException::notFound);
    }

    /**
     * A partner as this person may read it: readers of the register see all of it; a partner's user
     * sees their own organisation's public essentials (no risk notes, no manager) and, for any other
     * partner, the same 404 as for one that does not exist; anyone else is refused.
     */
    @Transactional(readOnly = true)
    public PartnerDetails visibleTo(CustosUser user, UUID id) {
        if (user.partner()) {
            if (!id.equals(user.partnerId())) {
                throw DomainException.notFound();
            }
            PartnerDetails p = partners.find(id).orElseThrow(DomainException::notFound);
            return new PartnerDetails(p.id(), p.nameZh(), p.nameEn(), p.type(), p.country(), p.contacts(), null,
                    p.reassessOn(), null, p.active(), p.version(), p.createdAt(), p.updatedAt());
        }
        if (!user.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR))) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return partners.find(id).orElseThrow(DomainException::notFound);
    }

    /** People who can be made a partner's manager: current members of staff, by name. */
    @Transactional(readOnly = true)
    public List<EmployeeView> possibleManagers() {
        return employees.current().stream().filter(e -> !e.partner())
                .sorted(Comparator.comparing(EmployeeView::displayName)).toList();
    }

    /** Today in the company's time zone. */
    public LocalDate today() {
        return day(clock.instant());
    }

    /** The day an instant falls on in the company's time zone: NDA dates are such days. */
    LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    // ---- Partners ----

    @Override
    @Transactional(readOnly = true)
    public Optional<PartnerSummary> find(UUID partnerId) {
        return partners.find(partnerId).map(PartnerDetails::summary);
    }

    @Override
    @Transactional(readOnly = true)
    public List<PartnerSummary> active() {
        return partners.findAll().stream().filter(PartnerDetails::active).map(PartnerDetails::summary).toList();
    }

    /**
     * For a partner: an NDA signed on or before the day of {@code at} and expiring on or after it, and
     * the partner active (an inactive partner receives nothing). For a department: true unless it is
     * flagged as needing one and has none in force that day.
     */
    @Override
    @Transactional(readOnly = true)
    public boolean ndaInForce(Recipient recipient, Instant at) {
        LocalDate day = day(at);
        if (recipient.type() == RecipientType.PARTNER) {
            return partners.active(recipient.id()) && ndas.inForce(recipient, day).isPresent();
        }
        return !ndas.departmentNeedsNda(recipient.id()) || ndas.inForce(recipient, day).isPresent();
    }

    /** The user is a current user of an active partner and accepted, by {@code at}, the NDA in force then. */
    @Override
    @Transactional(readOnly = true)
    public boolean ndaAcceptedBy(UUID partnerUserId, Instant at) {
        Optional<EmployeeView> user = employees.byId(partnerUserId);
        if (user.isEmpty() || user.get().partnerId() == null || user.get().status() == EmployeeStatus.DEPARTED) {
            return false;
        }
        UUID partnerId = Objects.requireNonNull(user.get().partnerId());
        if (!partners.active(partnerId)) {
            return false;
        }
        return ndas.inForce(new Recipient(RecipientType.PARTNER, partnerId), day(at))
                .flatMap(nda -> ndas.acceptedAt(nda.id(), partnerUserId))
                .filter(accepted -> !accepted.isAfter(at)).isPresent();
    }

    // ---- PartnerStanding ----

    @Override
    @Transactional(readOnly = true)
    public boolean activePartner(UUID partnerId) {
        return partners.active(partnerId);
    }

    // ---- validation ----

    private PartnerForm validate(PartnerForm form) {
        String nameZh = text(form.nameZh(), 200, "nameZh", "partner-name-required");
        String nameEn = text(form.nameEn(), 200, "nameEn", "partner-name-required");
        if (form.type() == null) {
            throw DomainException.unprocessable("partner-type-required", Map.of("field", "type"));
        }
        String country = form.country() == null ? "" : form.country().strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw DomainException.unprocessable("partner-country-invalid", Map.of("field", "country"));
        }
        List<PartnerContact> contacts = new ArrayList<>();
        for (PartnerContact c : form.contacts()) {
            String name = blankToNull(c.name());
            String phone = blankToNull(c.phone());
            String email = blankToNull(c.email());
            if (name == null && phone == null && email == null) {
                continue;
            }
            if (name == null || name.length() > 100 || hasControl(name)
                    || (phone != null && !phone.matches("[0-9+()\\- ]{5,40}"))
                    || (email != null && (email.length() > 254 || !email.matches("[^\\s@]+@[^\\s@]+\\.[^\\s@]+")))) {
                throw DomainException.unprocessable("partner-contact-invalid", Map.of("field", "contacts"));
            }
            contacts.add(new PartnerContact(name, phone, email));
        }
        if (contacts.size() > MAX_CONTACTS) {
            throw DomainException.unprocessable("partner-contact-invalid", Map.of("field", "contacts"));
        }
        String notes = blankToNull(form.riskNotes());
        if (notes != null && notes.length() > 2000) {
            throw DomainException.unprocessable("partner-risk-notes-too-long", Map.of("field", "riskNotes"));
        }
        if (form.reassessOn() == null) {
            throw DomainException.unprocessable("partner-reassessment-required", Map.of("field", "reassessOn"));
        }
        if (form.managerId() != null) {
            EmployeeView manager = employees.byId(form.managerId()).orElse(null);
            if (manager == null || manager.partner() || manager.status() == EmployeeStatus.DEPARTED) {
                throw DomainException.unprocessable("partner-manager-invalid", Map.of("field", "managerId"));
            }
        }
        return new PartnerForm(nameZh, nameEn, form.type(), country, contacts, notes, form.reassessOn(),
                form.managerId(), form.active());
    }

    private static String text(@Nullable String value, int max, String field, String code) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > max || hasControl(v)) {
            throw DomainException.unprocessable(code, Map.of("field", field));
        }
        return v;
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> changedFields(PartnerDetails before, PartnerForm after) {
        List<String> changed = new ArrayList<>();
        if (!before.nameZh().equals(after.nameZh())) {
            changed.add("nameZh");
        }
        if (!before.nameEn().equals(after.nameEn())) {
            changed.add("nameEn");
        }
        if (before.type() != after.type()) {
            changed.add("type");
        }
        if (!before.country().equals(after.country())) {
            changed.add("country");
        }
        if (!before.contacts().equals(after.contacts())) {
            changed.add("contacts");
        }
        if (!Objects.equals(before.riskNotes(), after.riskNotes())) {
            changed.add("riskNotes");
        }
        if (!before.reassessOn().equals(after.reassessOn())) {
            changed.add("reassessOn");
        }
        if (!Objects.equals(before.managerId(), after.managerId())) {
            changed.add("managerId");
        }
        if (before.active() != after.active()) {
            changed.add("active");
        }
        return changed;
    }
}
