package io.custos.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code nda}, {@code nda_file}, {@code nda_acceptance} and {@code department_nda_requirement} rows. */
@Repository
class NdaRepository {

    private static final String COLUMNS = """
            id, recipient_type, recipient_id, version, signatory, signed_on, expires_on, file_name, content_type,
            file_size, filed_by, filed_at""";

    private final JdbcClient jdbc;

    NdaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<NdaView> of(Recipient recipient) {
        return jdbc.sql("select " + COLUMNS + " from nda where recipient_type = ? and recipient_id = ? "
                + "order by signed_on desc, filed_at desc").params(recipient.type().name(), recipient.id())
                .query(this::row).list();
    }

    /** The agreement in force on the day: of those covering it, the one signed last (then filed last). */
    Optional<NdaView> inForce(Recipient recipient, LocalDate day) {
        return jdbc.sql("select " + COLUMNS + " from nda where recipient_type = ? and recipient_id = ? "
                + "and signed_on <= ? and expires_on >= ? order by signed_on desc, filed_at desc, id "
                + "fetch first 1 rows only").params(recipient.type().name(), recipient.id(), day, day)
                .query(this::row).optional();
    }

    Optional<NdaView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from nda where id = ?").param(id).query(this::row).optional();
    }

    boolean versionTaken(Recipient recipient, String version) {
        return jdbc.sql("select count(*) from nda where recipient_type = ? and recipient_id = ? and version = ?")
                .params(recipient.type().name(), recipient.id(), version).query(Long.class).single() > 0;
    }

    void insert(NdaView nda, String sha256, byte[] content) {
        jdbc.sql("""
                insert into nda (id, recipient_type, recipient_id, version, signatory, signed_on, expires_on, file_name,
                    content_type, file_size, sha256, filed_by, filed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(nda.id(), nda.recipient().type().name(), nda.recipient().id(), nda.version(), nda.signatory(),
                        nda.signedOn(), nda.expiresOn(), nda.fileName(), nda.contentType(), nda.fileSize(), sha256,
                        nda.filedBy(), PartnerRepository.at(nda.filedAt()))
                .update();
        jdbc.sql("insert into nda_file (nda_id, content) values (?, ?)").params(nda.id(), content).update();
    }

    Optional<byte[]> content(UUID ndaId) {
        return jdbc.sql("select content from nda_file where nda_id = ?").param(ndaId)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    Optional<Instant> acceptedAt(UUID ndaId, UUID employeeId) {
        return jdbc.sql("select accepted_at from nda_acceptance where nda_id = ? and employee_id = ?")
                .params(ndaId, employeeId).query((rs, n) -> PartnerRepository.instant(rs, "accepted_at")).optional();
    }

    /** @return false when this person had accepted it already */
    boolean accept(UUID ndaId, UUID employeeId, Instant at) {
        if (acceptedAt(ndaId, employeeId).isPresent()) {
            return false;
        }
        jdbc.sql("insert into nda_acceptance (nda_id, employee_id, accepted_at) values (?, ?, ?)")
                .params(ndaId, employeeId, PartnerRepository.at(at)).update();
        return true;
    }

    boolean departmentNeedsNda(UUID departmentId) {
        return jdbc.sql("select required from department_nda_requirement where department_id = ?").param(departmentId)
                .query(Boolean.class).optional().orElse(false);
    }

    List<UUID> departmentsNeedingNda() {
        return jdbc.sql("select department_id from department_nda_requirement where required = true")
                .query(UUID.class).list();
    }

    void setDepartmentNeedsNda(UUID departmentId, boolean required, UUID by, Instant at) {
        int updated = jdbc.sql("update department_nda_requirement set required = ?, changed_by = ?, changed_at = ? "
                + "where department_id = ?").params(required, by, PartnerRepository.at(at), departmentId).update();
        if (updated == 0) {
            jdbc.sql("insert into department_nda_requirement (department_id, required, changed_by, changed_at) "
                    + "values (?, ?, ?, ?)").params(departmentId, required, by, PartnerRepository.at(at)).update();
        }
    }

    private NdaView row(ResultSet rs, int n) throws SQLException {
        return new NdaView(rs.getObject("id", UUID.class),
                new Recipient(RecipientType.valueOf(rs.getString("recipient_type")),
                        rs.getObject("recipient_id", UUID.class)),
                rs.getString("version"), rs.getString("signatory"), rs.getObject("signed_on", LocalDate.class),
                rs.getObject("expires_on", LocalDate.class), rs.getString("file_name"), rs.getString("content_type"),
                rs.getLong("file_size"), rs.getObject("filed_by", UUID.class),
                PartnerRepository.instant(rs, "filed_at"));
    }
}
