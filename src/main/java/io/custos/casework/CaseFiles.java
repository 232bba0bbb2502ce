package io.custos.casework;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * The files of a case (issue 19.3): the customer's evidence for a complaint or claim, checked by
 * its content (Apache Tika), not by the name or the type the browser claims; at most
 * {@value #MAX_EVIDENCE} of at most 5 MB each, while the case is open. Stored encrypted under the
 * customer's data key, with the SHA-256 in clear to prove which file it was. What the company
 * delivers is made when the customer fetches it. Each download is audited.
 */
@Service
@Transactional
public class CaseFiles {

    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final int MAX_EVIDENCE = 5;
    private static final Map<String, String> EVIDENCE_TYPES = Map.of("application/pdf", "pdf", "image/jpeg", "jpg",
            "image/png", "png");
    private static final Set<CaseType> WITH_EVIDENCE = Set.of(CaseType.COMPLAINT, CaseType.CLAIM);
    private static final String COLUMNS = "id, case_id, kind, media_type, file_name, size_bytes, sha256, added_at, "
            + "added_by_type, added_by";
    private static final RowMapper<CaseFile> MAPPER = (rs, n) -> new CaseFile(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), CaseFile.Kind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
            Actor.ActorType.valueOf(rs.getString(9)), rs.getObject(10, UUID.class));

    private final JdbcClient jdbc;
    private final Cases cases;
    private final DataKeys keys;
    private final CaseworkAudit audit;
    private final CaseDeliveries deliveries;
    private final Clock clock;
    private final Tika tika = new Tika();

    CaseFiles(JdbcClient jdbc, Cases cases, DataKeys keys, CaseworkAudit audit, CaseDeliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.cases = cases;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Evidence the customer adds to their own open complaint or claim in the portal ({@code by} is
     * the portal's actor for that customer). Another customer's case is 404.
     */
    public CaseFile addEvidence(UUID customerId, UUID caseId, byte[] content, Actor by) {
        if (by.type() != Actor.ActorType.CUSTOMER || !customerId.equals(by.id())) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        CaseView c = cases.row(caseId).filter(found -> found.customerId().equals(customerId))
                .orElseThrow(DomainException::notFound);
        return store(c, content, by);
    }

    /** Evidence staff add from a letter or an e-mail, to a case they answer. */
    public CaseFile addEvidence(UUID caseId, byte[] content, CustosUser by) {
        CaseView c = cases.row(caseId).filter(found -> cases.maySee(found, by)).orElseThrow(DomainException::notFound);
        if (!Cases.mayAct(c, by)) {
            throw new DomainException("case-not-yours", HttpStatus.FORBIDDEN);
        }
        return store(c, content, by.actor());
    }

    private CaseFile store(CaseView c, byte[] content, Actor by) {
        if (!WITH_EVIDENCE.contains(c.type())) {
            throw DomainException.unprocessable("case-evidence-not-for-type", Map.of("field", "file"));
        }
        if (!c.open()) {
            throw DomainException.conflict("case-closed");
        }
        if (content.length == 0) {
            throw DomainException.unprocessable("case-file-required", Map.of("field", "file"));
        }
        if (content.length > MAX_BYTES) {
            throw DomainException.unprocessable("case-file-too-large", Map.of("field", "file"), MAX_BYTES / (1024 * 1024));
        }
        String mediaType = tika.detect(content);
        String extension = EVIDENCE_TYPES.get(mediaType);
        if (extension == null) {
            throw DomainException.unprocessable("case-file-type", Map.of("field", "file"));
        }
        int held = jdbc.sql("select count(*) from casework_file where case_id = ? and kind = 'EVIDENCE'").param(c.id())
                .query(Integer.class).single();
        if (held >= MAX_EVIDENCE) {
            throw DomainException.unprocessable("case-file-limit", Map.of("field", "file"), MAX_EVIDENCE);
        }
        UUID id = UUID.randomUUID();
        String name = "evidence-" + (held + 1) + "." + extension;
        insert(id, c, CaseFile.Kind.EVIDENCE, mediaType, name, content, null, by);
        audit.record("casework.file.added", c.id(), Map.of("customer", c.customerId(), "fileKind",
                CaseFile.Kind.EVIDENCE, "bytes", content.length), by);
        return find(id);
    }

    /**
     * Promises the files a copy or portability request delivers: each is made when the customer
     * fetches it ({@link CaseDeliveries}); only the name, the type and a copy's password are kept.
     */
    void promise(CaseView c, LocalDate today, Actor by) {
        for (CaseDeliveries.Planned planned : CaseDeliveries.planned(c, today)) {
            insert(UUID.randomUUID(), c, CaseFile.Kind.DELIVERY, planned.mediaType(), planned.name(), null,
                    planned.password(), by);
        }
        audit.record("casework.file.delivered", c.id(), Map.of("customer", c.customerId(), "fileKind",
                CaseFile.Kind.DELIVERY), by);
    }

    /** The files of a case, oldest first, without their content. */
    @Transactional(readOnly = true)
    public List<CaseFile> of(UUID caseId) {
        return jdbc.sql("select " + COLUMNS + " from casework_file where case_id = ? order by added_at, file_name")
                .param(caseId).query(MAPPER).list();
    }

    /** One of the customer's own files, with its content (and a delivery's password). Audited. */
    public CaseFile.Content forCustomer(UUID customerId, UUID caseId, UUID fileId) {
        CaseView c = cases.row(caseId).filter(found -> found.customerId().equals(customerId))
                .orElseThrow(DomainException::notFound);
        return open(c, fileId);
    }

    /** The password that opens a delivered copy, for the customer alone; a file without one is 404. */
    @Transactional(readOnly = true)
    public String passwordFor(UUID customerId, UUID caseId, UUID fileId) {
        CaseView c = cases.row(caseId).filter(found -> found.customerId().equals(customerId))
                .orElseThrow(DomainException::notFound);
        String cipher = jdbc.sql("select password_cipher from casework_file where id = ? and case_id = ?")
                .params(fileId, c.id()).query(String.class).optional().orElse(null);
        if (cipher == null || keys.isDestroyed(c.customerId())) {
            throw DomainException.notFound();
        }
        return keys.decrypt(c.customerId(), field(fileId) + ":password", cipher);
    }

    /**
     * Evidence of a case this person may read the words of. Audited. What the company delivered is
     * the customer's alone: a delivered copy holds every value, confidential ones too, and staff
     * reveal those only field by field for a purpose.
     */
    public CaseFile.Content forStaff(UUID caseId, UUID fileId, CustosUser by) {
        CaseView c = cases.row(caseId).filter(found -> cases.maySee(found, by) && Cases.mayReadWords(found, by))
                .orElseThrow(DomainException::notFound);
        boolean evidence = jdbc.sql("select count(*) from casework_file where id = ? and case_id = ? and kind = 'EVIDENCE'")
                .params(fileId, caseId).query(Integer.class).single() == 1;
        if (!evidence) {
            throw DomainException.notFound();
        }
        return open(c, fileId);
    }

    private CaseFile.Content open(CaseView c, UUID fileId) {
        CaseFile file = jdbc.sql("select " + COLUMNS + " from casework_file where id = ? and case_id = ?")
                .params(fileId, c.id()).query(MAPPER).optional().orElseThrow(DomainException::notFound);
        if (keys.isDestroyed(c.customerId())) {
            throw DomainException.notFound();
        }
        Map<String, String> ciphers = jdbc.sql("select content_cipher, password_cipher from casework_file where id = ?")
                .param(fileId).query((rs, n) -> {
                    java.util.HashMap<String, String> m = new java.util.HashMap<>();
                    m.put("content", rs.getString(1));
                    m.put("password", rs.getString(2));
                    return (Map<String, String>) m;
                }).single();
        String password = ciphers.get("password") == null ? null
                : keys.decrypt(c.customerId(), field(fileId) + ":password", ciphers.get("password"));
        byte[] bytes = file.kind() == CaseFile.Kind.DELIVERY ? deliveries.render(c, file, password)
                : Base64.getDecoder().decode(keys.decrypt(c.customerId(), field(fileId), ciphers.get("content")));
        audit.record("casework.file.downloaded", c.id(), Map.of("customer", c.customerId(), "fileKind", file.kind(),
                "file", fileId));
        return new CaseFile.Content(file, bytes, password);
    }

    private void insert(UUID id, CaseView c, CaseFile.Kind kind, String mediaType, String name, byte @Nullable [] content,
            @Nullable String password, Actor by) {
        keys.ensure(c.customerId());
        // A delivery has no content of its own until it is fetched: an empty text, no size, no digest.
        jdbc.sql("insert into casework_file (id, case_id, kind, media_type, file_name, size_bytes, sha256, added_at, "
                + "added_by_type, added_by, content_cipher, password_cipher) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, c.id(), kind.name(), mediaType, name, content == null ? 0L : (long) content.length,
                        content == null ? "-" : sha256(content),
                        clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC), by.type().name(), by.id(),
                        content == null ? "" : keys.encrypt(c.customerId(), field(id),
                                Base64.getEncoder().encodeToString(content)),
                        password == null ? null : keys.encrypt(c.customerId(), field(id) + ":password", password))
                .update();
    }

    private CaseFile find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from casework_file where id = ?").param(id).query(MAPPER).single();
    }

    private static String field(UUID fileId) {
        return "casework-file:" + fileId;
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
