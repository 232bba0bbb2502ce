package io.custos.customer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.keys.SealedScratchFile;
import io.custos.shared.DomainException;

/**
 * Importing customers from Excel (.xlsx) and CSV files (R-COL-3, R-STO-1, R-AUD-1). An upload is
 * read for its headings, a few sample rows and its row count, and waits, encrypted, for its column
 * mapping ({@link ImportStaging}); the import then runs in the background ({@link ImportRunner}),
 * checking every row by the registry's rules and writing customers the way
 * {@link CustomerRegistration#create} does, each with the consent the importer declares for the file,
 * one audit event per customer and one for the import. Its
 * progress and report (row, field, reason; never a value) are for the person who started it only.
 */
@Service
public class CustomerImport {

    /** The pseudo-field of a column holding each row's owner (login name). */
    public static final String OWNER_COLUMN = "ownerUsername";
    /** The pseudo-fields of columns holding the activity dates (issue 16, R-DEL-1), optional. */
    public static final String LAST_CONTACT_COLUMN = CustomerRegistration.LAST_CONTACT;
    public static final String LAST_TRANSACTION_COLUMN = CustomerRegistration.LAST_TRANSACTION;
    /** The mapping target of a column that is not imported. */
    public static final String IGNORE = "ignore";
    static final int SAMPLE_ROWS = 5;
    private static final int SAMPLE_LENGTH = 60;
    /** Headings that name the owner column besides its key. */
    private static final Set<String> OWNER_HEADINGS = Set.of("owner", "负责人", "owner (login name)", "负责人（登录名）");
    /** Headings that name the activity date columns besides their keys (lower case). */
    private static final Map<String, String> DATE_HEADINGS = Map.of("last contact", LAST_CONTACT_COLUMN, "最近联系",
            LAST_CONTACT_COLUMN, "last transaction", LAST_TRANSACTION_COLUMN, "最近交易", LAST_TRANSACTION_COLUMN,
            LAST_CONTACT_COLUMN.toLowerCase(Locale.ROOT), LAST_CONTACT_COLUMN,
            LAST_TRANSACTION_COLUMN.toLowerCase(Locale.ROOT), LAST_TRANSACTION_COLUMN);

    private final ImportStaging staging;
    private final ImportSlots slots;
    private final ImportRunner runner;
    private final ImportRepository imports;
    private final FieldCatalog catalog;
    private final CollectionRules rules;
    private final ConsentLedger consents;
    private final Employees employees;
    private final ImportProperties properties;
    private final Clock clock;
    private final io.custos.shared.web.Times times;

    CustomerImport(ImportStaging staging, ImportSlots slots, ImportRunner runner, ImportRepository imports,
            FieldCatalog catalog, CollectionRules rules, ConsentLedger consents, Employees employees,
            ImportProperties properties, Clock clock, io.custos.shared.web.Times times) {
        this.times = times;
        this.staging = staging;
        this.slots = slots;
        this.runner = runner;
        this.imports = imports;
        this.catalog = catalog;
        this.rules = rules;
        this.consents = consents;
        this.employees = employees;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One column of an upload: its heading, up to three sample values (masked when the suggested
     * field is L3-L4) and the field suggested for it, or {@link #IGNORE}.
     */
    public record Column(int index, String header, List<String> samples, String suggested) {
        /** The column's letters as a spreadsheet shows them: A, B, …, AA. */
        public String letter() {
            return org.apache.poi.ss.util.CellReference.convertNumToColString(index);
        }

        @Override
        public String toString() {
            return "Column[" + index + " -> " + suggested + "]";
        }
    }

    public record Upload(UUID stagingId, String fileName, ImportFormat format, ImportMode mode, int totalRows,
            List<Column> columns, Instant expiresAt) {
    }

    /** @param row the row number a spreadsheet shows (the heading row is 1) */
    public record RowProblem(int row, String field, String reason) {
    }

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED
    }

    /**
     * @param failure why a FAILED import failed: {@code invalid-rows} (all or nothing, nothing
     *        written), {@code interrupted} (the application stopped) or {@code error}
     * @param committedRow the last row of the file whose outcome is committed
     * @param moreErrors problems found beyond those listed in {@code errors}
     */
    public record ImportStatus(UUID id, ImportFormat format, ImportMode mode, Status status, @Nullable String failure,
            int totalRows, int processedRows, int created, int skipped, @Nullable Integer committedRow,
            List<RowProblem> errors, int moreErrors, Instant requestedAt, @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {

        public boolean finished() {
            return status == Status.DONE || status == Status.FAILED;
        }

        /** Percent of rows handled, 0 to 100. */
        public int percent() {
            if (status == Status.DONE) {
                return 100;
            }
            return totalRows == 0 ? 0 : (int) Math.min(100, 100L * processedRows / totalRows);
        }
    }

    public int maxRows() {
        return properties.maxRows();
    }

    public long maxFileSizeMegabytes() {
        return properties.maxFileSize().toMegabytes();
    }

    /**
     * The mapping targets, in catalog order: the catalog's field keys, {@link #OWNER_COLUMN} and the
     * two activity dates.
     */
    public List<String> targets() {
        List<String> targets = new ArrayList<>(catalog.fields().stream().map(FieldDefinition::key).toList());
        targets.add(OWNER_COLUMN);
        targets.add(LAST_CONTACT_COLUMN);
        targets.add(LAST_TRANSACTION_COLUMN);
        return targets;
    }

    /** The mode by its name; anything else is refused naming the field {@code mode}. */
    public static ImportMode mode(@Nullable String name) {
        if (name != null) {
            for (ImportMode mode : ImportMode.values()) {
                if (mode.name().equalsIgnoreCase(name.strip())) {
                    return mode;
                }
            }
        }
        throw DomainException.unprocessable("import-mode-invalid", Map.of("field", "mode"));
    }

    /**
     * Reads an upload and keeps it, encrypted, for its mapping. Refuses other files than CSV and
     * .xlsx, files over {@code max-file-size} or {@code max-rows}, cells and rows past their bounds,
     * undecodable text and damaged workbooks, each with its 422 problem, and a person or node already
     * reading or running as many imports as allowed with 429 (issue 13.11). The upload is copied to
     * its sealed file as it arrives, never held whole in memory.
     *
     * @param size the declared size, checked before anything is read
     * @param encoding of a CSV file: UTF-8 (default) or GB18030
     */
    public Upload stage(@Nullable String fileName, long size, InputStream content, @Nullable String encoding,
            ImportMode mode, CustosUser by) {
        requireImporter(by);
        long limit = properties.maxFileSize().toBytes();
        if (size > limit) {
            throw tooLarge();
        }
        Charset charset = ImportFile.charset(encoding);
        ImportSlots.Slot slot = slots.take(by.id());
        SealedScratchFile file = SealedScratchFile.create(properties.stagingDirectory(), "custos-import-");
        try {
            byte[] head = copy(content, file, limit);
            ImportFormat format = ImportFile.detect(head, fileName);
            List<String> headers = new ArrayList<>();
            List<ImportFile.Row> samples = new ArrayList<>();
            boolean[] heading = {true};
            int[] rows = {0};
            ImportFile.read(file::read, format, charset, row -> {
                if (heading[0]) {
                    heading[0] = false;
                    row.cells().forEach(h -> headers.add(h.strip()));
                } else if (++rows[0] > properties.maxRows()) {
                    throw DomainException.unprocessable("import-too-many-rows", Map.of("field", "file", "limit",
                            properties.maxRows()), properties.maxRows());
                } else if (samples.size() < SAMPLE_ROWS) {
                    samples.add(row);
                }
            });
            int total = rows[0];
            if (total == 0) {
                throw DomainException.unprocessable("import-file-empty", Map.of("field", "file"));
            }
            int columns = Math.max(headers.size(), samples.stream().mapToInt(r -> r.cells().size()).max().orElse(0));
            while (headers.size() < columns) {
                headers.add("");
            }
            String name = fileName == null || fileName.isBlank() ? "upload." + format.name().toLowerCase(Locale.ROOT)
                    : fileName;
            ImportStaging.Staged staged = staging.put(new ImportStaging.Staged(UUID.randomUUID(), by.id(),
                    clock.instant(), name, format, charset, mode, List.copyOf(headers), List.copyOf(samples),
                    total), file);
            return upload(staged);
        } finally {
            // Stored in the database now (or refused): this node's copy is no longer needed.
            file.close();
            slot.release();
        }
    }

    /**
     * Copies the upload into its sealed file, refusing it once it passes {@code limit} bytes whatever
     * size it declared; answers its first bytes, for {@link ImportFile#detect}.
     */
    private byte[] copy(InputStream content, SealedScratchFile file, long limit) {
        byte[] head = new byte[ImportFile.HEAD_BYTES];
        int headLength = 0;
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = file.write()) {
            int n;
            while ((n = content.read(buffer)) > 0) {
                copied += n;
                if (copied > limit) {
                    throw tooLarge();
                }
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The upload could not be read", e);
        }
        return java.util.Arrays.copyOf(head, headLength);
    }

    /** An upload of this person's that waits for its mapping; someone else's, or an expired one, is a 404. */
    public Upload upload(UUID stagingId, CustosUser by) {
        return upload(staging.find(stagingId, by.id()).orElseThrow(CustomerImport::stagingNotFound));
    }

    /**
     * Starts the import of a staged upload in the background.
     *
     * @param mapping column index → field key, {@link #OWNER_COLUMN} or {@link #IGNORE}; null for the
     *        suggested mapping. Unmapped columns are ignored; {@code companyName} must be mapped.
     * @param consent the consent under which every customer of the file gave their data (R-COL-1); it
     *        must cover each mapped field as it would for {@link CustomerRegistration#create}
     * @return the import's id
     */
    public UUID start(UUID stagingId, @Nullable Map<Integer, String> mapping, @Nullable ConsentGrant consent,
            CustosUser by) {
        requireImporter(by);
        ImportStaging.Staged staged = staging.find(stagingId, by.id()).orElseThrow(CustomerImport::stagingNotFound);
        Map<Integer, String> chosen = mapping != null ? mapping : suggested(staged);
        Map<Integer, FieldDefinition> columns = new HashMap<>();
        Map<Integer, String> dateColumns = new HashMap<>();
        Integer ownerColumn = resolve(chosen, staged.headers().size(), columns, dateColumns);
        if (consent == null) {
            throw DomainException.unprocessable("consent-required", Map.of("field", "consent"));
        }
        consents.check(consent);
        // Every row holds values of the mapped fields only: checked once here, as create checks each customer.
        rules.requireNecessary(new java.util.HashSet<>(columns.values()), consent.noticeVersion(),
                consent.purposes(), consent.sensitiveConsent());
        EmployeeView importer = employees.byId(by.id()).orElseThrow(() -> new DomainException("forbidden",
                HttpStatus.FORBIDDEN));
        // Held from here until the job ends, released by the runner.
        ImportSlots.Slot slot = slots.take(by.id());
        ImportStaging.Taken taken;
        try {
            taken = staging.take(stagingId, by.id()).orElseThrow(CustomerImport::stagingNotFound);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        UUID id = UUID.randomUUID();
        boolean submitted = false;
        try {
            imports.insert(id, by.id(), runner.node(), staged.format(), staged.mode(), staged.totalRows(),
                    clock.instant());
            // A date later than the importer's today is a row problem, like any other invalid value.
            java.time.LocalDate today = clock.instant().atZone(times.zoneOf(by.id())).toLocalDate();
            submitted = runner.submit(new ImportRunner.Job(id, taken, columns, ownerColumn, consent, by, importer,
                    slot, dateColumns, today));
            if (!submitted) {
                imports.delete(id);
            }
        } finally {
            if (!submitted) {
                slot.release();
                try {
                    staging.put(taken.staged(), taken.file());
                } finally {
                    taken.file().close();
                }
            }
        }
        if (!submitted) {
            throw new DomainException("import-busy", HttpStatus.SERVICE_UNAVAILABLE);
        }
        return id;
    }

    /** Drops a staged upload of this person's, if it is still there, deleting its file. */
    public void discard(UUID stagingId, CustosUser by) {
        staging.drop(stagingId, by.id());
    }

    /** Progress and report of an import, for the person who started it; anyone else gets a 404. */
    public ImportStatus status(UUID id, CustosUser by) {
        ImportRepository.ImportRow row = imports.find(id).filter(r -> r.requestedBy().equals(by.id()))
                .orElseThrow(DomainException::notFound);
        List<RowProblem> errors = ImportReport.parse(row.report()).stream()
                .map(p -> new RowProblem(p.row(), p.field(), p.reason())).toList();
        return new ImportStatus(row.id(), row.format(), row.mode(), Status.valueOf(row.status().name()), row.failure(),
                row.totalRows(), row.processedRows(), row.created(), row.skipped(), row.committedRow(), errors,
                row.reportCount() - errors.size(), row.requestedAt(), row.startedAt(), row.finishedAt());
    }

    private Upload upload(ImportStaging.Staged staged) {
        Map<Integer, String> suggested = suggested(staged);
        Map<String, FieldDefinition> fields = fieldsByKey();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < staged.headers().size(); i++) {
            String target = suggested.getOrDefault(i, IGNORE);
            FieldDefinition field = fields.get(target);
            List<String> samples = new ArrayList<>();
            for (ImportFile.Row row : staged.samples()) {
                String value = row.cell(i).strip();
                if (!value.isEmpty() && samples.size() < 3) {
                    samples.add(sample(value, field));
                }
            }
            columns.add(new Column(i, staged.headers().get(i), List.copyOf(samples), target));
        }
        return new Upload(staged.id(), staged.fileName(), staged.format(), staged.mode(), staged.totalRows(),
                List.copyOf(columns), staged.stagedAt().plus(properties.stagingTtl()));
    }

    /** A value for the mapping page: masked for an L3-L4 field, shortened otherwise. */
    private static String sample(String value, @Nullable FieldDefinition field) {
        if (field != null && field.encrypted()) {
            return field.kind().mask(value);
        }
        return value.length() > SAMPLE_LENGTH ? value.substring(0, SAMPLE_LENGTH) + "…" : value;
    }

    /**
     * A heading equal to a field's key, Chinese or English label (case and surrounding spaces aside)
     * suggests that field; each field once, the first such column.
     */
    private Map<Integer, String> suggested(ImportStaging.Staged staged) {
        Map<Integer, String> suggested = new LinkedHashMap<>();
        List<FieldDefinition> fields = catalog.fields();
        for (int i = 0; i < staged.headers().size(); i++) {
            String header = staged.headers().get(i).strip();
            if (header.isEmpty()) {
                continue;
            }
            String target = null;
            if (header.equalsIgnoreCase(OWNER_COLUMN) || OWNER_HEADINGS.contains(header.toLowerCase(Locale.ROOT))) {
                target = OWNER_COLUMN;
            } else if (DATE_HEADINGS.containsKey(header.toLowerCase(Locale.ROOT))) {
                target = DATE_HEADINGS.get(header.toLowerCase(Locale.ROOT));
            } else {
                for (FieldDefinition field : fields) {
                    if (header.equalsIgnoreCase(field.key()) || header.equalsIgnoreCase(field.labelZh().strip())
                            || header.equalsIgnoreCase(field.labelEn().strip())) {
                        target = field.key();
                        break;
                    }
                }
            }
            if (target != null && !suggested.containsValue(target)) {
                suggested.put(i, target);
            }
        }
        return suggested;
    }

    /** Checks a mapping and fills {@code columns} and {@code dateColumns}; answers the owner column, if any. */
    private @Nullable Integer resolve(Map<Integer, String> mapping, int columnCount,
            Map<Integer, FieldDefinition> columns, Map<Integer, String> dateColumns) {
        Map<String, FieldDefinition> fields = fieldsByKey();
        Integer ownerColumn = null;
        Set<String> used = new java.util.HashSet<>();
        for (Map.Entry<Integer, String> entry : mapping.entrySet()) {
            String target = entry.getValue() == null ? "" : entry.getValue().strip();
            if (target.isEmpty() || target.equals(IGNORE)) {
                continue;
            }
            if (entry.getKey() == null || entry.getKey() < 0 || entry.getKey() >= columnCount) {
                throw DomainException.unprocessable("import-mapping-invalid", Map.of("field", "mapping"));
            }
            boolean date = target.equals(LAST_CONTACT_COLUMN) || target.equals(LAST_TRANSACTION_COLUMN);
            if (!target.equals(OWNER_COLUMN) && !date && !fields.containsKey(target)) {
                throw FieldCatalog.unknownField(target);
            }
            if (!used.add(target)) {
                throw DomainException.unprocessable("import-mapping-duplicate", Map.of("field", target), target);
            }
            if (target.equals(OWNER_COLUMN)) {
                ownerColumn = entry.getKey();
            } else if (date) {
                dateColumns.put(entry.getKey(), target);
            } else {
                columns.put(entry.getKey(), fields.get(target));
            }
        }
        if (!used.contains(CollectionRules.COMPANY_NAME)) {
            throw DomainException.unprocessable("import-mapping-incomplete", Map.of("field",
                    CollectionRules.COMPANY_NAME), CollectionRules.COMPANY_NAME);
        }
        return ownerColumn;
    }

    private Map<String, FieldDefinition> fieldsByKey() {
        Map<String, FieldDefinition> byKey = new HashMap<>();
        catalog.fields().forEach(f -> byKey.put(f.key(), f));
        return byKey;
    }

    private void requireImporter(CustosUser by) {
        rules.requireCreator(by, "customer.import.started");
    }

    private DomainException tooLarge() {
        long megabytes = properties.maxFileSize().toMegabytes();
        return DomainException.unprocessable("import-file-too-large", Map.of("field", "file", "limit", megabytes),
                megabytes);
    }

    private static DomainException stagingNotFound() {
        return new DomainException("import-staging-not-found", HttpStatus.NOT_FOUND);
    }
}
