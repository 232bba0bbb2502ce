package io.custos.supervision;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * IT security's periodic assessments (issue 20.7, R-IT-2, policy §二.4): internal reviews,
 * penetration tests, dependency scans and configuration reviews, planned and then recorded as done
 * with a summary. A dependency scan, once done, attaches the running build's CycloneDX SBOM: stored
 * gzipped with the SHA-256 of the file as the build wrote it and its component count, so anyone
 * reading the register later knows exactly which libraries, in which versions, were running then.
 * Security administrators write; auditors, management and system administrators read (the same
 * people as the vulnerability register, {@link Vulnerabilities#reads}).
 */
@Service
@Transactional
public class Assessments {

    static final int MAX_SCOPE = 500;
    private static final int MAX_DAYS = 366;
    private static final String COLUMNS = "a.id, a.kind, a.scope, a.assessed_on, a.assessor, a.summary, a.status, "
            + "a.created_at, a.created_by, a.completed_at, a.completed_by, a.version, s.sha256, s.size_bytes, "
            + "s.component_count, s.spec_version, s.serial_number, s.build_name, s.build_version";
    private static final String FROM = " from supervision_assessment a left join supervision_assessment_sbom s "
            + "on s.assessment_id = a.id";

    private final JdbcClient jdbc;
    private final SbomSource sboms;
    private final VulnerabilityAudit audit;
    private final Times times;
    private final Clock clock;

    Assessments(JdbcClient jdbc, SbomSource sboms, VulnerabilityAudit audit, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.sboms = sboms;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    /** Plans an assessment, or records one carried out ({@code done}); a dependency scan done now attaches the SBOM. */
    public AssessmentView record(AssessmentInput input, CustosUser by) {
        Vulnerabilities.requireWriter(by);
        if (input.kind() == null) {
            throw DomainException.unprocessable("assessment-kind-required", Map.of("field", "kind"));
        }
        String scope = Vulnerabilities.required(input.scope(), "scope", MAX_SCOPE, true);
        String assessor = Vulnerabilities.required(input.assessor(), "assessor", Vulnerabilities.MAX_SHORT, false);
        String summary = input.done()
                ? Vulnerabilities.required(input.summary(), "summary", Vulnerabilities.MAX_TEXT, true)
                : Vulnerabilities.optional(input.summary(), "summary", Vulnerabilities.MAX_TEXT, true);
        LocalDate today = today();
        LocalDate on = input.assessedOn();
        if (on == null || on.isBefore(today.minusDays(MAX_DAYS)) || on.isAfter(today.plusDays(MAX_DAYS))
                || input.done() && on.isAfter(today)) {
            throw DomainException.unprocessable("assessment-date-invalid", Map.of("field", "assessedOn"), MAX_DAYS);
        }
        UUID id = UUID.randomUUID();
        Instant now = now();
        jdbc.sql("insert into supervision_assessment (id, kind, scope, assessed_on, assessor, summary, status, "
                + "created_at, created_by, completed_at, completed_by, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
                .params(id, input.kind().name(), scope, java.sql.Date.valueOf(on), assessor, summary,
                        input.done() ? "DONE" : "PLANNED", utc(now), by.id(), input.done() ? utc(now) : null,
                        input.done() ? by.id() : null)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("assessmentKind", input.kind());
        details.put("assessmentStatus", input.done() ? AssessmentStatus.DONE : AssessmentStatus.PLANNED);
        details.put("assessedOn", on);
        audit.record("supervision.assessment.recorded", VulnerabilityAudit.ASSESSMENT, id, details);
        if (input.done() && input.kind() == AssessmentKind.DEPENDENCY_SCAN) {
            attach(id);
        }
        return row(id).orElseThrow();
    }

    /**
     * Records a planned assessment as done, with its summary; a dependency scan attaches the SBOM
     * of the build running now. Done before its planned day, it is dated today.
     */
    public AssessmentView complete(UUID id, @Nullable String summary, int version, CustosUser by) {
        Vulnerabilities.requireWriter(by);
        AssessmentView a = row(id).orElseThrow(DomainException::notFound);
        if (a.status() != AssessmentStatus.PLANNED) {
            throw DomainException.conflict("assessment-not-planned");
        }
        String text = Vulnerabilities.required(summary, "summary", Vulnerabilities.MAX_TEXT, true);
        LocalDate today = today();
        LocalDate on = a.assessedOn().isAfter(today) ? today : a.assessedOn();
        int changed = jdbc.sql("update supervision_assessment set status = 'DONE', summary = ?, assessed_on = ?, "
                + "completed_at = ?, completed_by = ?, version = version + 1 where id = ? and version = ? and version = ?")
                .params(text, java.sql.Date.valueOf(on), utc(now()), by.id(), id, a.version(), version).update();
        if (changed != 1) {
            throw DomainException.conflict("assessment-changed");
        }
        audit.record("supervision.assessment.completed", VulnerabilityAudit.ASSESSMENT, id,
                Map.of("assessmentKind", a.kind(), "assessedOn", on));
        if (a.kind() == AssessmentKind.DEPENDENCY_SCAN) {
            attach(id);
        }
        return row(id).orElseThrow();
    }

    private void attach(UUID id) {
        SbomSource.Sbom sbom = sboms.current()
                .orElseThrow(() -> DomainException.conflict("assessment-sbom-unavailable"));
        SbomSummary s = sbom.summary();
        jdbc.sql("insert into supervision_assessment_sbom (assessment_id, sha256, size_bytes, component_count, "
                + "spec_version, serial_number, build_name, build_version, content_gzip) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, s.sha256(), s.sizeBytes(), s.componentCount(), s.specVersion(), s.serialNumber(),
                        s.buildName(), s.buildVersion(), gzip(sbom.bytes()))
                .update();
        audit.record("supervision.assessment.sbom-attached", VulnerabilityAudit.ASSESSMENT, id,
                Map.of("digest", SbomSource.auditDigest(s.sha256()), "components", s.componentCount(), "bytes", s.sizeBytes()));
    }

    @Transactional(readOnly = true)
    public List<AssessmentView> list(CustosUser by) {
        Vulnerabilities.requireReader(by);
        return jdbc.sql("select " + COLUMNS + FROM + " order by a.assessed_on desc, a.created_at desc")
                .query(mapper()).stream().limit(500).toList();
    }

    @Transactional(readOnly = true)
    public AssessmentView get(UUID id, CustosUser by) {
        Vulnerabilities.requireReader(by);
        return row(id).orElseThrow(DomainException::notFound);
    }

    /** The SBOM a dependency scan attached, as the build wrote it; the download is audited. */
    public SbomFile sbom(UUID id, CustosUser by) {
        Vulnerabilities.requireReader(by);
        AssessmentView a = row(id).orElseThrow(DomainException::notFound);
        if (a.sbom() == null) {
            throw DomainException.notFound();
        }
        byte[] gz = jdbc.sql("select content_gzip from supervision_assessment_sbom where assessment_id = ?").param(id)
                .query((rs, n) -> rs.getBytes(1)).single();
        byte[] bytes = gunzip(gz);
        if (!SbomSource.sha256(bytes).equals(a.sbom().sha256())) {
            throw new IllegalStateException("The stored SBOM of assessment " + id + " does not match its digest");
        }
        audit.record("supervision.assessment.sbom-downloaded", VulnerabilityAudit.ASSESSMENT, id,
                Map.of("digest", SbomSource.auditDigest(a.sbom().sha256())));
        return new SbomFile(a, bytes);
    }

    /** An attached SBOM's bytes, with the assessment it belongs to. */
    public record SbomFile(AssessmentView assessment, byte[] bytes) {

        public String fileName() {
            return "sbom-" + assessment.assessedOn() + ".cdx.json";
        }

        @Override
        public String toString() {
            return "SbomFile[" + assessment.id() + "]";
        }
    }

    Optional<AssessmentView> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + FROM + " where a.id = ?").param(id).query(mapper()).optional();
    }

    private static RowMapper<AssessmentView> mapper() {
        return (rs, n) -> {
            String sha = rs.getString(13);
            SbomSummary sbom = sha == null ? null : new SbomSummary(sha, rs.getLong(14), rs.getInt(15),
                    rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19));
            OffsetDateTime completed = rs.getObject(10, OffsetDateTime.class);
            return new AssessmentView(rs.getObject(1, UUID.class), AssessmentKind.valueOf(rs.getString(2)),
                    rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6),
                    AssessmentStatus.valueOf(rs.getString(7)), rs.getObject(8, OffsetDateTime.class).toInstant(),
                    rs.getObject(9, UUID.class), completed == null ? null : completed.toInstant(),
                    rs.getObject(11, UUID.class), rs.getInt(12), sbom);
        };
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readNBytes(SbomSource.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
