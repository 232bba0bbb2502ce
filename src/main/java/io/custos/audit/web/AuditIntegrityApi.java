package io.custos.audit.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.audit.AuditArchive;
import io.custos.audit.AuditIntegrity;
import io.custos.audit.AuditVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Verification of the audit log and its public key, for AUDITOR and SECURITY_ADMIN (the service checks). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditIntegrityApi {

    private final AuditIntegrity integrity;
    private final AuditArchive archive;

    AuditIntegrityApi(AuditIntegrity integrity, AuditArchive archive) {
        this.integrity = integrity;
        this.archive = archive;
    }

    @GetMapping("/verify")
    @Operation(summary = "Walk every chain and checkpoint; valid, or the first broken event of each chain and why")
    AuditVerification verify() {
        return integrity.verify();
    }

    @PostMapping("/archives")
    @Operation(summary = "Archive events past their retention to signed files (AUDITOR)",
            description = "Moves, per chain, the events older than custos.audit.retention up to their last signed "
                    + "checkpoint into a signed archive file and leaves an anchor so the chain stays verifiable. "
                    + "Younger events are never touched.")
    List<AuditArchive.Archived> archive() {
        return archive.archiveExpired();
    }

    @GetMapping(value = "/public-key", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The public checkpoint key (Tink JSON keyset), to pin for offline verification")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"custos-audit-public-key.json\"")
                .body(integrity.publicKey());
    }
}
