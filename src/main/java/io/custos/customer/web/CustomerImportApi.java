package io.custos.customer.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.custos.consent.ConsentGrant;
import io.custos.customer.CustomerImport;
import io.custos.customer.ImportFormat;
import io.custos.customer.ImportMode;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Customer imports over HTTP: upload and start in one request, then poll the status. */
@RestController
@RequestMapping("/api/v1/customers/imports")
@Tag(name = "Customers")
class CustomerImportApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CustomerImport imports;

    CustomerImportApi(CustomerImport imports) {
        this.imports = imports;
    }

    record Started(UUID id, CustomerImport.Status status) {
    }

    record ImportResponse(UUID id, ImportFormat format, ImportMode mode, CustomerImport.Status status,
            @Nullable String failure, int totalRows, int processedRows, int created, int skipped,
            @Nullable Integer committedRow, List<CustomerImport.RowProblem> errors, int moreErrors, Instant requestedAt,
            @Nullable Instant startedAt, @Nullable Instant finishedAt) {
        static ImportResponse of(CustomerImport.ImportStatus s) {
            return new ImportResponse(s.id(), s.format(), s.mode(), s.status(), s.failure(), s.totalRows(),
                    s.processedRows(), s.created(), s.skipped(), s.committedRow(), s.errors(), s.moreErrors(),
                    s.requestedAt(), s.startedAt(), s.finishedAt());
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import customers from an .xlsx or CSV file",
            description = "Parts: file; mode ALL_OR_NOTHING or SKIP_INVALID; encoding of a CSV file, UTF-8 (default, "
                    + "with or without BOM) or GB18030; mapping, JSON of column index to field key, ownerUsername or "
                    + "ignore, e.g. {\"0\":\"companyName\",\"1\":\"phone\"} (without it, headings equal to a field's key "
                    + "or label are mapped and other columns ignored). The first sheet is read, its first row holds "
                    + "the headings. consent, JSON as for creating a customer ({\"noticeVersion\":1,\"purposes\":"
                    + "[\"SALES_FOLLOW_UP\"],\"sensitiveConsent\":false,\"thirdPartyConsent\":false,\"channel\":"
                    + "\"PAPER_FORM\"}), is the consent every customer of the file gave; it must cover each mapped "
                    + "field. Answers 202 with the import's id; the import runs in the background.")
    ResponseEntity<Started> start(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String mode,
            @RequestParam(required = false) @Nullable String encoding,
            @RequestParam(required = false) @Nullable String mapping,
            @RequestParam(required = false) @Nullable String consent,
            @AuthenticationPrincipal CustosUser me) throws IOException {
        ImportMode chosen = CustomerImport.mode(mode);
        Map<Integer, String> columns = mapping(mapping);
        ConsentGrant grant = consent(consent);
        CustomerImport.Upload upload = imports.stage(file.getOriginalFilename(), file.getSize(), file.getInputStream(),
                encoding, chosen, me);
        UUID id;
        try {
            id = imports.start(upload.stagingId(), columns, grant, me);
        } catch (RuntimeException e) {
            imports.discard(upload.stagingId(), me);
            throw e;
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/customers/imports/" + id))
                .body(new Started(id, CustomerImport.Status.QUEUED));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Progress and report of one of your imports",
            description = "errors lists up to 1,000 problems as row (as a spreadsheet numbers it, headings are row 1), "
                    + "field and reason code, never a value; moreErrors counts the rest. Someone else's import is a 404.")
    ImportResponse status(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return ImportResponse.of(imports.status(id, me));
    }

    /** {"0":"companyName",...} → column index → target; null without a mapping. */
    static @Nullable Map<Integer, String> mapping(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        Map<String, String> given;
        try {
            given = JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
        } catch (JacksonException e) {
            throw invalidMapping();
        }
        if (given == null) {
            throw invalidMapping();
        }
        Map<Integer, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            try {
                columns.put(Integer.valueOf(entry.getKey().strip()), entry.getValue());
            } catch (NumberFormatException e) {
                throw invalidMapping();
            }
        }
        return columns;
    }

    /** The consent as the customer API takes it: {"noticeVersion", "purposes", "sensitiveConsent", …}. */
    static @Nullable ConsentGrant consent(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, ConsentGrant.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw DomainException.unprocessable("import-consent-invalid", Map.of("field", "consent"));
        }
    }

    private static DomainException invalidMapping() {
        return DomainException.unprocessable("import-mapping-invalid", Map.of("field", "mapping"));
    }
}
