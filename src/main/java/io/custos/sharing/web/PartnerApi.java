package io.custos.sharing.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.IssuedCredential;
import io.custos.identity.PartnerAccounts;
import io.custos.sharing.NdaView;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The partner register's API (issue 15.1, 15.2, 15.4): partners and their NDAs and users for the
 * administration officer (the services enforce the roles), the NDA acceptance for partners' users.
 */
@RestController
@Tag(name = "Partners")
class PartnerApi {

    private final PartnerRegister register;
    private final Ndas ndas;
    private final PartnerAccounts accounts;

    PartnerApi(PartnerRegister register, Ndas ndas, PartnerAccounts accounts) {
        this.register = register;
        this.ndas = ndas;
        this.accounts = accounts;
    }

    record Partner(@Nullable String nameZh, @Nullable String nameEn, @Nullable PartnerType type,
            @Nullable String country, @Nullable List<PartnerContact> contacts, @Nullable String riskNotes,
            @Nullable LocalDate reassessOn, @Nullable UUID managerId, @Nullable Boolean active,
            @Nullable Integer version) {

        PartnerForm form() {
            return new PartnerForm(nameZh == null ? "" : nameZh, nameEn == null ? "" : nameEn, type,
                    country == null ? "" : country, contacts == null ? List.of() : contacts, riskNotes, reassessOn,
                    managerId, active == null || active);
        }
    }

    record NewUser(@Nullable String username, @Nullable String displayName, @Nullable String email) {
    }

    /**
     * Where the single-use link to the one-time password went: {@code mailedTo} (masked) when it was
     * mailed, else {@code link} for the officer to hand over in person. The password itself is never
     * in this answer (issue 24.4).
     */
    record Credential(UUID id, String username, @Nullable String mailedTo, @Nullable String link,
            @Nullable Instant expiresAt) {
        static Credential of(IssuedCredential c) {
            io.custos.identity.CredentialLinks.Delivery d = java.util.Objects.requireNonNull(c.delivery());
            return new Credential(c.employeeId(), c.username(), d.mailedTo(), d.link(), d.expiresAt());
        }

        @Override
        public String toString() {
            return "Credential[id=" + id + "]";
        }
    }

    record PartnerUser(UUID id, String username, String displayName, @Nullable String email, String status,
            boolean locked, @Nullable Instant lastLoginAt) {
        static PartnerUser of(EmployeeView e) {
            return new PartnerUser(e.id(), e.username(), e.displayName(), e.email(), e.status().name(), e.locked(),
                    e.lastLoginAt());
        }
    }

    record Acceptance(@Nullable UUID ndaId) {
    }

    record Accepted(UUID ndaId, Instant acceptedAt) {
    }

    @GetMapping("/api/v1/partners")
    @Operation(summary = "The partner register (administration officer, management, auditors)")
    List<PartnerDetails> list() {
        return register.list();
    }

    @PostMapping("/api/v1/partners")
    @Operation(summary = "Create a partner (administration officer)")
    ResponseEntity<PartnerDetails> create(@RequestBody Partner request, @AuthenticationPrincipal CustosUser me) {
        PartnerDetails created = register.create(request.form(), me);
        return ResponseEntity.created(URI.create("/api/v1/partners/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/partners/{id}")
    @Operation(summary = "A partner; a partner's user reads only their own organisation")
    PartnerDetails get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return register.visibleTo(me, id);
    }

    @PutMapping("/api/v1/partners/{id}")
    @Operation(summary = "Change a partner (administration officer); version is the one read")
    PartnerDetails update(@PathVariable UUID id, @RequestBody Partner request, @AuthenticationPrincipal CustosUser me) {
        if (request.version() == null) {
            throw DomainException.unprocessable("version-required", java.util.Map.of("field", "version"));
        }
        return register.update(id, request.version(), request.form(), me);
    }

    @GetMapping("/api/v1/partners/{id}/ndas")
    List<NdaView> ndas(@PathVariable UUID id) {
        return ndas.of(new Recipient(RecipientType.PARTNER, id));
    }

    @PostMapping(path = "/api/v1/partners/{id}/ndas", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "File a partner's NDA with its scan (PDF, PNG or JPEG, checked by content)")
    ResponseEntity<NdaView> fileNda(@PathVariable UUID id, @RequestParam(required = false) @Nullable String version,
            @RequestParam(required = false) @Nullable String signatory,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate signedOn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate expiresOn,
            @RequestParam(required = false) @Nullable MultipartFile file, @AuthenticationPrincipal CustosUser me)
            throws IOException {
        NdaView nda = file(new Recipient(RecipientType.PARTNER, id), version, signatory, signedOn, expiresOn, file, me);
        return ResponseEntity.created(URI.create("/api/v1/sharing/ndas/" + nda.id() + "/file")).body(nda);
    }

    @PostMapping(path = "/api/v1/sharing/departments/{id}/ndas", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "File a department's NDA with its scan")
    ResponseEntity<NdaView> fileDepartmentNda(@PathVariable UUID id,
            @RequestParam(required = false) @Nullable String version,
            @RequestParam(required = false) @Nullable String signatory,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate signedOn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate expiresOn,
            @RequestParam(required = false) @Nullable MultipartFile file, @AuthenticationPrincipal CustosUser me)
            throws IOException {
        NdaView nda = file(new Recipient(RecipientType.DEPARTMENT, id), version, signatory, signedOn, expiresOn, file,
                me);
        return ResponseEntity.created(URI.create("/api/v1/sharing/ndas/" + nda.id() + "/file")).body(nda);
    }

    record Requirement(@Nullable Boolean required) {
    }

    @PutMapping("/api/v1/sharing/departments/{id}/nda-requirement")
    @Operation(summary = "Whether the department needs an NDA (administration officer)")
    ResponseEntity<Void> requireNda(@PathVariable UUID id, @RequestBody Requirement request,
            @AuthenticationPrincipal CustosUser me) {
        ndas.requireNda(id, Boolean.TRUE.equals(request.required()), me);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/sharing/ndas/{id}/file")
    @Operation(summary = "Download an NDA's scan (audited)")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return attachment(ndas.download(id, me));
    }

    @GetMapping("/api/v1/partners/{id}/users")
    List<PartnerUser> users(@PathVariable UUID id) {
        register.get(id);
        return accounts.users(id).stream().map(PartnerUser::of).toList();
    }

    @PostMapping("/api/v1/partners/{id}/users")
    @Operation(summary = "Create a partner user's account (administration officer); the one-time password goes by single-use link")
    ResponseEntity<Credential> createUser(@PathVariable UUID id, @RequestBody NewUser request,
            @AuthenticationPrincipal CustosUser me) {
        register.get(id);
        IssuedCredential credential = accounts.create(id, new PartnerAccounts.NewPartnerUser(
                request.username() == null ? "" : request.username(),
                request.displayName() == null ? "" : request.displayName(), request.email()), me);
        return ResponseEntity.created(URI.create("/api/v1/partners/" + id + "/users")).body(Credential.of(credential));
    }

    @GetMapping("/api/v1/partner/nda")
    @Operation(summary = "A partner's user: the NDA in force for their organisation and their acceptance")
    Ndas.PartnerUserNda myNda(@AuthenticationPrincipal CustosUser me) {
        return ndas.forPartnerUser(me);
    }

    @PostMapping("/api/v1/partner/nda/acceptance")
    @Operation(summary = "A partner's user accepts the NDA in force (the one named, as shown to them)")
    Accepted accept(@RequestBody Acceptance request, @AuthenticationPrincipal CustosUser me) {
        if (request.ndaId() == null) {
            throw DomainException.unprocessable("nda-required", java.util.Map.of("field", "ndaId"));
        }
        return new Accepted(request.ndaId(), ndas.accept(request.ndaId(), me));
    }

    private NdaView file(Recipient recipient, @Nullable String version, @Nullable String signatory,
            @Nullable LocalDate signedOn, @Nullable LocalDate expiresOn, @Nullable MultipartFile file, CustosUser me)
            throws IOException {
        if (file == null || file.isEmpty()) {
            throw DomainException.unprocessable("nda-file-required", java.util.Map.of("field", "file"));
        }
        if (file.getSize() > ndas.maxBytes()) {
            // Refused before the bytes are read into memory.
            throw DomainException.unprocessable("nda-file-too-large", java.util.Map.of("field", "file",
                    "maxBytes", ndas.maxBytes()), ndas.maxBytes() / (1024 * 1024));
        }
        return ndas.file(recipient, new NewNda(version == null ? "" : version, signatory == null ? "" : signatory,
                signedOn, expiresOn), file.getOriginalFilename(), file.getContentType(), file.getBytes(), me);
    }

    static ResponseEntity<byte[]> attachment(Ndas.Download download) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.nda().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.nda().fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(download.content());
    }
}
