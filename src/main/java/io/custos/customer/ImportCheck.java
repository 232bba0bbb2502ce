package io.custos.customer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.shared.DomainException;

/**
 * Checks one row of an import against the rules {@link CustomerRegistration#create} applies: each mapped
 * value by its field's kind, the company name present, the owner one the importer may assign. A
 * problem names the row, the field and a reason code, never the value.
 */
final class ImportCheck {

    static final String REQUIRED = "required";
    /** Owners already looked up, by login name; an import names few distinct ones. */
    private static final int MAX_OWNERS_CACHED = 10_000;

    private final Map<Integer, FieldDefinition> columns;
    private final @Nullable Integer ownerColumn;
    private final CollectionRules rules;
    private final CustosUser by;
    private final EmployeeView importer;
    private final Map<String, Object> owners = new HashMap<>();
    private final Map<Integer, String> dateColumns;
    private final LocalDate today;

    /** Dates as people write them: ISO first, then with slashes or dots, and the Chinese form. */
    private static final List<DateTimeFormatter> DATE_FORMATS = java.util.stream.Stream.of("uuuu-M-d", "uuuu/M/d",
            "uuuu.M.d", "uuuu年M月d日").map(p -> DateTimeFormatter.ofPattern(p, java.util.Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT)).toList();

    ImportCheck(Map<Integer, FieldDefinition> columns, @Nullable Integer ownerColumn, CollectionRules rules,
            CustosUser by, EmployeeView importer) {
        this(columns, ownerColumn, rules, by, importer, Map.of(), LocalDate.MAX);
    }

    /**
     * @param columns column index → the catalog field its values go to
     * @param ownerColumn the column holding owners' login names, if any
     * @param dateColumns column index → the activity date it holds (issue 16, R-DEL-1)
     * @param today the importer's today: a later date is refused
     */
    ImportCheck(Map<Integer, FieldDefinition> columns, @Nullable Integer ownerColumn, CollectionRules rules,
            CustosUser by, EmployeeView importer, Map<Integer, String> dateColumns, LocalDate today) {
        this.dateColumns = Map.copyOf(dateColumns);
        this.today = today;
        this.columns = Map.copyOf(columns);
        this.ownerColumn = ownerColumn;
        this.rules = rules;
        this.by = by;
        this.importer = importer;
    }

    /** A row ready to be written: its owner, its non-blank values and its activity dates. */
    record Valid(int row, EmployeeView owner, Map<FieldDefinition, String> values, @Nullable LocalDate lastContactOn,
            @Nullable LocalDate lastTransactionOn) {

        Valid(int row, EmployeeView owner, Map<FieldDefinition, String> values) {
            this(row, owner, values, null, null);
        }

        @Override
        public String toString() {
            return "Valid[" + row + "]";
        }
    }

    /** Either {@code valid} or a non-empty list of {@code problems}. */
    record Outcome(@Nullable Valid valid, List<ImportReport.Problem> problems) {
    }

    Outcome check(ImportFile.Row row) {
        List<ImportReport.Problem> problems = new ArrayList<>();
        Map<FieldDefinition, String> values = new LinkedHashMap<>();
        for (Map.Entry<Integer, FieldDefinition> column : columns.entrySet()) {
            FieldDefinition field = column.getValue();
            String value = row.cell(column.getKey());
            if (value.isBlank()) {
                continue;
            }
            String problem = field.kind().problem(value);
            if (problem != null) {
                problems.add(new ImportReport.Problem(row.number(), field.key(), problem));
            } else {
                values.put(field, value);
            }
        }
        Map<String, LocalDate> dates = new HashMap<>();
        for (Map.Entry<Integer, String> column : dateColumns.entrySet()) {
            String value = row.cell(column.getKey()).strip();
            if (value.isEmpty()) {
                continue;
            }
            LocalDate date = date(value);
            String problem = date == null ? "date-malformed" : CustomerRegistration.activityDateProblem(date, today);
            if (problem != null) {
                problems.add(new ImportReport.Problem(row.number(), column.getValue(), problem));
            } else {
                dates.put(column.getValue(), date);
            }
        }
        boolean named = values.keySet().stream().anyMatch(f -> f.key().equals(CollectionRules.COMPANY_NAME));
        if (!named && problems.stream().noneMatch(p -> p.field().equals(CollectionRules.COMPANY_NAME))) {
            problems.add(new ImportReport.Problem(row.number(), CollectionRules.COMPANY_NAME, REQUIRED));
        }
        Object owner = ownerColumn == null ? importer : owner(row.cell(ownerColumn));
        if (owner instanceof String reason) {
            problems.add(new ImportReport.Problem(row.number(), CustomerImport.OWNER_COLUMN, reason));
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        return new Outcome(new Valid(row.number(), (EmployeeView) owner, values,
                dates.get(CustomerImport.LAST_CONTACT_COLUMN), dates.get(CustomerImport.LAST_TRANSACTION_COLUMN)),
                List.of());
    }

    private static @Nullable LocalDate date(String text) {
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                return LocalDate.parse(text, format);
            } catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        return null;
    }

    /** The owner, or the code of the reason the importer may not name them. */
    private Object owner(String username) {
        String name = username.strip();
        if (name.isEmpty()) {
            return importer;
        }
        Object known = owners.get(name);
        if (known != null) {
            return known;
        }
        Object owner;
        try {
            owner = rules.owner(name, by);
        } catch (DomainException refused) {
            owner = refused.code();
        }
        if (owners.size() < MAX_OWNERS_CACHED) {
            owners.put(name, owner);
        }
        return owner;
    }
}
