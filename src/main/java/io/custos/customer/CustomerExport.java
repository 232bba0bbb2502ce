package io.custos.customer;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecisions;
import io.custos.access.AccessPolicy;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.TableExport;
import io.custos.shared.web.TableWriter;
import io.custos.shared.web.Times;

/**
 * The customer list as a file (CSV or Excel): the customers a search with the same filters finds
 * for this person, every page of them, with the values exactly as the list shows them (L3-L4
 * masked). The export is recorded, and committed, before the file is handed out (R-USE-1, R-AUD-1).
 * More customers than {@code custos.export.approval-threshold} never leave this way: such an export
 * is refused with {@code export-needs-approval} and has to be requested as an export package, which
 * the sharing module builds from {@link #selectForPackage} and {@link #writePackage} once the
 * department head has approved it (issue 15.5, R-USE-5).
 */
@Service
public class CustomerExport {

    /** Where an export larger than the approval threshold is requested instead (the sharing module's page). */
    public static final String PACKAGE_PAGE = "/sharing/exports/new";
    /**
     * The exporting person's local time with its offset ({@code 20261205T061705+0800}, ISO 8601's
     * basic form): a file name cannot hold a zone id's slash, and the offset names the zone exactly.
     */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssxx");
    /** Customers decrypted and masked at a time while the file is written. */
    private static final int CHUNK = 200;

    private final CustomerListing listing;
    private final CustomerRepository customers;
    private final FieldCatalog catalog;
    private final ValueStore values;
    private final CustomerAudit audit;
    private final ExportProperties properties;
    private final MessageSource messages;
    private final AccessDecisions access;
    private final ExportApprovalProperties approval;
    private final Times times;
    private final Clock clock;

    CustomerExport(CustomerListing listing, CustomerRepository customers, FieldCatalog catalog, ValueStore values,
            CustomerAudit audit, ExportProperties properties, ExportApprovalProperties approval,
            MessageSource messages, AccessDecisions access, Times times, Clock clock) {
        this.times = times;
        this.access = access;
        this.approval = approval;
        this.listing = listing;
        this.customers = customers;
        this.catalog = catalog;
        this.values = values;
        this.audit = audit;
        this.properties = properties;
        this.messages = messages;
        this.clock = clock;
    }

    /** The same filters as the search: exact phone, e-mail, ID number; name prefix. */
    public record ExportFilter(@Nullable String phone, @Nullable String email, @Nullable String idNumber,
            @Nullable String name) {
        @Override
        public String toString() {
            return "ExportFilter";
        }
    }

    /** {@code csv} or {@code xlsx}, in any case; anything else is a 400 naming the field {@code format}. */
    public static TableWriter.Format format(@Nullable String name) {
        if (name != null) {
            for (TableWriter.Format format : TableWriter.Format.values()) {
                if (format.extension().equalsIgnoreCase(name.strip())) {
                    return format;
                }
            }
        }
        throw new DomainException("wrong-type", org.springframework.http.HttpStatus.BAD_REQUEST, Map.of("field",
                "format"));
    }

    /**
     * Finds the customers, refuses more than {@code custos.customer.export.max-rows} with
     * {@code customer-export-too-large}, records {@code customer.records.exported} (format, rows,
     * filter names) and commits, then answers the file to stream ({@code customers-<time>.<extension>}, the time where the
     * exporting person is, with its offset),
     * headings in {@code locale}.
     */
    @Transactional
    public TableExport export(ExportFilter filter, TableWriter.Format format, Locale locale, CustosUser by) {
        CustomerListing.CustomerQuery query = new CustomerListing.CustomerQuery(filter.phone(), filter.email(),
                filter.idNumber(), filter.name(), 0, 1);
        CustomerSearch.Where where = CustomerSearch.where(query, access.scope(by, AccessAction.EXPORT), catalog, values);
        // An export filtered by a confidential value is a search by it: the same tries, matches and events.
        List<FieldDefinition> sensitive = listing.sensitiveFilters(query, by);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        long total = sensitive.isEmpty() ? customers.count(where.fromWhere(), where.params()) : 0;
        int limit = properties.maxRows();
        if (total > limit) {
            throw DomainException.unprocessable("customer-export-too-large", Map.of("limit", limit), limit);
        }
        requireBelowApprovalThreshold(total);
        // Exactly the customers counted and recorded, even if more arrive before the file is written.
        List<CustomerRecord> found = !sensitive.isEmpty() ? listing.revealableMatches(where, sensitive, by, details)
                : total == 0 ? List.of() : customers.page(where.fromWhere(), where.params(), 0, (int) total);
        if (found.size() > limit) {
            throw DomainException.unprocessable("customer-export-too-large", Map.of("limit", limit), limit);
        }
        requireBelowApprovalThreshold(found.size());
        AccessPolicy policy = access.policy();
        details.put("format", format);
        details.put("rows", found.size());
        details.put("filters", where.filters());
        details.put("policyVersion", policy.version());
        audit.customers("customer.records.exported", details);
        List<String> headers = headers(locale);
        String fileName = "customers-" + FILE_TIME.format(clock.instant().atZone(times.zoneOf(by.id()))) + "."
                + format.extension();
        return new TableExport(fileName, format, found.size(), out -> write(found, format, headers, by, policy, out));
    }

    /**
     * A direct export holds at most the threshold, whoever asks, in whichever format, through the page
     * or the API: it has no paging of its own, so the count is that of the whole file. Refused, it is
     * recorded on its own (the transaction rolls back) and answered 409 naming the threshold, the
     * count and where to request a package.
     */
    private void requireBelowApprovalThreshold(long count) {
        int threshold = approval.approvalThreshold();
        if (count > threshold) {
            audit.refusedExport(count, threshold);
            throw new DomainException("export-needs-approval", HttpStatus.CONFLICT, Map.of("threshold", threshold,
                    "count", count, "requestPage", PACKAGE_PAGE, "requestApi", "POST /api/v1/sharing/exports"),
                    threshold, count);
        }
    }

    /** The customers a package requested with these filters holds, evaluated now, and the filters' names. */
    public record Selection(List<UUID> customerIds, List<String> filters) {
        @Override
        public String toString() {
            return "Selection[" + customerIds.size() + " customers, filters=" + filters + "]";
        }
    }

    /**
     * The customers an export with these filters would hold for this person now, in the list's order:
     * exactly what {@link #export} would write, at most {@code custos.customer.export.max-rows}, with
     * no approval threshold (the package is the approval). A filter by a confidential value is a
     * search by it (throttled, each match audited). The caller records the request.
     */
    @Transactional
    public Selection selectForPackage(ExportFilter filter, CustosUser by) {
        CustomerListing.CustomerQuery query = new CustomerListing.CustomerQuery(filter.phone(), filter.email(),
                filter.idNumber(), filter.name(), 0, 1);
        CustomerSearch.Where where = CustomerSearch.where(query, access.scope(by, AccessAction.EXPORT), catalog, values);
        List<FieldDefinition> sensitive = listing.sensitiveFilters(query, by);
        int limit = properties.maxRows();
        List<CustomerRecord> found;
        if (sensitive.isEmpty()) {
            long total = customers.count(where.fromWhere(), where.params());
            if (total > limit) {
                throw DomainException.unprocessable("customer-export-too-large", Map.of("limit", limit), limit);
            }
            found = total == 0 ? List.of() : customers.page(where.fromWhere(), where.params(), 0, (int) total);
        } else {
            found = listing.revealableMatches(where, sensitive, by, new LinkedHashMap<>());
        }
        return new Selection(found.stream().map(CustomerRecord::id).toList(), where.filters());
    }

    /** The catalog fields a package may hold, in the catalog's order: key and label in the language. */
    public List<PackageColumn> packageFields(Locale locale) {
        return catalog.fields().stream().map(f -> new PackageColumn(f.key(), f.label(locale))).toList();
    }

    /** A column of a package: a catalog field by its key and label. */
    public record PackageColumn(String key, String label) {
    }

    /**
     * Checks the field keys a package asks for: each must be in the catalog (422 {@code field-unknown}
     * otherwise), without repeats; answers them in the order given.
     */
    public List<String> requirePackageFields(List<String> keys) {
        java.util.LinkedHashSet<String> unique = new java.util.LinkedHashSet<>();
        for (String key : keys) {
            unique.add(catalog.field(key).key());
        }
        if (unique.isEmpty()) {
            throw DomainException.unprocessable("export-fields-required", Map.of("field", "fields"));
        }
        return List.copyOf(unique);
    }

    /** Receives a package's rows as they are decided: the customer's id and one cell per field. */
    @FunctionalInterface
    public interface PackageSink {
        void row(UUID customerId, List<@Nullable String> cells) throws IOException;
    }

    /** What a package file holds: rows written, customers left out (no longer visible), values revealed. */
    public record PackageWritten(int rows, int leftOut, int revealed, int policyVersion) {
    }

    /**
     * Writes an approved package's rows for the person downloading it, decided now through the normal
     * access decision for {@code action} (EXPORT for a bulk package; VIEW under a sharing grant, whose
     * relation gives no EXPORT: the package is the only way a grant's data leaves as a file):
     * customers the person may no longer see are left out; each field
     * is what an export shows (L1-L2 in clear, L3-L4 masked), except that a masked field the person
     * may reveal for the package's purpose right now (rule, purpose, consent, training gate) is
     * written in clear and audited exactly like a reveal ({@code customer.field.revealed}, with the
     * purpose and the package). Values whose key was destroyed are left empty. Must run in the
     * caller's transaction, so the file exists only if every event is stored.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public PackageWritten writePackage(UUID packageId, List<UUID> customerIds, List<String> fieldKeys, String purpose,
            AccessAction action, CustosUser by, PackageSink sink) throws IOException {
        // Values are read only by the listing, the reading and the value store (NoPathAroundTheDecisionTests).
        return listing.packageRows(packageId, customerIds, fieldKeys, purpose, action, by, sink);
    }

    private void write(List<CustomerRecord> found, TableWriter.Format format, List<String> headers, CustosUser by,
            AccessPolicy policy, OutputStream out) throws IOException {
        try (TableWriter writer = TableWriter.open(format, out, "customers", headers)) {
            for (int from = 0; from < found.size(); from += CHUNK) {
                for (CustomerListing.CustomerSummary customer : listing.summaries(
                        found.subList(from, Math.min(found.size(), from + CHUNK)), by, AccessAction.EXPORT, policy)) {
                    List<@Nullable Object> cells = new ArrayList<>();
                    cells.add(customer.id().toString());
                    CustomerListing.SUMMARY_FIELDS.forEach(key -> cells.add(customer.fields().get(key)));
                    cells.add(customer.ownerUsername());
                    cells.add(customer.departmentCode());
                    writer.row(cells);
                }
            }
            writer.finish();
        }
    }

    /** The list's columns: id, the summary fields by their labels, owner and department. */
    private List<String> headers(Locale locale) {
        Map<String, FieldDefinition> fields = new TreeMap<>();
        catalog.fields().forEach(f -> fields.put(f.key(), f));
        List<String> headers = new ArrayList<>();
        headers.add("id");
        for (String key : CustomerListing.SUMMARY_FIELDS) {
            FieldDefinition field = fields.get(key);
            headers.add(field == null ? key : field.label(locale));
        }
        headers.add(messages.getMessage("customer.owner", null, "Owner", locale));
        headers.add(messages.getMessage("customer.department", null, "Department", locale));
        return headers;
    }
}
