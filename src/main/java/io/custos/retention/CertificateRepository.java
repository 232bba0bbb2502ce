package io.custos.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code destruction_certificate} rows. */
@Repository
class CertificateRepository {

    private final JdbcClient jdbc;

    CertificateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> codeOf(UUID subjectId) {
        return jdbc.sql("select code from destruction_certificate where subject_id = ?").param(subjectId)
                .query(String.class).optional();
    }

    void insert(String code, UUID subjectId, CertificateFacts facts, Instant issuedAt) {
        jdbc.sql("""
                insert into destruction_certificate (code, kind, subject_id, number, method, executed_at, item_count,
                    digest, issued_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(code, facts.kind().name(), subjectId, facts.number(), facts.method(), utc(facts.executedAt()),
                        facts.count(), facts.digest(), utc(issuedAt))
                .update();
    }

    Optional<CertificateFacts> find(String code) {
        return jdbc.sql("select kind, number, method, executed_at, item_count, digest from destruction_certificate "
                + "where code = ?").param(code)
                .query((rs, n) -> new CertificateFacts(CertificateKind.valueOf(rs.getString("kind")),
                        rs.getString("number"), rs.getString("method"),
                        rs.getObject("executed_at", OffsetDateTime.class).toInstant(), rs.getLong("item_count"),
                        rs.getString("digest")))
                .optional();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
