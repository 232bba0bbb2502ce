package io.custos.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.retention.RetentionRuleSet;
import io.custos.retention.RetentionRules;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.shared.web.Times;
import io.custos.sharing.PartnerSummary;
import io.custos.sharing.RecipientType;
import io.custos.sharing.TransferFigures;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionView;

/**
 * The record of processing activities (issue 22.5), generated live from the field catalog, the
 * purposes, the retention rules in force and the sharing grants, so it cannot drift from what the
 * system does. The administration department, management, auditors and security administrators
 * read and export it; every export is audited.
 */
@Service
public class ProcessingRecords {

    /** Who may read the record. */
    public static final Set<Role> READERS = EnumSet.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR,
            Role.SECURITY_ADMIN);
    /** Recipients of the last year are listed too: a grant that ended yesterday still shared the data. */
    static final Period RECIPIENTS_LOOKBACK = Period.ofMonths(12);

    private final FieldCatalog catalog;
    private final Purposes purposes;
    private final RetentionRules retention;
    private final TransferFigures transfers;
    private final Employees employees;
    private final PolicyDocuments documents;
    private final ComplianceProperties properties;
    private final String deployment;
    private final AuditLog audit;
    private final ProcessingFiles files;
    private final Times times;
    private final Clock clock;

    ProcessingRecords(FieldCatalog catalog, Purposes purposes, RetentionRules retention, TransferFigures transfers,
            Employees employees, PolicyDocuments documents, ComplianceProperties properties,
            @Value("${spring.application.name:Custos}") String deployment, AuditLog audit, ProcessingFiles files,
            Times times, Clock clock) {
        this.catalog = catalog;
        this.purposes = purposes;
        this.retention = retention;
        this.transfers = transfers;
        this.employees = employees;
        this.documents = documents;
        this.properties = properties;
        this.deployment = deployment;
        this.audit = audit;
        this.files = files;
        this.times = times;
        this.clock = clock;
    }

    public static boolean readable(CustosUser viewer) {
        return viewer.hasAnyRole(READERS);
    }

    /** @throws DomainException 403 for anyone but the {@link #READERS} */
    @Transactional(readOnly = true)
    public ProcessingRecord current(CustosUser viewer) {
        require(viewer);
        Instant now = clock.instant();
        ZoneId zone = times.companyZone();
        String home = properties.homeCountry();

        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        catalog.fields().forEach(f -> fields.put(f.key(), f));
        Map<UUID, DepartmentView> departments = employees.departments().stream()
                .collect(Collectors.toMap(DepartmentView::id, Function.identity()));
        Instant since = now.atZone(zone).minus(RECIPIENTS_LOOKBACK).toInstant();
        Map<String, List<ProcessingRecord.RecipientEntry>> recipients = new LinkedHashMap<>();
        for (TransferFigures.PurposeRecipient r : transfers.recipients(since, now)) {
            recipients.computeIfAbsent(r.purpose(), p -> new ArrayList<>()).add(entry(r, departments, home));
        }
        RetentionRuleSet rules = rulesInForce();
        List<ProcessingRecord.Rule> ruleList = rules == null ? List.of() : rules.rules().stream()
                .map(r -> new ProcessingRecord.Rule(r.code(), r.kind(), r.period(), r.fields().stream()
                        .map(k -> fields.containsKey(k) ? field(fields.get(k)) : new ProcessingRecord.Field(k, k, k))
                        .toList()))
                .toList();

        List<ProcessingRecord.Activity> activities = new ArrayList<>();
        for (Purpose purpose : purposes.all()) {
            Map<Sensitivity, List<ProcessingRecord.Field>> byLevel = new TreeMap<>(Comparator.reverseOrder());
            fields.values().stream().filter(f -> purpose.fields().contains(f.key()))
                    .forEach(f -> byLevel.computeIfAbsent(f.sensitivity(), l -> new ArrayList<>())
                            .add(field(f)));
            List<ProcessingRecord.Category> categories = byLevel.entrySet().stream()
                    .map(e -> new ProcessingRecord.Category(e.getKey(), e.getValue())).toList();
            List<ProcessingRecord.RecipientEntry> to = recipients.getOrDefault(purpose.code(), List.of()).stream()
                    .sorted(Comparator.comparing(ProcessingRecord.RecipientEntry::type)
                            .thenComparing(ProcessingRecord.RecipientEntry::nameEn))
                    .toList();
            activities.add(new ProcessingRecord.Activity(purpose.code(), purpose.labelZh(), purpose.labelEn(),
                    categories, List.of(ProcessingRecord.DataSubject.values()), to, ruleList,
                    safeguards(byLevel.keySet(), to)));
        }
        String controller = properties.companyName() != null ? properties.companyName() : deployment;
        ProcessingRecord.Header header = new ProcessingRecord.Header(controller, properties.companyName() != null,
                now, zone.getId(), home, policy(viewer), rules == null ? null : rules.version());
        return new ProcessingRecord(header, activities);
    }

    /**
     * The record as a file in the language asked for, its export recorded in the audit log first.
     *
     * @throws DomainException 403 for anyone but the {@link #READERS}
     */
    @Transactional
    public ProcessingFiles.File export(CustosUser viewer, ProcessingFiles.Format format, Locale locale) {
        ProcessingRecord record = current(viewer);
        audit.record(AuditEvent.of(AuditCategory.ADMINISTRATION, "compliance.processing.exported", AuditOutcome.ALLOWED)
                .actor(viewer.actor()).target("processing-record", "ropa")
                .detail("format", format.extension()).detail("language", locale.toLanguageTag())
                .detail("activities", record.activities().size()).build());
        return files.write(record, format, locale);
    }

    static List<ProcessingSafeguard> safeguards(Set<Sensitivity> levels, List<ProcessingRecord.RecipientEntry> to) {
        List<ProcessingSafeguard> safeguards = new ArrayList<>();
        if (levels.stream().anyMatch(Sensitivity::encrypted)) {
            safeguards.add(ProcessingSafeguard.ENCRYPTION_AT_REST);
        }
        safeguards.add(ProcessingSafeguard.MASKING);
        safeguards.add(ProcessingSafeguard.CONSENTED_REVEAL);
        if (levels.contains(Sensitivity.L4)) {
            safeguards.add(ProcessingSafeguard.SEPARATE_SENSITIVE_CONSENT);
        }
        if (to.stream().anyMatch(r -> r.type() == RecipientType.PARTNER)) {
            safeguards.add(ProcessingSafeguard.SEPARATE_THIRD_PARTY_CONSENT);
        }
        safeguards.add(ProcessingSafeguard.ACCESS_AUDIT);
        if (!to.isEmpty()) {
            safeguards.add(ProcessingSafeguard.RECIPIENT_NDA);
        }
        safeguards.add(ProcessingSafeguard.EXPORT_APPROVAL);
        return safeguards;
    }

    private static ProcessingRecord.RecipientEntry entry(TransferFigures.PurposeRecipient r,
            Map<UUID, DepartmentView> departments, String home) {
        UUID id = r.recipient().id();
        if (r.recipient().external()) {
            PartnerSummary p = r.partner();
            if (p == null) {
                return new ProcessingRecord.RecipientEntry(r.recipient().type(), id, "—", "—", null, null, false,
                        r.inForce());
            }
            return new ProcessingRecord.RecipientEntry(r.recipient().type(), id, p.nameZh(), p.nameEn(), p.type(),
                    p.country(), !home.equalsIgnoreCase(p.country()), r.inForce());
        }
        DepartmentView d = departments.get(id);
        return new ProcessingRecord.RecipientEntry(r.recipient().type(), id, d == null ? "—" : d.nameZh(),
                d == null ? "—" : d.nameEn(), null, null, false, r.inForce());
    }

    private static ProcessingRecord.Field field(FieldDefinition f) {
        return new ProcessingRecord.Field(f.key(), f.labelZh(), f.labelEn());
    }

    private @Nullable RetentionRuleSet rulesInForce() {
        try {
            return retention.inForce();
        } catch (IllegalStateException none) {
            return null;
        }
    }

    private ProcessingRecord.@Nullable Policy policy(CustosUser viewer) {
        for (DocumentView document : documents.documents(viewer)) {
            if (document.kind() == DocumentKind.POLICY) {
                VersionView v = document.current().orElse(null);
                if (v != null) {
                    return new ProcessingRecord.Policy(v.id(), v.number(), v.title(Locale.SIMPLIFIED_CHINESE),
                            v.title(Locale.ENGLISH), v.publishedAt());
                }
            }
        }
        return null;
    }

    static void require(CustosUser viewer) {
        if (!readable(viewer)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
    }
}
