package io.custos.sharing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * Export packages (issue 15.5, R-USE-4, R-USE-5): an export of more customers than the approval
 * threshold is requested, with its customers fixed at request time, and approved or refused before
 * any file exists; an approved package is downloaded by its requester only, each download a new
 * encrypted, watermarked workbook with its own password, shown once on a step of its own.
 * <p>
 * Who decides: the head of the requester's department; when the requester is that head, or the
 * department has no head, or the requester has none, management. Never the requester, whatever
 * roles they hold. Everyone else gets 404 for a package, exactly as for one that does not exist.
 */
@Service
public class ExportPackages {

    static final int MAX_JUSTIFICATION = 2000;
    static final int MAX_REASON = 500;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExportPackageRepository packages;
    private final CustomerExport exports;
    private final Purposes purposes;
    private final Employees employees;
    private final ExportAudit audit;
    private final ExportPasswords passwords;
    private final io.custos.shared.web.Times times;
    private final Grants grants;
    private final SharingRepository requests;
    private final Clock clock;

    ExportPackages(ExportPackageRepository packages, CustomerExport exports, Purposes purposes, Employees employees,
            ExportAudit audit, ExportPasswords passwords, io.custos.shared.web.Times times, Grants grants,
            SharingRepository requests, Clock clock) {
        this.grants = grants;
        this.requests = requests;
        this.packages = packages;
        this.exports = exports;
        this.purposes = purposes;
        this.employees = employees;
        this.audit = audit;
        this.passwords = passwords;
        this.times = times;
        this.clock = clock;
    }

    /** What a request names: the list's filters (evaluated now), the fields, the purpose and why. */
    public record ExportRequest(@Nullable String name, @Nullable String phone, @Nullable String email,
            @Nullable String idNumber, List<String> fields, @Nullable String purpose, @Nullable String justification,
            @Nullable UUID grantId) {

        public ExportRequest(@Nullable String name, @Nullable String phone, @Nullable String email,
                @Nullable String idNumber, List<String> fields, @Nullable String purpose,
                @Nullable String justification) {
            this(name, phone, email, idNumber, fields, purpose, justification, null);
        }

        @Override
        public String toString() {
            return "ExportRequest[fields=" + fields + ", purpose=" + purpose + "]";
        }
    }

    public enum Decision { APPROVE, REFUSE }

    /** A file to hand out once the transaction that recorded it has committed. */
    public record PackageFile(UUID downloadId, String fileName, byte[] content, int rows) {
        @Override
        public String toString() {
            return "PackageFile[download=" + downloadId + ", rows=" + rows + "]";
        }
    }

    /** The password of the latest download, shown once. */
    public record ShownPassword(UUID downloadId, String password) {
        @Override
        public String toString() {
            return "ShownPassword[download=" + downloadId + "]";
        }
    }

    /** What a watermark code found in a file tells: which download, by whom, when, of what. */
    public record WatermarkTrace(String code, UUID downloadId, UUID packageId, @Nullable UUID grantId,
            UUID downloadedById, String downloadedByUsername, String downloadedByName, @Nullable String department,
            Instant downloadedAt, int rows, int revealed) {
    }

    /**
     * Requests a package: the customers the filters find for this person now (as a direct export
     * would, without the threshold) are fixed; fields must be in the catalog, the purpose one of the
     * purposes list, and a justification given. Audited {@code sharing.export.requested}.
     */
    @Transactional
    public ExportPackageView request(ExportRequest request, CustosUser by) {
        String justification = required(request.justification(), MAX_JUSTIFICATION, "justification",
                "export-justification-required");
        if (request.grantId() != null) {
            return requestUnderGrant(request, justification, by);
        }
        if (request.purpose() == null || request.purpose().isBlank()) {
            throw DomainException.unprocessable("export-purpose-required", Map.of("field", "purpose"));
        }
        String purpose = request.purpose().strip();
        purposes.require(Set.of(purpose));
        List<String> fields = exports.requirePackageFields(request.fields());
        CustomerExport.Selection selection = exports.selectForPackage(new CustomerExport.ExportFilter(request.phone(),
                request.email(), request.idNumber(), request.name()), by);
        if (selection.customerIds().isEmpty()) {
            throw DomainException.unprocessable("export-selection-empty", Map.of("field", "name"));
        }
        UUID id = UUID.randomUUID();
        ExportPackageRepository.PackageRow row = new ExportPackageRepository.PackageRow(id, by.id(), by.departmentId(),
                by.departmentId(), null, purpose, fields, selection.filters(), justification,
                selection.customerIds().size(), ExportPackageState.PENDING, clock.instant(), null, null, null);
        packages.insert(row, selection.customerIds());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customers", selection.customerIds().size());
        details.put("fields", fields);
        details.put("filters", selection.filters());
        details.put("purposeCode", purpose);
        audit.exportPackage("sharing.export.requested", id, details);
        return view(row, by);
    }

    /**
     * A package under a sharing grant the person receives, active now (anyone else: 404): the grant's
     * customers and purpose, fields among the granted ones (422 {@code export-fields-outside-grant}
     * naming the others). The head of the department that requested the grant decides it.
     */
    private ExportPackageView requestUnderGrant(ExportRequest request, String justification, CustosUser by) {
        UUID grantId = java.util.Objects.requireNonNull(request.grantId());
        Instant now = clock.instant();
        // The active grants are listed without their customers; the one named is then read whole.
        GrantSummary grant = grants.activeFor(by, now).stream().filter(g -> g.id().equals(grantId)).findFirst()
                .flatMap(g -> grants.find(grantId)).orElseThrow(DomainException::notFound);
        if (request.purpose() != null && !request.purpose().isBlank() && !request.purpose().strip()
                .equals(grant.purpose())) {
            throw DomainException.unprocessable("export-purpose-outside-grant", Map.of("field", "purpose"));
        }
        List<String> fields = exports.requirePackageFields(request.fields().isEmpty() ? List.copyOf(grant.fields())
                : request.fields());
        List<String> outside = fields.stream().filter(f -> !grant.fields().contains(f)).toList();
        if (!outside.isEmpty()) {
            throw DomainException.unprocessable("export-fields-outside-grant", Map.of("field", "fields", "fields",
                    outside));
        }
        List<UUID> customers = grant.customerIds().stream().sorted().toList();
        if (customers.isEmpty()) {
            throw DomainException.unprocessable("export-selection-empty", Map.of("field", "grantId"));
        }
        UUID approving = requests.find(grant.requestId()).map(SharingRequest::departmentId).orElse(null);
        UUID id = UUID.randomUUID();
        ExportPackageRepository.PackageRow row = new ExportPackageRepository.PackageRow(id, by.id(), by.departmentId(),
                approving, grantId, grant.purpose(), fields, List.of("grant"), justification, customers.size(),
                ExportPackageState.PENDING, now, null, null, null);
        packages.insert(row, customers);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customers", customers.size());
        details.put("fields", fields);
        details.put("grant", grantId);
        details.put("purposeCode", grant.purpose());
        audit.exportPackage("sharing.export.requested", id, details);
        return view(row, by);
    }

    /** Approves or refuses a pending package (a refusal needs a reason); never the requester's own. */
    @Transactional
    public ExportPackageView decide(UUID id, @Nullable Decision decision, @Nullable String reason, CustosUser by) {
        if (decision == null) {
            throw DomainException.unprocessable("export-decision-required", Map.of("field", "decision"));
        }
        ExportPackageRepository.PackageRow row = visible(id, by);
        ExportPackageState.Transition transition = decision == Decision.APPROVE ? ExportPackageState.Transition.APPROVE
                : ExportPackageState.Transition.REFUSE;
        ExportPackageState to = row.state().after(transition);
        if (row.requesterId().equals(by.id())) {
            audit.refused("sharing.export." + (decision == Decision.APPROVE ? "approved" : "refused"), id,
                    "self-approval");
            throw new DomainException("export-self-approval", HttpStatus.FORBIDDEN);
        }
        if (!mayDecide(row, by)) {
            audit.refused("sharing.export." + (decision == Decision.APPROVE ? "approved" : "refused"), id,
                    "not-approver");
            throw new DomainException("export-not-approver", HttpStatus.FORBIDDEN);
        }
        String why = decision == Decision.REFUSE ? required(reason, MAX_REASON, "reason", "export-reason-required")
                : optional(reason, MAX_REASON);
        if (!packages.move(id, to, clock.instant(), by.id(), why)) {
            throw new DomainException("export-package-state", HttpStatus.CONFLICT, Map.of("state",
                    packages.find(id).map(p -> p.state().name()).orElse("PENDING"), "transition", transition.name()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customers", row.customerCount());
        details.put("requester", row.requesterId());
        details.put("reasonGiven", why != null);
        audit.exportPackage(decision == Decision.APPROVE ? "sharing.export.approved" : "sharing.export.refused", id,
                details);
        return view(packages.find(id).orElseThrow(), by);
    }

    /** The requester takes back a package still waiting for its decision. */
    @Transactional
    public ExportPackageView withdraw(UUID id, CustosUser by) {
        ExportPackageRepository.PackageRow row = visible(id, by);
        ExportPackageState to = row.state().after(ExportPackageState.Transition.WITHDRAW);
        if (!row.requesterId().equals(by.id())) {
            audit.refused("sharing.export.withdrawn", id, "not-requester");
            throw new DomainException("export-not-requester", HttpStatus.FORBIDDEN);
        }
        if (!packages.move(id, to, clock.instant(), by.id(), null)) {
            throw new DomainException("export-package-state", HttpStatus.CONFLICT, Map.of("state",
                    packages.find(id).map(p -> p.state().name()).orElse("PENDING"), "transition", "WITHDRAW"));
        }
        audit.exportPackage("sharing.export.withdrawn", id, Map.of("customers", row.customerCount()));
        return view(packages.find(id).orElseThrow(), by);
    }

    @Transactional(readOnly = true)
    public ExportPackageView find(UUID id, CustosUser by) {
        return view(visible(id, by), by);
    }

    /** The packages this person requested, newest first. */
    @Transactional(readOnly = true)
    public List<ExportPackageView> mine(CustosUser by) {
        return packages.byRequester(by.id()).stream().map(p -> view(p, by)).toList();
    }

    /** The pending packages this person may decide, oldest first. */
    @Transactional(readOnly = true)
    public List<ExportPackageView> toDecide(CustosUser by) {
        return packages.inState(ExportPackageState.PENDING).stream().filter(p -> mayDecide(p, by))
                .map(p -> view(p, by)).toList();
    }

    /** The packages this person decided, newest first. */
    @Transactional(readOnly = true)
    public List<ExportPackageView> decided(CustosUser by) {
        return packages.decidedBy(by.id()).stream().filter(p -> !p.requesterId().equals(by.id()))
                .map(p -> view(p, by)).toList();
    }

    /**
     * A new file of an approved package for its requester: the rows decided now (see
     * {@link CustomerExport#writePackage}), a new watermark code, a new password (held, sealed, for
     * the password step, never stored in clear), recorded as {@code sharing.export.downloaded}
     * before the file leaves. Anyone but the requester gets 404; a package not approved, 409.
     */
    @Transactional
    public PackageFile download(UUID id, Locale locale, CustosUser by) {
        ExportPackageRepository.PackageRow row = ownPackage(id, by, "sharing.export.downloaded");
        if (row.state() != ExportPackageState.APPROVED) {
            audit.refused("sharing.export.downloaded", id, "not-approved");
            throw new DomainException("export-package-not-approved", HttpStatus.CONFLICT, Map.of("state",
                    row.state().name()));
        }
        Instant now = clock.instant();
        if (row.grantId() != null && grants.activeFor(by, now).stream().noneMatch(g -> g.id().equals(row.grantId()))) {
            audit.refused("sharing.export.downloaded", id, "grant-ended");
            throw DomainException.conflict("export-grant-ended");
        }
        UUID downloadId = UUID.randomUUID();
        String code = ExportPasswords.code();
        String password = ExportPasswords.generate();
        Map<String, String> labels = new LinkedHashMap<>();
        exports.packageFields(locale).forEach(c -> labels.put(c.key(), c.label()));
        List<String> headers = row.fields().stream().map(f -> labels.getOrDefault(f, f)).toList();
        PackageWorkbook.Watermark watermark = new PackageWorkbook.Watermark(recipient(by, locale),
                reference(row), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atZone(times.companyZone())
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), code);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CustomerExport.PackageWritten written;
        try (PackageWorkbook book = new PackageWorkbook(watermark, headers)) {
            written = exports.writePackage(id, packages.customers(id), row.fields(), row.purpose(),
                    row.grantId() == null ? AccessAction.EXPORT : AccessAction.VIEW, by,
                    (customerId, cells) -> book.row(cells));
            book.encryptTo(password, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packages.insertDownload(new ExportPackageRepository.DownloadRow(downloadId, id, code, by.id(), now,
                written.rows(), written.revealed(), null));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("download", downloadId);
        details.put("code", code);
        details.put("rows", written.rows());
        details.put("leftOut", written.leftOut());
        details.put("revealed", written.revealed());
        if (row.grantId() != null) {
            details.put("grant", row.grantId());
        }
        audit.exportPackage("sharing.export.downloaded", id, details);
        // In the download's transaction: the password waits for its step only if the download is recorded.
        passwords.hold(id, by.id(), downloadId, password);
        return new PackageFile(downloadId, "export-package-" + FILE_TIME.format(now) + ".xlsx", out.toByteArray(),
                written.rows());
    }

    /**
     * The password of this person's latest download of the package, once: taken again, or before any
     * download, or after it expired, 409 {@code export-password-unavailable}. Audited.
     */
    @Transactional
    public ShownPassword password(UUID id, CustosUser by) {
        ownPackage(id, by, "sharing.export.password-shown");
        Optional<ExportPasswords.Pending> pending = passwords.take(id, by.id());
        if (pending.isEmpty() || !packages.passwordShown(pending.get().downloadId(), clock.instant())) {
            audit.refused("sharing.export.password-shown", id, "unavailable");
            throw DomainException.conflict("export-password-unavailable");
        }
        audit.exportPackage("sharing.export.password-shown", id, Map.of("download", pending.get().downloadId()));
        return new ShownPassword(pending.get().downloadId(), pending.get().password());
    }

    /** Who downloaded the file carrying this code (security administrators, auditors, the administration). */
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'ADMIN_OFFICER')")
    @Transactional
    public WatermarkTrace trace(String code, CustosUser by) {
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        Optional<ExportPackageRepository.DownloadRow> found = wanted.matches("W[0-9A-F]{24}")
                ? packages.downloadByCode(wanted) : Optional.empty();
        if (found.isEmpty()) {
            audit.watermark(false, wanted, Map.of());
            throw DomainException.notFound();
        }
        ExportPackageRepository.DownloadRow download = found.get();
        ExportPackageRepository.PackageRow row = packages.find(download.packageId()).orElseThrow();
        Optional<EmployeeView> person = employees.byId(download.downloadedBy());
        String department = person.map(EmployeeView::departmentId).flatMap(d -> d == null ? Optional.empty()
                : employees.department(d)).map(d -> d.name(Locale.ENGLISH) + " / " + d.nameZh()).orElse(null);
        audit.watermark(true, wanted, Map.of("download", download.id(), "exportPackage", row.id()));
        return new WatermarkTrace(wanted, download.id(), row.id(), row.grantId(), download.downloadedBy(),
                person.map(EmployeeView::username).orElse("?"), person.map(EmployeeView::displayName).orElse("?"),
                department, download.downloadedAt(), download.rows(), download.revealed());
    }

    /** How long a recipient has to confirm that the copies made under an ended grant are destroyed. */
    static final java.time.Duration DESTRUCTION_DUE = java.time.Duration.ofDays(7);

    /**
     * A grant ended: everyone who downloaded a package under it is asked, once per package, to
     * confirm within {@link #DESTRUCTION_DUE} that their copies are destroyed. Audited per request.
     */
    @Transactional
    public int askForDestruction(GrantEnded ended) {
        Instant now = clock.instant();
        int asked = 0;
        for (ExportPackageRepository.PackageRow row : packages.underGrant(ended.grantId())) {
            java.util.Set<UUID> downloaders = new java.util.LinkedHashSet<>();
            packages.downloads(row.id()).forEach(d -> downloaders.add(d.downloadedBy()));
            for (UUID person : downloaders) {
                UUID destruction = UUID.randomUUID();
                if (packages.insertDestruction(new ExportPackageRepository.DestructionRow(destruction, row.id(),
                        ended.grantId(), person, now, now.plus(DESTRUCTION_DUE), null, null))) {
                    audit.exportPackage("sharing.export.destruction-asked", row.id(), Map.of("destruction",
                            destruction, "grant", ended.grantId(), "employee", person, "revoked", ended.revoked()));
                    asked++;
                }
            }
        }
        return asked;
    }

    /** The person asked confirms their copies are destroyed (late, after lapsing, still counts and is recorded). */
    @Transactional
    public void confirmDestruction(UUID destructionId, CustosUser by) {
        ExportPackageRepository.DestructionRow row = packages.destruction(destructionId)
                .filter(d -> d.employeeId().equals(by.id())).orElseThrow(DomainException::notFound);
        if (!packages.confirmDestruction(destructionId, clock.instant())) {
            throw DomainException.conflict("export-destruction-confirmed");
        }
        audit.exportPackage("sharing.export.destruction-confirmed", row.packageId(), Map.of("destruction",
                destructionId, "grant", row.grantId(), "late", row.lapsedAt() != null));
    }

    /** The open destruction requests of a person (their home page). */
    @Transactional(readOnly = true)
    public List<ExportPackageView.Destruction> openDestructions(UUID personId) {
        return packages.openDestructionsOf(personId).stream().map(d -> new ExportPackageView.Destruction(d.id(),
                d.employeeId(), name(d.employeeId()), d.askedAt(), d.dueAt(), d.confirmedAt(), d.lapsedAt()))
                .toList();
    }

    /** Marks the requests not confirmed by their due time as lapsed, each audited; answers how many. */
    @Transactional
    public int lapseOverdueDestructions() {
        Instant now = clock.instant();
        int lapsed = 0;
        for (ExportPackageRepository.DestructionRow row : packages.overdueDestructions(now)) {
            if (packages.lapse(row.id(), now)) {
                audit.exportPackage("sharing.export.destruction-lapsed", row.packageId(), Map.of("destruction",
                        row.id(), "grant", row.grantId(), "employee", row.employeeId()));
                lapsed++;
            }
        }
        return lapsed;
    }

    /** The package a destruction request belongs to, for its page. */
    @Transactional(readOnly = true)
    public Optional<UUID> packageOfDestruction(UUID destructionId, UUID personId) {
        return packages.destruction(destructionId).filter(d -> d.employeeId().equals(personId))
                .map(ExportPackageRepository.DestructionRow::packageId);
    }

    /** Whether this person may decide the package now (it need not be pending). */
    boolean mayDecide(ExportPackageRepository.PackageRow row, CustosUser by) {
        if (row.requesterId().equals(by.id())) {
            return false;
        }
        UUID head = row.approvingDepartmentId() == null ? null : employees.department(row.approvingDepartmentId())
                .map(DepartmentView::headId).orElse(null);
        if (head != null && !head.equals(row.requesterId())) {
            return head.equals(by.id());
        }
        return by.hasRole(Role.MANAGEMENT);
    }

    /** The package, if this person may see it: its requester, who may decide it, who decided it; else 404. */
    private ExportPackageRepository.PackageRow visible(UUID id, CustosUser by) {
        ExportPackageRepository.PackageRow row = packages.find(id).orElseThrow(DomainException::notFound);
        if (row.requesterId().equals(by.id()) || by.id().equals(row.decidedBy()) || mayDecide(row, by)) {
            return row;
        }
        throw DomainException.notFound();
    }

    /** The package, if this person requested it; anyone else, approvers included, gets 404. */
    private ExportPackageRepository.PackageRow ownPackage(UUID id, CustosUser by, String action) {
        ExportPackageRepository.PackageRow row = packages.find(id).orElseThrow(DomainException::notFound);
        if (!row.requesterId().equals(by.id())) {
            audit.refused(action, id, "not-requester");
            throw DomainException.notFound();
        }
        return row;
    }

    private ExportPackageView view(ExportPackageRepository.PackageRow row, CustosUser by) {
        boolean own = row.requesterId().equals(by.id());
        List<ExportPackageView.Download> downloads = new ArrayList<>();
        for (ExportPackageRepository.DownloadRow d : packages.downloads(row.id())) {
            downloads.add(new ExportPackageView.Download(d.id(), name(d.downloadedBy()), d.downloadedAt(), d.rows(),
                    d.passwordShownAt() != null));
        }
        List<ExportPackageView.Destruction> destructions = packages.destructions(row.id()).stream()
                .map(d -> new ExportPackageView.Destruction(d.id(), d.employeeId(), name(d.employeeId()), d.askedAt(),
                        d.dueAt(), d.confirmedAt(), d.lapsedAt()))
                .toList();
        boolean pending = row.state() == ExportPackageState.PENDING;
        return new ExportPackageView(row.id(), row.requesterId(), name(row.requesterId()), row.grantId(),
                row.purpose(), row.fields(), row.filters(), row.justification(), row.customerCount(), row.state(),
                row.requestedAt(), row.decidedAt(), row.decidedBy() == null ? null : name(row.decidedBy()),
                row.decisionReason(), downloads, destructions, pending && mayDecide(row, by), pending && own,
                own && row.state() == ExportPackageState.APPROVED);
    }

    private String name(UUID employeeId) {
        return employees.byId(employeeId).map(EmployeeView::displayName).orElse("—");
    }

    private String recipient(CustosUser by, Locale locale) {
        String department = by.departmentId() == null ? null : employees.department(by.departmentId())
                .map(d -> d.name(locale)).orElse(null);
        return by.displayName() + " (" + by.username() + ")" + (department == null ? "" : ", " + department);
    }

    private static String reference(ExportPackageRepository.PackageRow row) {
        return row.grantId() == null ? "Package " + row.id() : "Grant " + row.grantId() + " / Package " + row.id();
    }

    private static String required(@Nullable String text, int max, String field, String code) {
        if (text == null || text.isBlank()) {
            throw DomainException.unprocessable(code, Map.of("field", field));
        }
        return Objects.requireNonNull(optional(text, max));
    }

    private static @Nullable String optional(@Nullable String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > max) {
            throw DomainException.unprocessable("export-text-too-long", Map.of("max", max), max);
        }
        return stripped;
    }
}
