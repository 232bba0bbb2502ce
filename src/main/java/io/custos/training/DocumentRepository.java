package io.custos.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code policy_document}, {@code policy_document_version} and {@code policy_acknowledgment} rows. */
@Repository
class DocumentRepository {

    private static final String VERSION_COLUMNS = "v.id, v.document_id, d.kind, v.number, v.state, v.title_zh, "
            + "v.title_en, v.body_zh, v.body_en, v.drafted_by, v.drafted_at, v.updated_at, v.submitted_by, "
            + "v.submitted_at, v.decided_by, v.decided_at, v.published_at";
    private static final String FROM = " from policy_document_version v join policy_document d on d.id = v.document_id";

    private final JdbcClient jdbc;

    DocumentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("select count(*) from policy_document").query(Long.class).single();
    }

    void insertDocument(UUID id, DocumentKind kind, @Nullable UUID by, Instant at) {
        jdbc.sql("insert into policy_document (id, kind, singleton, created_at, created_by) values (?, ?, ?, ?, ?)")
                .params(id, kind.name(), kind == DocumentKind.AGREEMENT ? DocumentKind.AGREEMENT.name() : null,
                        utc(at), by)
                .update();
    }

    Optional<DocumentKind> kind(UUID documentId) {
        return jdbc.sql("select kind from policy_document where id = ?").param(documentId)
                .query((rs, n) -> DocumentKind.valueOf(rs.getString(1))).optional();
    }

    Optional<UUID> agreementId() {
        return jdbc.sql("select id from policy_document where kind = 'AGREEMENT'").query(UUID.class).optional();
    }

    List<UUID> documentIds() {
        return jdbc.sql("select id from policy_document order by kind desc, created_at, id").query(UUID.class).list();
    }

    void insertVersion(UUID id, UUID documentId, int number, DocumentContent content, @Nullable UUID by, Instant at) {
        jdbc.sql("""
                insert into policy_document_version (id, document_id, number, state, title_zh, title_en, body_zh,
                    body_en, drafted_by, drafted_at, updated_at) values (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, documentId, number, content.titleZh(), content.titleEn(), content.bodyZh(),
                        content.bodyEn(), by, utc(at), utc(at))
                .update();
    }

    int nextNumber(UUID documentId) {
        return jdbc.sql("select coalesce(max(number), 0) + 1 from policy_document_version where document_id = ?")
                .param(documentId).query(Integer.class).single();
    }

    Optional<VersionView> version(UUID id) {
        return jdbc.sql("select " + VERSION_COLUMNS + FROM + " where v.id = ?").param(id)
                .query(DocumentRepository::version).optional();
    }

    /** Versions this person drafted or submitted that are still being worked on ({@link VersionState#open()}). */
    List<VersionView> openVersionsOf(UUID employeeId) {
        return jdbc.sql("select " + VERSION_COLUMNS + FROM + " where (v.drafted_by = :person or v.submitted_by = :person) "
                + "and v.state in (:states) order by v.drafted_at, v.id").param("person", employeeId)
                .param("states", java.util.Arrays.stream(VersionState.values()).filter(VersionState::open)
                        .map(VersionState::name).toList())
                .query(DocumentRepository::version).list();
    }

    List<VersionView> versions(UUID documentId) {
        return jdbc.sql("select " + VERSION_COLUMNS + FROM + " where v.document_id = ? order by v.number desc")
                .param(documentId).query(DocumentRepository::version).list();
    }

    /** The published versions, at most one per document. */
    List<VersionView> published() {
        return jdbc.sql("select " + VERSION_COLUMNS + FROM + " where v.state = 'PUBLISHED' order by d.kind desc, "
                + "d.created_at").query(DocumentRepository::version).list();
    }

    /** A version's state, its row locked until the transaction ends, so a change tied to it cannot race a submission. */
    Optional<VersionState> lockState(UUID id) {
        return jdbc.sql("select state from policy_document_version where id = ? for update").param(id)
                .query((rs, n) -> VersionState.valueOf(rs.getString(1))).optional();
    }

    List<VersionView> inState(VersionState state) {
        return jdbc.sql("select " + VERSION_COLUMNS + FROM + " where v.state = ? order by v.submitted_at, v.id")
                .param(state.name()).query(DocumentRepository::version).list();
    }

    /** Moves a version from one state to the next; false when it was no longer in {@code from}. */
    boolean transition(UUID id, VersionState from, VersionState to, String whoColumn, String whenColumn,
            @Nullable UUID by, Instant at) {
        return jdbc.sql("update policy_document_version set state = ?, " + whoColumn + " = ?, " + whenColumn
                        + " = ?, updated_at = ? where id = ? and state = ?")
                .params(to.name(), by, utc(at), utc(at), id, from.name()).update() == 1;
    }

    boolean publish(UUID id, UUID by, Instant at) {
        return jdbc.sql("update policy_document_version set state = 'PUBLISHED', decided_by = ?, decided_at = ?, "
                        + "published_at = ?, updated_at = ? where id = ? and state = 'SUBMITTED'")
                .params(by, utc(at), utc(at), utc(at), id).update() == 1;
    }

    /** Marks the version published before as superseded; answers its id, if there was one. */
    Optional<UUID> supersede(UUID documentId, UUID except, Instant at) {
        Optional<UUID> previous = jdbc.sql("select id from policy_document_version where document_id = ? "
                + "and state = 'PUBLISHED' and id <> ?").params(documentId, except).query(UUID.class).optional();
        previous.ifPresent(id -> jdbc.sql("update policy_document_version set state = 'SUPERSEDED', updated_at = ? "
                + "where id = ?").params(utc(at), id).update());
        return previous;
    }

    boolean revise(UUID id, DocumentContent content, Instant at) {
        return jdbc.sql("""
                update policy_document_version set state = 'DRAFT', title_zh = ?, title_en = ?, body_zh = ?,
                    body_en = ?, updated_at = ? where id = ? and state in ('DRAFT', 'REJECTED')""")
                .params(content.titleZh(), content.titleEn(), content.bodyZh(), content.bodyEn(), utc(at), id)
                .update() == 1;
    }

    /** False when the person had acknowledged this version already. */
    boolean acknowledge(UUID versionId, UUID employeeId, Instant at) {
        if (acknowledgedAt(versionId, employeeId).isPresent()) {
            return false;
        }
        jdbc.sql("insert into policy_acknowledgment (version_id, employee_id, acknowledged_at) values (?, ?, ?)")
                .params(versionId, employeeId, utc(at)).update();
        return true;
    }

    Optional<Instant> acknowledgedAt(UUID versionId, UUID employeeId) {
        return jdbc.sql("select acknowledged_at from policy_acknowledgment where version_id = ? and employee_id = ?")
                .params(versionId, employeeId).query((rs, n) -> instant(rs, 1)).optional();
    }

    /** Who acknowledged a version, and when. */
    Map<UUID, Instant> acknowledgments(UUID versionId) {
        return jdbc.sql("select employee_id, acknowledged_at from policy_acknowledgment where version_id = ?")
                .param(versionId).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), instant(rs, 2))).list()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void insertRejection(UUID id, UUID versionId, String reason, UUID by, Instant at) {
        jdbc.sql("insert into policy_version_rejection (id, version_id, reason, rejected_by, rejected_at) "
                + "values (?, ?, ?, ?, ?)").params(id, versionId, reason, by, utc(at)).update();
    }

    /** The latest time this version was sent back, with the reason. */
    Optional<Rejection> latestRejection(UUID versionId) {
        return jdbc.sql("select reason, rejected_by, rejected_at from policy_version_rejection where version_id = ? "
                        + "order by rejected_at desc, id fetch first 1 rows only").param(versionId)
                .query((rs, n) -> new Rejection(rs.getString(1), rs.getObject(2, UUID.class), instant(rs, 3)))
                .optional();
    }

    private static VersionView version(ResultSet rs, int n) throws SQLException {
        return new VersionView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                DocumentKind.valueOf(rs.getString(3)), rs.getInt(4), VersionState.valueOf(rs.getString(5)),
                new DocumentContent(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                rs.getObject(10, UUID.class), instant(rs, 11), instant(rs, 12), rs.getObject(13, UUID.class),
                nullableInstant(rs, 14), rs.getObject(15, UUID.class), nullableInstant(rs, 16), nullableInstant(rs, 17));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Microseconds, as both databases store them (H2 would round, PostgreSQL too). */
    static OffsetDateTime utc(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
