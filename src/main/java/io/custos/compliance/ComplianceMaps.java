package io.custos.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentPublished;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * The compliance map (issue 22.1, 22.2, R-X-6): the clauses of the policy in force, the controls that
 * serve each, and each control's live evidence, coloured by the thresholds in force. Computed on every
 * request from the owning modules' figures, so what it shows is true now.
 * <p>
 * The map of a policy version is edited by the administration department while the version is a draft
 * (or was sent back) and is approved with the version by management: once submitted it cannot change,
 * and on publication it is stored as it stood. Controls that no clause names stay on the map with their
 * evidence, so unmapping a failing control hides nothing.
 */
@Service
public class ComplianceMaps {

    private static final Set<Role> COMPANY_VIEWERS = EnumSet.of(Role.MANAGEMENT, Role.AUDITOR, Role.ADMIN_OFFICER,
            Role.SECURITY_ADMIN);

    private final PolicyDocuments documents;
    private final MapStore store;
    private final Evidence evidence;
    private final ComplianceThresholds thresholds;
    private final Employees employees;
    private final AuditLog audit;
    private final Snapshots snapshots;

    ComplianceMaps(PolicyDocuments documents, MapStore store, Evidence evidence, ComplianceThresholds thresholds,
            Employees employees, AuditLog audit, Snapshots snapshots) {
        this.snapshots = snapshots;
        this.documents = documents;
        this.store = store;
        this.evidence = evidence;
        this.thresholds = thresholds;
        this.employees = employees;
        this.audit = audit;
    }

    /** Whether the viewer may see the company's map (and any department's). */
    public boolean seesCompany(CustosUser viewer) {
        return viewer.hasAnyRole(COMPANY_VIEWERS);
    }

    /** The departments whose map the viewer may see: all for company viewers, the headed ones for a head. */
    @Transactional(readOnly = true)
    public List<UUID> departmentsOf(CustosUser viewer) {
        List<DepartmentView> all = employees.departments();
        if (seesCompany(viewer)) {
            return all.stream().map(DepartmentView::id).toList();
        }
        if (!viewer.hasRole(Role.DEPT_HEAD)) {
            return List.of();
        }
        return all.stream().filter(d -> viewer.id().equals(d.headId())).map(DepartmentView::id).toList();
    }

    /**
     * The map for the company ({@code department} null) or one department. Management, auditors, the
     * administration department and security administrators see any; a head only the departments they head.
     *
     * @throws DomainException 403 for anyone else or another department
     */
    @Transactional(readOnly = true)
    public MapView current(CustosUser viewer, @Nullable UUID department) {
        requireSees(viewer, department);
        Instant now = evidence.now();
        ThresholdSettings settings = thresholds.settings();
        Map<Indicator, Reading> readings = new EnumMap<>(Indicator.class);
        for (Indicator indicator : Indicator.values()) {
            readings.put(indicator, evidence.read(indicator, department, settings, now));
        }
        return assemble(readings, department, now);
    }

    /**
     * The company's map as recorded at the end of the latest day from {@code from} to {@code day} that
     * has a record (the daily snapshot), for a report on a closed period; empty when none was taken in
     * that span, so a report never passes off an older period's evidence as this one's. The clauses
     * are those of the policy in force now.
     *
     * @throws DomainException 403 unless the viewer sees the company's map
     */
    @Transactional(readOnly = true)
    public Optional<MapView> recorded(CustosUser viewer, java.time.LocalDate from, java.time.LocalDate day) {
        requireSees(viewer, null);
        return snapshots.latest(from, day).map(s -> assemble(s.readings(), null, s.takenAt()));
    }

    private MapView assemble(Map<Indicator, Reading> readings, @Nullable UUID department, Instant at) {
        Optional<VersionView> policy = documents.policyInForce();
        List<ClauseView> clauses = new ArrayList<>();
        Set<Control> named = EnumSet.noneOf(Control.class);
        if (policy.isPresent()) {
            VersionView version = policy.get();
            List<Clause> parsed = Clauses.of(version.content().bodyZh(), version.content().bodyEn());
            Map<String, Set<Control>> entries = entries(version, parsed);
            for (Clause clause : parsed) {
                List<ControlView> controls = new ArrayList<>();
                Status status = Status.UNMAPPED;
                for (Control control : entries.getOrDefault(clause.key(), Set.of())) {
                    ControlView view = view(control, readings);
                    controls.add(view);
                    named.add(control);
                    status = Status.worst(status == Status.UNMAPPED ? Status.INFO : status, view.status());
                }
                clauses.add(new ClauseView(clause, status, controls));
            }
        }
        List<ControlView> unmapped = new ArrayList<>();
        for (Control control : Control.values()) {
            if (!named.contains(control)) {
                unmapped.add(view(control, readings));
            }
        }
        return new MapView(policy.map(ComplianceMaps::ref).orElse(null), department, at, clauses, unmapped);
    }

    /**
     * A policy version's map, for its editors and approvers: whoever may read the version (drafts only
     * the administration department and management) may read its map.
     *
     * @throws DomainException 404 for no such policy version or one the reader may not see
     */
    @Transactional(readOnly = true)
    public VersionMap ofVersion(UUID versionId, CustosUser reader) {
        VersionView version = documents.version(versionId, reader);
        if (version.kind() != DocumentKind.POLICY) {
            throw DomainException.notFound();
        }
        List<Clause> clauses = Clauses.of(version.content().bodyZh(), version.content().bodyEn());
        Optional<MapStore.Stored> stored = store.stored(versionId);
        if (stored.isPresent()) {
            MapStore.Stored s = stored.get();
            return new VersionMap(ref(version), version.state().name(), version.state().editable(), s.origin().name(),
                    true, s.editedBy(), s.editedAt(), clauses, known(clauses, s.entries()));
        }
        MapStore.Derived derived = store.derive(version.documentId(), version.number(), clauses);
        return new VersionMap(ref(version), version.state().name(), version.state().editable(),
                derived.origin().name(), false, null, null, clauses, derived.entries());
    }

    /**
     * The administration department sets which controls serve which clause of a policy version that is
     * still a draft or was sent back; management approves the map with the version.
     *
     * @throws DomainException 403 unless ADMIN_OFFICER; 404 for no such policy version; 409
     *         {@code compliance-map-locked} once the version was submitted or published; 422
     *         {@code compliance-map-clause-unknown} for a clause the version does not have
     */
    @Transactional
    public VersionMap edit(UUID versionId, Map<String, Set<Control>> entries, CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        VersionView version = documents.version(versionId, by);
        if (version.kind() != DocumentKind.POLICY) {
            throw DomainException.notFound();
        }
        // Locked until commit: a submission waits for this edit, or this edit sees it was submitted.
        VersionState state = documents.lockState(versionId);
        if (!state.editable()) {
            throw DomainException.conflict("compliance-map-locked");
        }
        List<Clause> clauses = Clauses.of(version.content().bodyZh(), version.content().bodyEn());
        Set<String> keys = new java.util.HashSet<>();
        clauses.forEach(c -> keys.add(c.key()));
        Map<String, Set<Control>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Control>> entry : entries.entrySet()) {
            if (!keys.contains(entry.getKey())) {
                throw DomainException.unprocessable("compliance-map-clause-unknown", Map.of("field", "clauses"));
            }
            if (!entry.getValue().isEmpty()) {
                kept.put(entry.getKey(), EnumSet.copyOf(entry.getValue()));
            }
        }
        Instant now = evidence.now();
        store.save(versionId, version.documentId(), version.number(), MapStore.Origin.EDITED, by.id(), now, clauses,
                kept);
        audit.record(AuditEvent.of(AuditCategory.ADMINISTRATION, "compliance.map.edited", AuditOutcome.ALLOWED)
                .actor(by.actor()).target("policy-version", versionId.toString())
                .detail("clauses", clauses.size()).detail("mapped", kept.size())
                .detail("links", kept.values().stream().mapToInt(Set::size).sum()).build());
        return ofVersion(versionId, by);
    }

    /**
     * Stores a published policy version's map as it stood when management approved it, in the approval's
     * transaction, so the map in force is the approved one even if the defaults change in a later release.
     */
    @EventListener
    void on(DocumentPublished published) {
        if (published.kind() != DocumentKind.POLICY || store.stored(published.versionId()).isPresent()) {
            return;
        }
        documents.policyInForce().filter(v -> v.id().equals(published.versionId())).ifPresent(version -> {
            List<Clause> clauses = Clauses.of(version.content().bodyZh(), version.content().bodyEn());
            MapStore.Derived derived = store.derive(version.documentId(), version.number(), clauses);
            store.save(version.id(), version.documentId(), version.number(), derived.origin(), null, evidence.now(),
                    clauses, derived.entries());
        });
    }

    private Map<String, Set<Control>> entries(VersionView version, List<Clause> clauses) {
        return store.stored(version.id()).map(s -> known(clauses, s.entries()))
                .orElseGet(() -> store.derive(version.documentId(), version.number(), clauses).entries());
    }

    /** The stored entries of clauses the version still has (a key can vanish only if the text was edited after). */
    private static Map<String, Set<Control>> known(List<Clause> clauses, Map<String, Set<Control>> entries) {
        Map<String, Set<Control>> kept = new LinkedHashMap<>();
        for (Clause clause : clauses) {
            Set<Control> controls = entries.get(clause.key());
            if (controls != null) {
                kept.put(clause.key(), controls);
            }
        }
        return kept;
    }

    private static ControlView view(Control control, Map<Indicator, Reading> readings) {
        List<Reading> list = new ArrayList<>();
        Status status = Status.INFO;
        for (Indicator indicator : control.indicators()) {
            Reading reading = readings.get(indicator);
            list.add(reading);
            status = Status.worst(status, reading.status());
        }
        return new ControlView(control, status, list);
    }

    private void requireSees(CustosUser viewer, @Nullable UUID department) {
        if (seesCompany(viewer)) {
            if (department != null && employees.department(department).isEmpty()) {
                throw DomainException.notFound();
            }
            return;
        }
        if (department != null && departmentsOf(viewer).contains(department)) {
            return;
        }
        throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
    }

    private static PolicyRef ref(VersionView version) {
        return new PolicyRef(version.documentId(), version.id(), version.number(), version.content().titleZh(),
                version.content().titleEn());
    }
}
