package io.custos.sharing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * Confidentiality agreements of partners and of departments that need one (issue 15.2, R-USE-4):
 * the administration officer files them with the scanned file (a PDF, PNG or JPEG by its content,
 * at most {@code custos.sharing.nda-max-bytes}); readers of the register download them (audited);
 * a partner's users accept the one in force, once per version, before any customer data (15.4).
 */
@Service
@EnableConfigurationProperties(NdaProperties.class)
public class Ndas {

    private static final Logger log = LoggerFactory.getLogger(Ndas.class);
    private static final List<Role> READERS = List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR);

    private final NdaRepository ndas;
    private final PartnerRepository partners;
    private final PartnerRegister register;
    private final Employees employees;
    private final NdaFileCheck files;
    private final PartnerAudit audit;
    private final NdaProperties properties;
    private final Clock clock;

    Ndas(NdaRepository ndas, PartnerRepository partners, PartnerRegister register, Employees employees,
            NdaFileCheck files, PartnerAudit audit, NdaProperties properties, Clock clock) {
        this.ndas = ndas;
        this.partners = partners;
        this.register = register;
        this.employees = employees;
        this.files = files;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A file as downloaded: the agreement's record and its bytes. */
    public record Download(NdaView nda, byte[] content) {
    }

    /** What a partner's user sees of their organisation's agreement. */
    public record PartnerUserNda(PartnerSummary partner, @Nullable NdaView inForce, @Nullable Instant acceptedAt) {
    }

    /** A department with whether the company wants an NDA from it and the one in force. */
    public record DepartmentNda(DepartmentView department, boolean required, @Nullable NdaView inForce) {
    }

    public long maxBytes() {
        return properties.ndaMaxBytes().toBytes();
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public NdaView file(Recipient recipient, NewNda request, @Nullable String fileName, @Nullable String claimedType,
            byte[] content, CustosUser by) {
        requireRecipient(recipient);
        String version = required(request.version(), 40, "version", "nda-version-required");
        String signatory = required(request.signatory(), 100, "signatory", "nda-signatory-required");
        if (request.signedOn() == null) {
            throw DomainException.unprocessable("nda-signed-on-required", Map.of("field", "signedOn"));
        }
        if (request.expiresOn() == null) {
            throw DomainException.unprocessable("nda-expires-on-required", Map.of("field", "expiresOn"));
        }
        if (request.expiresOn().isBefore(request.signedOn())) {
            throw DomainException.unprocessable("nda-expiry-before-signing", Map.of("field", "expiresOn"));
        }
        if (request.signedOn().isAfter(register.day(clock.instant()))) {
            throw DomainException.unprocessable("nda-signed-in-future", Map.of("field", "signedOn"));
        }
        if (content.length > maxBytes()) {
            throw DomainException.unprocessable("nda-file-too-large", Map.of("field", "file",
                    "maxBytes", maxBytes()), maxBytes() / (1024 * 1024));
        }
        String detected;
        try {
            detected = files.check(content, fileName == null ? "" : fileName, claimedType);
        } catch (DomainException e) {
            audit.refused("sharing.nda.filed", PartnerAudit.targetType(recipient), recipient.id(),
                    Map.of("reason", e.code()));
            throw e;
        }
        if (ndas.versionTaken(recipient, version)) {
            throw new DomainException("nda-version-taken", HttpStatus.CONFLICT, Map.of("field", "version"));
        }
        NdaView nda = new NdaView(UUID.randomUUID(), recipient, version, signatory, request.signedOn(),
                request.expiresOn(), NdaFileCheck.safeName(fileName, detected), detected, content.length, by.id(),
                clock.instant());
        ndas.insert(nda, sha256(content), content);
        audit.record("sharing.nda.filed", PartnerAudit.targetType(recipient), recipient.id(), Map.of("nda", nda.id(),
                "format", NdaFileCheck.format(detected), "size", content.length));
        log.info("NDA {} filed for {} {} by {}", nda.id(), recipient.type(), recipient.id(), by.id());
        return nda;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public List<NdaView> of(Recipient recipient) {
        return ndas.of(recipient);
    }

    /** The agreement in force for the recipient at the instant (the day in the company's zone). */
    @Transactional(readOnly = true)
    public Optional<NdaView> inForce(Recipient recipient, Instant at) {
        return ndas.inForce(recipient, register.day(at));
    }

    @Transactional(readOnly = true)
    public Optional<NdaView> inForceNow(Recipient recipient) {
        return inForce(recipient, clock.instant());
    }

    /**
     * The file, for readers of the register, and for a partner's users their own organisation's
     * agreements (they accept what they can read); audited. Anyone else gets the 404 of a missing file.
     */
    @Transactional
    public Download download(UUID ndaId, CustosUser by) {
        NdaView nda = ndas.find(ndaId).orElseThrow(DomainException::notFound);
        boolean own = by.partner() && nda.recipient().type() == RecipientType.PARTNER
                && nda.recipient().id().equals(by.partnerId());
        if (!own && (by.partner() || !by.hasAnyRole(READERS))) {
            throw DomainException.notFound();
        }
        byte[] content = ndas.content(ndaId).orElseThrow(DomainException::notFound);
        audit.record("sharing.nda.downloaded", PartnerAudit.NDA, ndaId, Map.of(
                PartnerAudit.targetType(nda.recipient()), nda.recipient().id()));
        return new Download(nda, content);
    }

    /** The partner's user's view: their organisation, the agreement in force now and their acceptance of it. */
    @Transactional(readOnly = true)
    public PartnerUserNda forPartnerUser(CustosUser user) {
        if (!user.partner()) {
            throw DomainException.notFound();
        }
        UUID partnerId = java.util.Objects.requireNonNull(user.partnerId());
        PartnerSummary partner = register.find(partnerId).orElseThrow(DomainException::notFound);
        Optional<NdaView> nda = inForce(new Recipient(RecipientType.PARTNER, partnerId), clock.instant());
        Instant accepted = nda.flatMap(n -> ndas.acceptedAt(n.id(), user.id())).orElse(null);
        return new PartnerUserNda(partner, nda.orElse(null), accepted);
    }

    /**
     * The partner's user accepts the agreement in force now; {@code ndaId} is the one they were shown,
     * so a version filed meanwhile is not accepted unseen (409). Accepting twice changes nothing.
     */
    @Transactional
    public Instant accept(UUID ndaId, CustosUser user) {
        if (!user.partner()) {
            throw DomainException.notFound();
        }
        Recipient recipient = new Recipient(RecipientType.PARTNER, java.util.Objects.requireNonNull(user.partnerId()));
        // Stored as the database keeps it (microseconds), so "accepted by now" holds at this very instant.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        NdaView nda = inForce(recipient, now).orElseThrow(() -> DomainException.conflict("nda-not-in-force"));
        if (!nda.id().equals(ndaId)) {
            throw DomainException.conflict("nda-not-in-force");
        }
        if (ndas.accept(nda.id(), user.id(), now)) {
            audit.record("sharing.nda.accepted", PartnerAudit.NDA, nda.id(), Map.of("partner", recipient.id()));
            log.info("NDA {} accepted by partner user {}", nda.id(), user.id());
            return now;
        }
        return ndas.acceptedAt(nda.id(), user.id()).orElse(now);
    }

    // ---- departments ----

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public List<DepartmentNda> departments() {
        LocalDate today = register.day(clock.instant());
        return employees.departments().stream().map(d -> new DepartmentNda(d, ndas.departmentNeedsNda(d.id()),
                ndas.inForce(new Recipient(RecipientType.DEPARTMENT, d.id()), today).orElse(null))).toList();
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR')")
    public DepartmentNda department(UUID departmentId) {
        DepartmentView d = employees.department(departmentId).orElseThrow(DomainException::notFound);
        return new DepartmentNda(d, ndas.departmentNeedsNda(d.id()),
                inForce(new Recipient(RecipientType.DEPARTMENT, d.id()), clock.instant()).orElse(null));
    }

    /** Whether the company wants an NDA from the department before it receives others' customers. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public void requireNda(UUID departmentId, boolean required, CustosUser by) {
        employees.department(departmentId).orElseThrow(DomainException::notFound);
        if (ndas.departmentNeedsNda(departmentId) == required) {
            return;
        }
        ndas.setDepartmentNeedsNda(departmentId, required, by.id(), clock.instant());
        audit.record("sharing.department.nda-requirement-changed", PartnerAudit.DEPARTMENT, departmentId,
                Map.of("required", required));
        log.info("Department {} NDA requirement set to {} by {}", departmentId, required, by.id());
    }

    private void requireRecipient(Recipient recipient) {
        boolean exists = recipient.type() == RecipientType.PARTNER ? partners.find(recipient.id()).isPresent()
                : employees.department(recipient.id()).isPresent();
        if (!exists) {
            throw DomainException.notFound();
        }
    }

    private static String required(@Nullable String value, int max, String field, String code) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.unprocessable(code, Map.of("field", field));
        }
        return v;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
