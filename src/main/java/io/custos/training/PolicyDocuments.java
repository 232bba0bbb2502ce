package io.custos.training;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Policy documents and the confidentiality agreement (R-EMP-1, R-EMP-4): the administration
 * officer drafts and submits versions, management approves (which publishes, and tells everyone)
 * or rejects them, and every employee acknowledges the version in force, or for the agreement
 * accepts it. Each transition is guarded by {@link VersionState} and by a compare-and-set update,
 * and audited in its transaction.
 */
@Service
public class PolicyDocuments {

    private final DocumentRepository documents;
    private final TrainingAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PolicyDocuments(DocumentRepository documents, TrainingAudit audit, ApplicationEventPublisher events, Clock clock) {
        this.documents = documents;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A version in force that this person has not acknowledged (or, for the agreement, accepted) yet. */
    public record Pending(UUID documentId, UUID versionId, DocumentKind kind, int number, DocumentContent content) {
    }

    /** Officers and management see every version; everyone else only what was published. */
    @Transactional(readOnly = true)
    public List<DocumentView> documents(CustosUser reader) {
        List<DocumentView> result = new ArrayList<>();
        for (UUID id : documents.documentIds()) {
            DocumentView document = visible(id, reader);
            if (!document.versions().isEmpty()) {
                result.add(document);
            }
        }
        return result;
    }

    @Transactional(readOnly = true)
    public DocumentView document(UUID id, CustosUser reader) {
        DocumentView document = visible(id, reader);
        if (document.versions().isEmpty()) {
            throw DomainException.notFound();
        }
        return document;
    }

    @Transactional(readOnly = true)
    public VersionView version(UUID versionId, CustosUser reader) {
        VersionView version = documents.version(versionId).orElseThrow(DomainException::notFound);
        if (!seesDrafts(reader) && version.state().open()) {
            throw DomainException.notFound();
        }
        return version;
    }

    /**
     * The policy in force for the compliance map: the published version of the oldest policy document
     * (the confidentiality policy itself; later policy documents supplement it). A read of the company's
     * own published text, not a person's, so it takes no reader.
     */
    @Transactional(readOnly = true)
    public Optional<VersionView> policyInForce() {
        return documents.published().stream().filter(v -> v.kind() == DocumentKind.POLICY).findFirst();
    }

    /**
     * A policy version's state, locked until the caller's transaction ends: what is attached to a
     * version (its compliance map) changes only while the version is editable, and the lock keeps such
     * a change from slipping in after the version was submitted for approval.
     *
     * @throws DomainException 404 for no such version
     */
    @Transactional
    public VersionState lockState(UUID versionId) {
        return documents.lockState(versionId).orElseThrow(DomainException::notFound);
    }

    /** The agreement document, if one was ever drafted. */
    @Transactional(readOnly = true)
    public Optional<UUID> agreementId() {
        return documents.agreementId();
    }

    @Transactional(readOnly = true)
    public Optional<Instant> acknowledgedAt(UUID versionId, UUID employeeId) {
        return documents.acknowledgedAt(versionId, employeeId);
    }

    /** Who acknowledged a version and when; for officers and management. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT')")
    public Map<UUID, Instant> acknowledgments(UUID versionId) {
        return documents.acknowledgments(versionId);
    }

    /** What this person still has to acknowledge or accept, the agreement first. */
    @Transactional(readOnly = true)
    public List<Pending> pendingFor(UUID employeeId) {
        List<Pending> pending = new ArrayList<>();
        for (VersionView v : documents.published()) {
            if (documents.acknowledgedAt(v.id(), employeeId).isEmpty()) {
                pending.add(new Pending(v.documentId(), v.id(), v.kind(), v.number(), v.content()));
            }
        }
        return pending;
    }

    /** The agreement document, if a version of it is in force. */
    @Transactional(readOnly = true)
    public Optional<UUID> agreementInForce() {
        return documents.agreementId().filter(id -> documents.versions(id).stream()
                .anyMatch(v -> v.state() == VersionState.PUBLISHED));
    }

    /** Whether the person accepted the agreement version in force; false when none is in force. */
    @Transactional(readOnly = true)
    public boolean acceptedCurrentAgreement(UUID employeeId) {
        return documents.agreementId()
                .flatMap(id -> documents.versions(id).stream().filter(v -> v.state() == VersionState.PUBLISHED).findFirst())
                .map(v -> documents.acknowledgedAt(v.id(), employeeId).isPresent())
                .orElse(false);
    }

    /**
     * Whether the person had accepted, at that instant, the agreement version in force then (the
     * last one published up to it); false when none was in force.
     */
    @Transactional(readOnly = true)
    public boolean acceptedAgreementAt(UUID employeeId, Instant at) {
        Instant upTo = upTo(at);
        return documents.agreementId()
                .flatMap(id -> documents.versions(id).stream()
                        .filter(v -> v.publishedAt() != null && !v.publishedAt().isAfter(upTo))
                        .max(java.util.Comparator.comparing(v -> java.util.Objects.requireNonNull(v.publishedAt()))))
                .map(v -> documents.acknowledgedAt(v.id(), employeeId).filter(a -> !a.isAfter(upTo)).isPresent())
                .orElse(false);
    }

    /** The agreement published last up to that instant, if any. */
    @Transactional(readOnly = true)
    public Optional<UUID> agreementInForceAt(Instant at) {
        Instant upTo = upTo(at);
        return documents.agreementId().filter(id -> documents.versions(id).stream()
                .anyMatch(v -> v.publishedAt() != null && !v.publishedAt().isAfter(upTo)));
    }

    /** Times are stored to the microsecond, and rounded by some databases: an event of that very instant counts. */
    private static Instant upTo(Instant at) {
        return at.plusNanos(999).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The versions waiting for approval that this person may approve: not those they wrote or submitted. */
    @Transactional(readOnly = true)
    public List<VersionView> awaitingApprovalBy(UUID employeeId) {
        return documents.inState(VersionState.SUBMITTED).stream()
                .filter(v -> !employeeId.equals(v.draftedBy()) && !employeeId.equals(v.submittedBy())).toList();
    }

    /**
     * What a version not yet in force changes against the version in force of its document, for
     * those who see drafts; null for the version in force, an older one, or a first version.
     */
    @Transactional(readOnly = true)
    public @Nullable VersionDiff changes(UUID versionId, CustosUser reader) {
        VersionView version = version(versionId, reader);
        if (!seesDrafts(reader) || !version.state().open()) {
            return null;
        }
        VersionView current = documents.versions(version.documentId()).stream()
                .filter(v -> v.state() == VersionState.PUBLISHED).findFirst().orElse(null);
        return VersionDiff.of(current, version);
    }

    /** The versions management sent back, each for the administration officer to revise. */
    @Transactional(readOnly = true)
    public List<VersionView> sentBack() {
        return documents.inState(VersionState.REJECTED);
    }

    /** Why the version was last sent back, for those who see drafts; empty if it never was. */
    @Transactional(readOnly = true)
    public Optional<Rejection> rejection(UUID versionId, CustosUser reader) {
        version(versionId, reader);
        return seesDrafts(reader) ? documents.latestRejection(versionId) : Optional.empty();
    }

    /** A new document with its first draft; there is only ever one agreement document. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public UUID create(DocumentKind kind, DocumentContent content, CustosUser by) {
        if (kind == DocumentKind.AGREEMENT && documents.agreementId().isPresent()) {
            throw DomainException.conflict("agreement-exists");
        }
        UUID documentId = UUID.randomUUID();
        documents.insertDocument(documentId, kind, by.id(), clock.instant());
        return draft(documentId, kind, content, by.id(), null);
    }

    /** For the templates Custos ships: a document and its first draft, drafted by no one, in the caller's transaction. */
    UUID createTemplate(DocumentKind kind, DocumentContent content, Actor seeder) {
        UUID documentId = UUID.randomUUID();
        documents.insertDocument(documentId, kind, null, clock.instant());
        return draft(documentId, kind, content, null, seeder);
    }

    /** The next version of a document, as a draft; refused while another version is open. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public UUID draftNext(UUID documentId, DocumentContent content, CustosUser by) {
        DocumentKind kind = documents.kind(documentId).orElseThrow(DomainException::notFound);
        if (documents.versions(documentId).stream().anyMatch(v -> v.state().open())) {
            throw DomainException.conflict("document-version-open");
        }
        return draft(documentId, kind, content, by.id(), null);
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public void revise(UUID versionId, DocumentContent content, CustosUser by) {
        VersionView version = existing(versionId);
        version.state().revise();
        if (!documents.revise(versionId, content, clock.instant())) {
            throw DomainException.conflict("document-version-state");
        }
        audit.record("training.document.revised", TrainingAudit.VERSION, versionId, details(version));
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public void submit(UUID versionId, CustosUser by) {
        VersionView version = existing(versionId);
        move(version, version.state().submit(), "submitted_by", "submitted_at", by);
        audit.record("training.document.submitted", TrainingAudit.VERSION, versionId, details(version));
    }

    /**
     * Management approves a submitted version: it is published at once, the version in force before
     * is superseded, and {@link DocumentPublished} tells everyone. Nobody approves their own draft.
     */
    @Transactional
    @PreAuthorize("hasRole('MANAGEMENT')")
    public void approve(UUID versionId, CustosUser by) {
        VersionView version = existing(versionId);
        version.state().approve();
        if (by.id().equals(version.draftedBy()) || by.id().equals(version.submittedBy())) {
            audit.refused("training.document.approved", TrainingAudit.VERSION, versionId, "approver-is-author");
            throw new DomainException("approver-is-author", HttpStatus.FORBIDDEN);
        }
        Instant now = clock.instant();
        if (!documents.publish(versionId, by.id(), now)) {
            throw DomainException.conflict("document-version-state");
        }
        Optional<UUID> superseded = documents.supersede(version.documentId(), versionId, now);
        Map<String, Object> details = new LinkedHashMap<>(details(version));
        superseded.ifPresent(id -> details.put("superseded", id));
        audit.record("training.document.approved", TrainingAudit.VERSION, versionId, details);
        events.publishEvent(new DocumentPublished(version.documentId(), versionId, version.kind(), version.number()));
    }

    /**
     * Management sends a submitted version back with the reason, which the author reads on the
     * version page. The reason is kept with the version; the audit event names that record, as free
     * text never goes into the audit log.
     *
     * @throws DomainException 422 {@code rejection-reason-required} without a reason or with one longer than 500
     */
    @Transactional
    @PreAuthorize("hasRole('MANAGEMENT')")
    public void reject(UUID versionId, @Nullable String reason, CustosUser by) {
        if (reason == null || reason.isBlank() || reason.strip().length() > Rejection.MAX_REASON) {
            throw DomainException.unprocessable("rejection-reason-required", Map.of("field", "reason"));
        }
        VersionView version = existing(versionId);
        move(version, version.state().reject(), "decided_by", "decided_at", by);
        UUID rejection = UUID.randomUUID();
        documents.insertRejection(rejection, versionId, reason.strip(), by.id(), clock.instant());
        Map<String, Object> details = new LinkedHashMap<>(details(version));
        details.put("rejection", rejection);
        audit.record("training.document.rejected", TrainingAudit.VERSION, versionId, details);
    }

    /**
     * Records that this person read the version in force (a policy) or accepted it (the agreement).
     * Acknowledging again changes nothing and records nothing; an older or unpublished version is
     * refused with {@code document-not-in-force}.
     */
    @Transactional
    public Instant acknowledge(UUID versionId, CustosUser by) {
        VersionView version = version(versionId, by);
        if (version.state() != VersionState.PUBLISHED) {
            throw DomainException.conflict("document-not-in-force");
        }
        Instant now = clock.instant();
        if (documents.acknowledge(versionId, by.id(), now)) {
            audit.record(version.kind() == DocumentKind.AGREEMENT ? "training.agreement.accepted"
                    : "training.document.acknowledged", TrainingAudit.VERSION, versionId, details(version));
            return now;
        }
        return documents.acknowledgedAt(versionId, by.id()).orElse(now);
    }

    static boolean seesDrafts(CustosUser reader) {
        return reader.hasRole(Role.ADMIN_OFFICER) || reader.hasRole(Role.MANAGEMENT);
    }

    private DocumentView visible(UUID id, CustosUser reader) {
        DocumentKind kind = documents.kind(id).orElseThrow(DomainException::notFound);
        boolean drafts = seesDrafts(reader);
        return new DocumentView(id, kind, documents.versions(id).stream()
                .filter(v -> drafts || !v.state().open()).toList());
    }

    private UUID draft(UUID documentId, DocumentKind kind, DocumentContent content, @Nullable UUID by,
            @Nullable Actor actor) {
        UUID versionId = UUID.randomUUID();
        int number = documents.nextNumber(documentId);
        documents.insertVersion(versionId, documentId, number, content, by, clock.instant());
        Map<String, Object> details = Map.of("document", documentId, "kind", kind, "number", number);
        if (actor == null) {
            audit.record("training.document.drafted", TrainingAudit.VERSION, versionId, details);
        } else {
            audit.recordBy(actor, "training.document.drafted", TrainingAudit.VERSION, versionId, details);
        }
        return versionId;
    }

    private VersionView existing(UUID versionId) {
        return documents.version(versionId).orElseThrow(DomainException::notFound);
    }

    private void move(VersionView version, VersionState to, String who, String when, CustosUser by) {
        if (!documents.transition(version.id(), version.state(), to, who, when, by.id(), clock.instant())) {
            throw DomainException.conflict("document-version-state");
        }
    }

    private static Map<String, Object> details(VersionView version) {
        return Map.of("document", version.documentId(), "kind", version.kind(), "number", version.number());
    }
}
