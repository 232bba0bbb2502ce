package io.custos.portal.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.custos.casework.CaseDetail;
import io.custos.casework.CaseEntry;
import io.custos.casework.CaseFile;
import io.custos.casework.CaseFiles;
import io.custos.casework.CaseOutcome;
import io.custos.casework.CaseStatus;
import io.custos.casework.CaseType;
import io.custos.casework.CaseView;
import io.custos.casework.Cases;
import io.custos.casework.EntryKind;
import io.custos.casework.NewCase;
import io.custos.portal.PortalCustomer;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The customer's requests, complaints and claims over the portal API (issue 19.3, 19.7): filed as
 * the signed-in customer, about themselves only. Another customer's case is 404. What staff wrote
 * to each other never reaches here; the reply does.
 */
@RestController
@RequestMapping("/api/portal/v1/requests")
@Tag(name = "Portal")
class PortalRequestsApi {

    private final Cases cases;
    private final CaseFiles files;

    PortalRequestsApi(Cases cases, CaseFiles files) {
        this.cases = cases;
        this.files = files;
    }

    record RequestJson(@Nullable CaseType type, @Nullable String text, @Nullable String fieldKey,
            @Nullable String correction, @Nullable BigDecimal amount) {

        @Override
        public String toString() {
            return "RequestJson[type=" + type + "]";
        }
    }

    record CaseJson(UUID id, String reference, CaseType type, CaseStatus status, LocalDate receivedOn, LocalDate dueOn,
            @Nullable CaseOutcome outcome, @Nullable Long amountFen, boolean recordsKept) {

        static CaseJson of(CaseView c) {
            return new CaseJson(c.id(), c.reference(), c.type(), c.status(), c.receivedOn(), c.dueOn(), c.outcome(),
                    c.amountFen(), c.legalHoldId() != null && c.open());
        }
    }

    record StepJson(Instant at, EntryKind kind, @Nullable String detail, @Nullable String text) {
    }

    record FileJson(UUID id, CaseFile.Kind kind, String name, String mediaType, long sizeBytes, Instant addedAt) {

        static FileJson of(CaseFile f) {
            return new FileJson(f.id(), f.kind(), f.fileName(), f.mediaType(), f.sizeBytes(), f.addedAt());
        }
    }

    record CaseDetailJson(CaseJson request, @Nullable String text, @Nullable String correction, @Nullable String replyZh,
            @Nullable String replyEn, List<StepJson> steps, List<FileJson> files) {
    }

    @PostMapping
    @Operation(summary = "File a request, complaint or compensation claim")
    ResponseEntity<CaseJson> file(@RequestBody RequestJson body, @AuthenticationPrincipal PortalCustomer me) {
        CaseView filed = cases.file(me.customerId(), new NewCase(me.customerId(), body.type(), null, null, body.text(),
                body.fieldKey(), body.correction(), body.amount()), me.actor());
        return ResponseEntity.created(URI.create("/api/portal/v1/requests/" + filed.id())).body(CaseJson.of(filed));
    }

    @GetMapping
    @Operation(summary = "The customer's own requests, complaints and claims, newest first")
    List<CaseJson> list(@AuthenticationPrincipal PortalCustomer me) {
        return cases.ofCustomer(me.customerId()).stream().map(CaseJson::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of them: status, due date, steps, the reply and the files")
    CaseDetailJson get(@PathVariable UUID id, @AuthenticationPrincipal PortalCustomer me) {
        CaseDetail detail = cases.forCustomer(me.customerId(), id);
        return new CaseDetailJson(CaseJson.of(detail.view()), detail.text(), detail.correction(), detail.replyZh(),
                detail.replyEn(), detail.entries().stream().map(PortalRequestsApi::step).toList(),
                files.of(id).stream().map(FileJson::of).toList());
    }

    @PostMapping(path = "/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add evidence to an open complaint or claim: PDF, JPEG or PNG, at most 5 MB")
    ResponseEntity<FileJson> evidence(@PathVariable UUID id, @RequestParam("file") @Nullable MultipartFile file,
            @AuthenticationPrincipal PortalCustomer me) throws IOException {
        if (file == null) {
            throw DomainException.unprocessable("case-file-required", Map.of("field", "file"));
        }
        CaseFile added = files.addEvidence(me.customerId(), id, file.getBytes(), me.actor());
        return ResponseEntity.created(URI.create("/api/portal/v1/requests/" + id + "/files/" + added.id()))
                .body(FileJson.of(added));
    }

    /** A file of the case; a delivered copy's password comes in the {@code Custos-File-Password} header. */
    @GetMapping("/{id}/files/{fileId}")
    @Operation(summary = "Download a file of the case (a delivered copy's password in the Custos-File-Password header)")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID fileId,
            @AuthenticationPrincipal PortalCustomer me) {
        CaseFile.Content content = files.forCustomer(me.customerId(), id, fileId);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.file().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(content.file().fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (content.password() != null) {
            response.header("Custos-File-Password", content.password());
        }
        return response.body(content.bytes());
    }

    private static StepJson step(CaseEntry e) {
        return new StepJson(e.at(), e.kind(), e.detail(), e.text());
    }
}
