package io.custos.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code partner} and {@code partner_contact} rows. */
@Repository
class PartnerRepository {

    private static final String COLUMNS = """
            id, name_zh, name_en, type, country, risk_notes, reassess_on, manager_id, active, version,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    PartnerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PartnerDetails> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from partner where id = ?").param(id).query(this::row).optional()
                .map(p -> withContacts(p, contacts(List.of(id)).getOrDefault(id, List.of())));
    }

    List<PartnerDetails> findAll() {
        List<PartnerDetails> rows = jdbc.sql("select " + COLUMNS + " from partner order by name_en, id")
                .query(this::row).list();
        Map<UUID, List<PartnerContact>> contacts = contacts(rows.stream().map(PartnerDetails::id).toList());
        return rows.stream().map(p -> withContacts(p, contacts.getOrDefault(p.id(), List.of()))).toList();
    }

    boolean active(UUID id) {
        return jdbc.sql("select count(*) from partner where id = ? and active = true").param(id)
                .query(Long.class).single() > 0;
    }

    long count() {
        return jdbc.sql("select count(*) from partner").query(Long.class).single();
    }

    void insert(UUID id, PartnerForm form, UUID by, Instant now) {
        jdbc.sql("""
                insert into partner (id, name_zh, name_en, type, country, risk_notes, reassess_on, manager_id, active,
                    version, created_by, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                .params(id, form.nameZh(), form.nameEn(), java.util.Objects.requireNonNull(form.type()).name(),
                        form.country(), form.riskNotes(), form.reassessOn(), form.managerId(), form.active(), by,
                        at(now), at(now))
                .update();
        replaceContacts(id, form.contacts());
    }

    /** A compare-and-set on the version the form was opened with; false when someone changed it meanwhile. */
    boolean update(UUID id, int expectedVersion, PartnerForm form, Instant now) {
        int rows = jdbc.sql("""
                update partner set name_zh = ?, name_en = ?, type = ?, country = ?, risk_notes = ?, reassess_on = ?,
                    manager_id = ?, active = ?, version = version + 1, updated_at = ?
                where id = ? and version = ?""")
                .params(form.nameZh(), form.nameEn(), java.util.Objects.requireNonNull(form.type()).name(),
                        form.country(), form.riskNotes(), form.reassessOn(), form.managerId(), form.active(), at(now),
                        id, expectedVersion)
                .update();
        if (rows == 1) {
            replaceContacts(id, form.contacts());
        }
        return rows == 1;
    }

    private void replaceContacts(UUID partnerId, List<PartnerContact> contacts) {
        jdbc.sql("delete from partner_contact where partner_id = ?").param(partnerId).update();
        int position = 0;
        for (PartnerContact c : contacts) {
            jdbc.sql("insert into partner_contact (partner_id, position, name, phone, email) values (?, ?, ?, ?, ?)")
                    .params(partnerId, position++, c.name(), c.phone(), c.email()).update();
        }
    }

    private Map<UUID, List<PartnerContact>> contacts(List<UUID> partnerIds) {
        Map<UUID, List<PartnerContact>> result = new HashMap<>();
        if (partnerIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select partner_id, name, phone, email from partner_contact where partner_id in (:ids) "
                + "order by partner_id, position").param("ids", partnerIds).query(rs -> {
                    result.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new PartnerContact(rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        return result;
    }

    private static PartnerDetails withContacts(PartnerDetails p, List<PartnerContact> contacts) {
        return new PartnerDetails(p.id(), p.nameZh(), p.nameEn(), p.type(), p.country(), contacts, p.riskNotes(),
                p.reassessOn(), p.managerId(), p.active(), p.version(), p.createdAt(), p.updatedAt());
    }

    private PartnerDetails row(ResultSet rs, int n) throws SQLException {
        return new PartnerDetails(rs.getObject("id", UUID.class), rs.getString("name_zh"), rs.getString("name_en"),
                PartnerType.valueOf(rs.getString("type")), rs.getString("country"), List.of(),
                rs.getString("risk_notes"), rs.getObject("reassess_on", LocalDate.class),
                rs.getObject("manager_id", UUID.class), rs.getBoolean("active"), rs.getInt("version"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
