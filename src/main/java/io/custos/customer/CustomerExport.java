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

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
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
 * masked). The export is recorded, and committed, before the file is handed out; bulk export with
 * approval comes with the sharing workflow (R-USE-1, R-AUD-1).
 */
@Service
public class CustomerExport {

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
    private final Times times;
    private final Clock clock;

    CustomerExport(CustomerListing listing, CustomerRepository customers, FieldCatalog catalog, ValueStore values,
            CustomerAudit audit, ExportProperties properties, MessageSource messages, AccessDecisions access,
            Times times, Clock clock) {
        this.times = times;
        this.access = access;
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
        // Exactly the customers counted and recorded, even if more arrive before the file is written.
        List<CustomerRecord> found = !sensitive.isEmpty() ? listing.revealableMatches(where, sensitive, by, details)
                : total == 0 ? List.of() : customers.page(where.fromWhere(), where.params(), 0, (int) total);
        if (found.size() > limit) {
            throw DomainException.unprocessable("customer-export-too-large", Map.of("limit", limit), limit);
        }
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
