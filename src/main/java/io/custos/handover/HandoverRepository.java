package io.custos.handover;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The two handover tables. Every update of a case is guarded by its status (and, from pages, its version). */
@Repository
class HandoverRepository {

    private static final String CASE_COLUMNS = """
            c.id, c.employee_id, e.username, e.display_name, c.kind, c.department_id, c.to_department_id,
            c.effective_on, c.status, c.opened_at, c.access_ended_at, c.undertaking_at, c.undertaking_method,
            c.signed_off_at, c.signed_off_by, c.version,
            (select count(*) from handover_item i where i.case_id = c.id) as items,
            (select count(*) from handover_item i where i.case_id = c.id and i.outcome is null) as open_items
            from handover_case c join employee e on e.id = c.employee_id""";

    private static final String ITEM_COLUMNS = """
            i.id, i.case_id, i.kind, i.subject_id, i.label, i.listed_at, i.outcome, i.successor_id, s.username,
            i.settled_at, i.settled_by
            from handover_item i left join employee s on s.id = i.successor_id""";

    private final JdbcClient jdbc;

    HandoverRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertCase(UUID id, UUID employeeId, HandoverKind kind, UUID departmentId, @Nullable UUID toDepartmentId,
            LocalDate effectiveOn, Instant now, @Nullable UUID openedBy) {
        jdbc.sql("""
                insert into handover_case (id, employee_id, kind, department_id, to_department_id, effective_on,
                status, opened_at, opened_by, version) values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, 0)""")
                .params(id, employeeId, kind.name(), departmentId, toDepartmentId, effectiveOn, ts(now), openedBy)
                .update();
    }

    Optional<HandoverCase> find(UUID id) {
        return jdbc.sql("select " + CASE_COLUMNS + " where c.id = ?").param(id).query(this::caseRow).optional();
    }

    /** The person's open case, if any: at most one is open at a time. */
    Optional<HandoverCase> openCaseOf(UUID employeeId) {
        return jdbc.sql("select " + CASE_COLUMNS + " where c.employee_id = ? and c.status = 'OPEN'")
                .param(employeeId).query(this::caseRow).optional();
    }

    List<HandoverCase> all() {
        return jdbc.sql("select " + CASE_COLUMNS + " order by case when c.status = 'OPEN' then 0 else 1 end, "
                + "c.effective_on, c.opened_at").query(this::caseRow).list();
    }

    List<HandoverCase> ofDepartment(UUID departmentId) {
        return jdbc.sql("select " + CASE_COLUMNS + " where c.department_id = ? order by case when c.status = 'OPEN' "
                + "then 0 else 1 end, c.effective_on, c.opened_at").param(departmentId).query(this::caseRow).list();
    }

    List<HandoverCase> ofEmployee(UUID employeeId) {
        return jdbc.sql("select " + CASE_COLUMNS + " where c.employee_id = ? order by c.opened_at desc")
                .param(employeeId).query(this::caseRow).list();
    }

    void setEffectiveOn(UUID id, LocalDate effectiveOn) {
        jdbc.sql("update handover_case set effective_on = ?, version = version + 1 where id = ? and status = 'OPEN'")
                .params(effectiveOn, id).update();
    }

    void accessEnded(UUID id, Instant at) {
        jdbc.sql("update handover_case set access_ended_at = ?, version = version + 1 "
                + "where id = ? and access_ended_at is null").params(ts(at), id).update();
    }

    boolean undertaking(UUID id, Instant at, String method, UUID by, @Nullable UUID document,
            @Nullable Integer documentVersion) {
        return jdbc.sql("""
                update handover_case set undertaking_at = ?, undertaking_method = ?, undertaking_by = ?,
                undertaking_document = ?, undertaking_version = ?, version = version + 1
                where id = ? and status = 'OPEN' and undertaking_at is null""")
                .params(ts(at), method, by, document, documentVersion, id).update() == 1;
    }

    boolean close(UUID id, HandoverStatus status, Instant at, @Nullable UUID by, int expectedVersion) {
        return jdbc.sql("""
                update handover_case set status = ?, signed_off_at = ?, signed_off_by = ?, closed_at = ?,
                version = version + 1 where id = ? and status = 'OPEN' and version = ?""")
                .params(status.name(), status == HandoverStatus.SIGNED_OFF ? ts(at) : null, by, ts(at), id,
                        expectedVersion).update() == 1;
    }

    void touch(UUID id) {
        jdbc.sql("update handover_case set version = version + 1 where id = ?").param(id).update();
    }

    /**
     * Lists an item the caller saw missing; one statement that adds nothing if a look at the same
     * case listed it meanwhile (the unique key backs it up).
     */
    void insertItem(UUID caseId, ItemKind kind, UUID subjectId, @Nullable String label, Instant now) {
        jdbc.sql("""
                insert into handover_item (id, case_id, kind, subject_id, label, listed_at)
                select ?, ?, ?, ?, ?, ? from handover_case c where c.id = ? and not exists (
                    select 1 from handover_item i where i.case_id = ? and i.kind = ? and i.subject_id = ?)""")
                .params(UUID.randomUUID(), caseId, kind.name(), subjectId, label, ts(now), caseId, caseId, kind.name(),
                        subjectId).update();
    }

    List<HandoverItem> items(UUID caseId) {
        return jdbc.sql("select " + ITEM_COLUMNS + " where i.case_id = ? order by i.kind, i.listed_at, i.id")
                .param(caseId).query(this::itemRow).list();
    }

    /** Settles an open item; false when it was settled meanwhile. */
    boolean settle(UUID itemId, ItemOutcome outcome, @Nullable UUID successor, Instant at, @Nullable UUID by) {
        return jdbc.sql("""
                update handover_item set outcome = ?, successor_id = ?, settled_at = ?, settled_by = ?
                where id = ? and outcome is null""").params(outcome.name(), successor, ts(at), by, itemId)
                .update() == 1;
    }

    private HandoverCase caseRow(ResultSet rs, int n) throws SQLException {
        String toDepartment = rs.getString("to_department_id");
        return new HandoverCase(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                rs.getString("username"), rs.getString("display_name"), HandoverKind.valueOf(rs.getString("kind")),
                rs.getObject("department_id", UUID.class),
                toDepartment == null ? null : rs.getObject("to_department_id", UUID.class),
                rs.getObject("effective_on", LocalDate.class), HandoverStatus.valueOf(rs.getString("status")),
                java.util.Objects.requireNonNull(instant(rs, "opened_at")), instant(rs, "access_ended_at"), instant(rs, "undertaking_at"),
                rs.getString("undertaking_method"), instant(rs, "signed_off_at"),
                rs.getObject("signed_off_by", UUID.class), rs.getInt("version"), rs.getInt("items"),
                rs.getInt("open_items"));
    }

    private HandoverItem itemRow(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        return new HandoverItem(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
                ItemKind.valueOf(rs.getString("kind")), rs.getObject("subject_id", UUID.class), rs.getString("label"),
                null, java.util.Objects.requireNonNull(instant(rs, "listed_at")),
                outcome == null ? null : ItemOutcome.valueOf(outcome), rs.getObject("successor_id", UUID.class),
                rs.getString("username"), instant(rs, "settled_at"), rs.getObject("settled_by", UUID.class));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
