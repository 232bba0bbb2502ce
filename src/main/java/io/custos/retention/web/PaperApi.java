package io.custos.retention.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.custos.identity.CustosUser;
import io.custos.retention.PaperDestructionStatus;
import io.custos.retention.PaperDestructions;
import io.custos.retention.PaperMethod;
import io.custos.retention.PaperRecords;
import io.custos.retention.PaperStatus;
import io.custos.retention.PaperType;
import io.custos.retention.PaperViews;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The paper register over HTTP (R-DEL-3, R-DEL-4, issue 16.6): documents holding customer data,
 * check-out and return, destruction orders (one document at {@code /paper-records/{id}/destruction},
 * several of one department at {@code /paper-records/destructions}), approvals, photographs, execution
 * and the certificate. Who sees and may do what is decided by the services: a record or order the
 * caller does not see answers 404.
 */
@RestController
@Tag(name = "Paper records")
class PaperApi {

    private final PaperRecords records;
    private final PaperDestructions destructions;

    PaperApi(PaperRecords records, PaperDestructions destructions) {
        this.records = records;
        this.destructions = destructions;
    }

    record CheckOutJson(@Nullable UUID holderId, @Nullable String purpose, @Nullable LocalDate expectedReturnOn) {
        @Override
        public String toString() {
            return "CheckOut";
        }
    }

    record OrderJson(@Nullable PaperMethod method, @Nullable String contractor, @Nullable UUID witnessId,
            @Nullable LocalDate plannedOn, @Nullable String reason) {
        @Override
        public String toString() {
            return "Order[method=" + method + "]";
        }
    }

    record OrdersJson(@Nullable List<UUID> recordIds, @Nullable PaperMethod method, @Nullable String contractor,
            @Nullable UUID witnessId, @Nullable LocalDate plannedOn, @Nullable String reason) {
        @Override
        public String toString() {
            return "Orders[method=" + method + "]";
        }
    }

    record ReasonJson(@Nullable String reason) {
        @Override
        public String toString() {
            return "Reason";
        }
    }

    record ExecutionJson(@Nullable Instant executedAt, @Nullable UUID witnessId) {
    }

    record StatusJson(PaperDestructionStatus status) {
    }

    record PhotoJson(UUID id) {
    }

    @PostMapping("/api/v1/paper-records")
    @Operation(summary = "Register a document holding customer data",
            description = "type (CONTRACT, FORM, PRINTOUT, BUSINESS_CARD, OTHER), title, description, location, "
                    + "custodianId (a current member of staff: yourself as an employee, someone of your department as "
                    + "its head, anyone as administration officer), customerIds (1-500 live customers).")
    ResponseEntity<PaperViews.Record> register(@RequestBody PaperRecords.NewRecord body,
            @AuthenticationPrincipal CustosUser me) {
        UUID id = records.register(body, me);
        return ResponseEntity.created(URI.create("/api/v1/paper-records/" + id)).body(records.view(id, me));
    }

    @GetMapping("/api/v1/paper-records")
    @Operation(summary = "The register as you may see it (newest first, at most 500)",
            description = "Administration officers and auditors see every department; a department head their "
                    + "department; others the documents they keep or hold.")
    List<PaperViews.Summary> list(@RequestParam(required = false) @Nullable PaperType type,
            @RequestParam(required = false) @Nullable PaperStatus status,
            @RequestParam(required = false) @Nullable UUID departmentId,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false, defaultValue = "false") boolean overdue,
            @AuthenticationPrincipal CustosUser me) {
        return records.list(new PaperViews.Filter(type, status, departmentId, q, overdue), me);
    }

    @GetMapping("/api/v1/paper-records/{id}")
    PaperViews.Record view(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return records.view(id, me);
    }

    @PostMapping("/api/v1/paper-records/{id}/check-out")
    @Operation(summary = "Record that a document was taken out (holder, purpose, expected return day)")
    PaperViews.Record checkOut(@PathVariable UUID id, @RequestBody CheckOutJson body,
            @AuthenticationPrincipal CustosUser me) {
        records.checkOut(id, body.holderId(), body.purpose(), body.expectedReturnOn(), me);
        return records.view(id, me);
    }

    @PostMapping("/api/v1/paper-records/{id}/return")
    @Operation(summary = "Record that a document is back in its place")
    PaperViews.Record giveBack(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        records.giveBack(id, me);
        return records.view(id, me);
    }

    @PostMapping("/api/v1/paper-records/{id}/destruction")
    @Operation(summary = "Order the destruction of one document",
            description = "method (SHREDDING, BURNING, PULPING, CONTRACTOR with contractor), witnessId (not you), "
                    + "plannedOn, reason. 409 legal-hold when a customer it concerns is under a legal hold; 409 "
                    + "paper-record-checked-out until it is returned.")
    ResponseEntity<PaperViews.Destruction> orderOne(@PathVariable UUID id, @RequestBody OrderJson body,
            @AuthenticationPrincipal CustosUser me) {
        return created(destructions.order(new PaperDestructions.NewOrder(List.of(id), body.method(), body.contractor(),
                body.witnessId(), body.plannedOn(), body.reason()), me), me);
    }

    @PostMapping("/api/v1/paper-records/destructions")
    @Operation(summary = "Order the destruction of several documents of one department (at most 64)")
    ResponseEntity<PaperViews.Destruction> order(@RequestBody OrdersJson body, @AuthenticationPrincipal CustosUser me) {
        return created(destructions.order(new PaperDestructions.NewOrder(body.recordIds(), body.method(),
                body.contractor(), body.witnessId(), body.plannedOn(), body.reason()), me), me);
    }

    @GetMapping("/api/v1/paper-records/destructions")
    @Operation(summary = "Open destruction orders (pending or approved) you may see")
    List<PaperViews.DestructionSummary> open(@AuthenticationPrincipal CustosUser me) {
        return destructions.open(me);
    }

    @GetMapping("/api/v1/paper-records/destructions/{id}")
    PaperViews.Destruction destruction(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return destructions.view(id, me);
    }

    @PostMapping("/api/v1/paper-records/destructions/{id}/approvals")
    @Operation(summary = "Approve: the head step (a head of the department) or the administration step",
            description = "Never the one who ordered it (403 paper-own-order), never one person for both steps "
                    + "(403 paper-approver-twice); a step already taken answers 409 paper-step-taken.")
    StatusJson approve(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return new StatusJson(destructions.approve(id, me));
    }

    @PostMapping("/api/v1/paper-records/destructions/{id}/rejection")
    @Operation(summary = "Send a pending order back with a reason (someone who could approve it)")
    ResponseEntity<Void> reject(@PathVariable UUID id, @RequestBody ReasonJson body,
            @AuthenticationPrincipal CustosUser me) {
        destructions.reject(id, body.reason(), me);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/paper-records/destructions/{id}/cancellation")
    @Operation(summary = "Withdraw an order not yet executed (the one who ordered it, or administration)")
    ResponseEntity<Void> cancel(@PathVariable UUID id, @RequestBody ReasonJson body,
            @AuthenticationPrincipal CustosUser me) {
        destructions.cancel(id, body.reason(), me);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/v1/paper-records/destructions/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add a photograph of the destruction (part 'photo': JPEG or PNG by content, at most 5 MB)")
    ResponseEntity<PhotoJson> addPhoto(@PathVariable UUID id, @RequestParam(required = false) @Nullable MultipartFile photo,
            @AuthenticationPrincipal CustosUser me) throws IOException {
        UUID photoId = destructions.addPhoto(id, PaperPages.bytes(photo), me);
        return ResponseEntity.created(URI.create("/api/v1/paper-records/destructions/" + id + "/photos/" + photoId))
                .body(new PhotoJson(photoId));
    }

    @GetMapping("/api/v1/paper-records/destructions/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(@PathVariable UUID id, @PathVariable UUID photoId,
            @AuthenticationPrincipal CustosUser me) {
        return PaperPages.image(destructions.photo(id, photoId, me));
    }

    @PostMapping("/api/v1/paper-records/destructions/{id}/execution")
    @Operation(summary = "Record that the approved order was carried out (time, witness not you; a photograph first)")
    PaperViews.Destruction execute(@PathVariable UUID id, @RequestBody ExecutionJson body,
            @AuthenticationPrincipal CustosUser me) {
        destructions.execute(id, body.executedAt(), body.witnessId(), me);
        return destructions.view(id, me);
    }

    @GetMapping("/api/v1/paper-records/destructions/{id}/certificate")
    @Operation(summary = "The certificate of an executed order as PDF (lang=zh-CN or en)")
    ResponseEntity<byte[]> certificate(@PathVariable UUID id, @RequestParam(required = false) @Nullable String lang,
            @AuthenticationPrincipal CustosUser me) {
        PaperViews.Destruction d = destructions.view(id, me);
        return PaperPages.pdf(destructions.certificate(id, language(lang), me), d.number());
    }

    static Locale language(@Nullable String lang) {
        if (lang == null || lang.isBlank()) {
            return LocaleContextHolder.getLocale();
        }
        return switch (lang) {
            case "zh-CN", "zh" -> Locale.SIMPLIFIED_CHINESE;
            case "en" -> Locale.ENGLISH;
            default -> throw DomainException.unprocessable("certificate-language-unknown", Map.of("field", "lang"));
        };
    }

    private ResponseEntity<PaperViews.Destruction> created(UUID id, CustosUser me) {
        return ResponseEntity.created(URI.create("/api/v1/paper-records/destructions/" + id))
                .body(destructions.view(id, me));
    }

    static ResponseEntity<byte[]> attachment(byte[] content, MediaType type, String fileName) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build()
                        .toString())
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(content);
    }
}
