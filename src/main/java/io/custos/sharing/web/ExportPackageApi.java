package io.custos.sharing.web;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.sharing.ExportPackageView;
import io.custos.sharing.ExportPackages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Export packages and watermark look-ups over HTTP (issue 15.5, R-USE-4, R-USE-5, R-X-2). */
@RestController
@RequestMapping("/api/v1/sharing")
@Tag(name = "Sharing")
class ExportPackageApi {

    private final ExportPackages packages;

    ExportPackageApi(ExportPackages packages) {
        this.packages = packages;
    }

    /** The filters of the customer list (phone, e-mail and ID number only ever in this body), fields, purpose, why. */
    record RequestBodyJson(@Nullable String name, @Nullable String phone, @Nullable String email,
            @Nullable String idNumber, @Nullable List<String> fields, @Nullable String purpose,
            @Nullable String justification, @Nullable UUID grantId) {
        @Override
        public String toString() {
            return "RequestBodyJson[purpose=" + purpose + "]";
        }
    }

    record DecisionBody(ExportPackages.@Nullable Decision decision, @Nullable String reason) {
    }

    @PostMapping("/exports")
    @Operation(summary = "Request an export package (any export of more customers than the approval threshold)",
            description = "The customers the filters find for you now are fixed in the package; the head of your "
                    + "department approves it (management when you head it). With `grantId` (a grant you receive, "
                    + "active now): the grant's customers and purpose, fields among the granted ones, approved by "
                    + "the head of the department that requested the grant. 201 with the package.")
    ResponseEntity<ExportPackageView> request(@RequestBody RequestBodyJson body, @AuthenticationPrincipal CustosUser me) {
        ExportPackageView view = packages.request(new ExportPackages.ExportRequest(body.name(), body.phone(),
                body.email(), body.idNumber(), body.fields() == null ? List.of() : body.fields(), body.purpose(),
                body.justification(), body.grantId()), me);
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @GetMapping("/exports")
    @Operation(summary = "The packages you requested")
    List<ExportPackageView> mine(@AuthenticationPrincipal CustosUser me) {
        return packages.mine(me);
    }

    @GetMapping("/exports/to-decide")
    @Operation(summary = "The pending packages you may approve or refuse")
    List<ExportPackageView> toDecide(@AuthenticationPrincipal CustosUser me) {
        return packages.toDecide(me);
    }

    @GetMapping("/exports/{id}")
    @Operation(summary = "One package (its requester and its approvers; 404 for anyone else)")
    ExportPackageView one(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return packages.find(id, me);
    }

    @PostMapping("/exports/{id}/decisions")
    @Operation(summary = "Approve or refuse a pending package (a refusal needs a reason)",
            description = "403 export-self-approval for its requester, 403 export-not-approver for anyone else who "
                    + "sees it, 409 export-package-state once it is decided or withdrawn.")
    ExportPackageView decide(@PathVariable UUID id, @RequestBody DecisionBody body,
            @AuthenticationPrincipal CustosUser me) {
        return packages.decide(id, body.decision(), body.reason(), me);
    }

    @PostMapping("/exports/{id}/withdrawal")
    @Operation(summary = "Withdraw your pending package")
    ExportPackageView withdraw(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return packages.withdraw(id, me);
    }

    @GetMapping("/exports/{id}/file")
    @Operation(summary = "Download an approved package: a new encrypted, watermarked Excel file",
            description = "Each call is a new file with its own watermark code and password, recorded before it is "
                    + "sent. The password is not in this answer: POST /exports/{id}/password, once. Only the "
                    + "requester (404 for anyone else); 409 export-package-not-approved unless approved.")
    ResponseEntity<byte[]> file(@PathVariable UUID id, Locale locale, @AuthenticationPrincipal CustosUser me) {
        return PackageFiles.send(packages.download(id, locale, me));
    }

    record PasswordBody(UUID downloadId, String password) {
        @Override
        public String toString() {
            return "PasswordBody[download=" + downloadId + "]";
        }
    }

    @PostMapping("/exports/{id}/password")
    @Operation(summary = "The password of your latest download of the package, once",
            description = "409 export-password-unavailable when it was already shown, nothing was downloaded, or "
                    + "it expired (download again).")
    ResponseEntity<PasswordBody> password(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        ExportPackages.ShownPassword shown = packages.password(id, me);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new PasswordBody(shown.downloadId(), shown.password()));
    }

    @PostMapping("/exports/destructions/{destructionId}/confirmation")
    @Operation(summary = "Confirm that the copies you downloaded under an ended grant are destroyed",
            description = "Only the person asked (404 for anyone else); 409 export-destruction-confirmed the second time.")
    ResponseEntity<Void> confirmDestruction(@PathVariable UUID destructionId, @AuthenticationPrincipal CustosUser me) {
        packages.confirmDestruction(destructionId, me);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/watermarks/{code}")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'ADMIN_OFFICER')")
    @Operation(summary = "Who downloaded the file carrying this watermark code, when, of which package",
            description = "Security administrators, auditors and the administration officer; every look-up is "
                    + "recorded. 404 for an unknown code.")
    ExportPackages.WatermarkTrace watermark(@PathVariable String code, @AuthenticationPrincipal CustosUser me) {
        return packages.trace(code, me);
    }
}
