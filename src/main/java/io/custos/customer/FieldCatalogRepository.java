package io.custos.customer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.custos.shared.Sensitivity;

@Repository
class FieldCatalogRepository {

    private static final String COLUMNS = "field_key, sensitivity, kind, searchable, label_zh, label_en, builtin, position";
    private static final RowMapper<FieldDefinition> MAPPER = (rs, n) -> new FieldDefinition(rs.getString(1),
            Sensitivity.of(rs.getInt(2)), FieldKind.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getString(5),
            rs.getString(6), rs.getBoolean(7), rs.getInt(8));

    private final JdbcClient jdbc;

    FieldCatalogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<FieldDefinition> findAll() {
        return jdbc.sql("select " + COLUMNS + " from field_definition order by position, field_key").query(MAPPER).list();
    }

    void insert(FieldDefinition f, Instant now) {
        jdbc.sql("insert into field_definition (" + COLUMNS + ", created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(f.key(), f.sensitivity().level(), f.kind().name(), f.searchable(), f.labelZh(), f.labelEn(),
                        f.builtin(), f.position(), now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .update();
    }

    int nextPosition() {
        return jdbc.sql("select coalesce(max(position), 0) + 10 from field_definition").query(Integer.class).single();
    }

    void updateLabels(String key, String labelZh, String labelEn, Instant now) {
        jdbc.sql("update field_definition set label_zh = ?, label_en = ?, updated_at = ? where field_key = ?")
                .params(labelZh, labelEn, now.atOffset(ZoneOffset.UTC), key).update();
    }

    void updateSensitivity(String key, Sensitivity to, Instant now) {
        jdbc.sql("update field_definition set sensitivity = ?, updated_at = ? where field_key = ?")
                .params(to.level(), now.atOffset(ZoneOffset.UTC), key).update();
    }

    UUID recordLevelChange(String key, Sensitivity from, Sensitivity to, @Nullable String reason, UUID by, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into field_level_change (id, field_key, from_level, to_level, reason, changed_by, changed_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, key, from.level(), to.level(), reason, by, now.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    record LevelChange(UUID id, String fieldKey, int fromLevel, int toLevel, @Nullable String reason, UUID changedBy,
            Instant changedAt) {
    }

    List<LevelChange> levelChanges(String key) {
        return jdbc.sql("select id, field_key, from_level, to_level, reason, changed_by, changed_at from field_level_change "
                + "where field_key = ? order by changed_at")
                .param(key)
                .query((rs, n) -> new LevelChange(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getString(5), rs.getObject(6, UUID.class),
                        rs.getObject(7, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }
}
