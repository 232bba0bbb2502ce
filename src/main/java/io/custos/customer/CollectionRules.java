package io.custos.customer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.access.AccessDecisions;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * What may be collected, by whom and for whom (R-COL-1 to R-COL-4): the rules a new or changed
 * customer and every row of an import are checked against alike.
 */
@Component
class CollectionRules {

    static final String COMPANY_NAME = "companyName";

    private final FieldCatalog catalog;
    private final Purposes purposes;
    private final PrivacyNotices notices;
    private final AccessDecisions access;
    private final Employees employees;
    private final CustomerAudit audit;

    CollectionRules(FieldCatalog catalog, Purposes purposes, PrivacyNotices notices, AccessDecisions access,
            Employees employees, CustomerAudit audit) {
        this.employees = employees;
        this.catalog = catalog;
        this.purposes = purposes;
        this.notices = notices;
        this.access = access;
        this.audit = audit;
    }

    /** Whether this person may create customers (and so import them). */
    boolean mayCreate(CustosUser by) {
        return access.mayCreate(by);
    }

    /** Refuses, and records the refusal, unless this person may create (and so import) customers. */
    void requireCreator(CustosUser by, String auditAction) {
        if (!mayCreate(by)) {
            audit.refused(auditAction, "no-rule");
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
    }

    /** The owner a new customer gets; the import checks its rows with this too. */
    EmployeeView owner(@Nullable String ownerUsername, CustosUser by) {
        if (ownerUsername == null || ownerUsername.isBlank() || ownerUsername.equals(by.username())) {
            return employees.byId(by.id()).orElseThrow();
        }
        EmployeeView owner = employees.byUsername(ownerUsername.strip())
                .filter(e -> e.status() != EmployeeStatus.DEPARTED)
                .filter(e -> e.roles().contains(Role.EMPLOYEE) || e.roles().contains(Role.DEPT_HEAD))
                .orElseThrow(() -> DomainException.unprocessable("owner-unknown", Map.of("field", "ownerUsername")));
        // Only a department head assigns customers to someone else, and only within the department.
        if (!by.hasRole(Role.DEPT_HEAD) || by.departmentId() == null || !by.departmentId().equals(owner.departmentId())) {
            throw DomainException.unprocessable("owner-not-assignable", Map.of("field", "ownerUsername"));
        }
        return owner;
    }

    /** Catalog keys and acceptable values; the error names the field and why, never the value. */
    Map<FieldDefinition, String> check(Map<String, @Nullable String> fields) {
        Map<FieldDefinition, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, @Nullable String> entry : fields.entrySet()) {
            FieldDefinition field = catalog.field(entry.getKey());
            String value = entry.getValue();
            if (value == null) {
                continue;
            }
            String problem = field.kind().problem(value);
            if (problem != null) {
                throw DomainException.unprocessable("field-value-invalid", Map.of("field", field.key(), "reason",
                        problem), field.key());
            }
            checked.put(field, value);
        }
        return checked;
    }

    /**
     * Minimal collection (R-COL-1, R-COL-2, R-COL-4): every field must be a data category the
     * customer was told about in the notice they consented under, needed by a consented purpose,
     * and, for L4, covered by the separate consent for sensitive data. The refusal names the field.
     * An import checks its mapped fields with this before it starts.
     */
    void requireNecessary(Set<FieldDefinition> fields, int noticeVersion, Set<String> consentedPurposes,
            boolean sensitive) {
        Set<String> needed = purposes.fieldsNeededBy(consentedPurposes);
        Set<String> told = notices.get(noticeVersion).categories();
        for (FieldDefinition field : fields) {
            if (!told.contains(field.key())) {
                throw DomainException.unprocessable("field-not-in-notice", Map.of("field", field.key()), field.key(),
                        noticeVersion);
            }
            if (!needed.contains(field.key())) {
                throw DomainException.unprocessable("field-not-necessary", Map.of("field", field.key()), field.key());
            }
            if (field.sensitivity() == Sensitivity.L4 && !sensitive) {
                throw DomainException.unprocessable("sensitive-consent-required", Map.of("field", field.key()),
                        field.key());
            }
        }
    }
}
