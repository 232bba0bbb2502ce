package io.custos.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The paper register's tables (V71, V72). */
@Repository
class PaperRepository {

    record RecordRow(UUID id, PaperType type, String title, @Nullable String description, String location,
            UUID custodianId, UUID departmentId, PaperStatus status, UUID registeredBy, Instant registeredAt,
            @Nullable Instant destroyedAt, long version) {
    }

    record CheckoutRow(UUID id, UUID recordId, UUID holderId, String purpose, UUID checkedOutBy, Instant checkedOutAt,
            LocalDate expectedReturnOn, @Nullable UUID returnedBy, @Nullable Instant returnedAt) {
    }

    record DestructionRow(UUID id, String number, UUID departmentId, PaperDestructionStatus status, PaperMethod method,
            @Nullable String contractor, UUID witnessId, LocalDate plannedOn, String reason, UUID orderedBy,
            Instant orderedAt, @Nullable UUID headApprovedBy, @Nullable Instant headApprovedAt,
            @Nullable UUID adminApprovedBy, @Nullable Instant adminApprovedAt, @Nullable UUID closedBy,
            @Nullable Instant closedAt, @Nullable String closeReason, @Nullable UUID executedBy,
            @Nullable Instant executedAt, @Nullable String digest, long version) {
    }

    record PhotoRow(UUID id, String mediaType, long sizeBytes, String sha256, UUID addedBy, Instant addedAt) {
    }

    private final JdbcClient jdbc;

    PaperRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- records ---

    void insertRecord(RecordRow r, Collection<UUID> customers) {
        jdbc.sql("""
                insert into paper_record (id, type, title, description, location, custodian_id, department_id, status,
                    registered_by, registered_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(r.id(), r.type().name(), r.title(), r.description(), r.location(), r.custodianId(),
                        r.departmentId(), r.status().name(), r.registeredBy(), utc(r.registeredAt()))
                .update();
        for (UUID customer : customers) {
            jdbc.sql("insert into paper_record_customer (record_id, customer_id) values (?, ?)").params(r.id(), customer)
                    .update();
        }
    }

    private static final String RECORD_COLUMNS = "r.id, r.type, r.title, r.description, r.location, r.custodian_id, "
            + "r.department_id, r.status, r.registered_by, r.registered_at, r.destroyed_at, r.version";

    Optional<RecordRow> record(UUID id) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from paper_record r where r.id = ?").param(id)
                .query(PaperRepository::recordRow).optional();
    }

    List<RecordRow> records(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + RECORD_COLUMNS + " from paper_record r where r.id in (:ids) order by r.title, r.id")
                .param("ids", ids).query(PaperRepository::recordRow).list();
    }

    /**
     * Records a person may see, filtered: every record ({@code everything}), or those of one
     * department ({@code department}), or those they keep or hold ({@code person}).
     */
    List<RecordRow> list(boolean everything, @Nullable UUID department, @Nullable UUID person, PaperViews.Filter f,
            LocalDate today, int limit) {
        StringBuilder sql = new StringBuilder("select " + RECORD_COLUMNS + " from paper_record r where 1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (!everything) {
            sql.append(" and (1 = 0");
            if (department != null) {
                sql.append(" or r.department_id = :department");
                params.put("department", department);
            }
            if (person != null) {
                sql.append(" or r.custodian_id = :person or exists (select 1 from paper_checkout c where c.record_id = r.id"
                        + " and c.returned_at is null and c.holder_id = :person)");
                params.put("person", person);
            }
            sql.append(')');
        }
        if (f.type() != null) {
            sql.append(" and r.type = :type");
            params.put("type", f.type().name());
        }
        if (f.status() != null) {
            sql.append(" and r.status = :status");
            params.put("status", f.status().name());
        }
        if (f.departmentId() != null) {
            sql.append(" and r.department_id = :filterDepartment");
            params.put("filterDepartment", f.departmentId());
        }
        if (f.text() != null && !f.text().isBlank()) {
            sql.append(" and (lower(r.title) like :text or lower(r.location) like :text)");
            params.put("text", "%" + f.text().strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.overdueOnly()) {
            sql.append(" and exists (select 1 from paper_checkout c where c.record_id = r.id and c.returned_at is null"
                    + " and c.expected_return_on < :today)");
            params.put("today", today);
        }
        sql.append(" order by r.registered_at desc, r.id fetch first :limit rows only");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(PaperRepository::recordRow).list();
    }

    /**
     * Records not destroyed that this person keeps (custodian) or holds (an open check-out to them),
     * by title.
     */
    List<RecordRow> heldBy(UUID person) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from paper_record r where r.status <> 'DESTROYED' and "
                + "(r.custodian_id = :person or exists (select 1 from paper_checkout c where c.record_id = r.id "
                + "and c.returned_at is null and c.holder_id = :person)) order by r.title, r.id")
                .param("person", person).query(PaperRepository::recordRow).list();
    }

    /**
     * Names a new custodian and sets the status, provided nobody changed the record since it was
     * read at {@code version}; false otherwise.
     */
    boolean transferCustody(UUID id, long version, UUID custodian, PaperStatus status) {
        return jdbc.sql("update paper_record set custodian_id = ?, status = ?, version = version + 1 "
                + "where id = ? and version = ? and status <> 'DESTROYED'")
                .params(custodian, status.name(), id, version).update() == 1;
    }

    List<UUID> customers(UUID recordId) {
        return jdbc.sql("select customer_id from paper_record_customer where record_id = ? order by customer_id")
                .param(recordId).query(UUID.class).list();
    }

    java.util.Map<UUID, Integer> customerCounts(Collection<UUID> recordIds) {
        var counts = new java.util.HashMap<UUID, Integer>();
        if (recordIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("select record_id, count(*) as n from paper_record_customer where record_id in (:ids) group by record_id")
                .param("ids", recordIds).query((rs, n) -> counts.put(rs.getObject("record_id", UUID.class),
                        rs.getInt("n"))).list();
        return counts;
    }

    /** Moves a record from one status to another; false when it was not in that status any more. */
    boolean moveRecord(UUID id, PaperStatus from, PaperStatus to, @Nullable Instant destroyedAt) {
        return jdbc.sql("update paper_record set status = ?, destroyed_at = coalesce(?, destroyed_at), "
                + "version = version + 1 where id = ? and status = ?")
                .params(to.name(), destroyedAt == null ? null : utc(destroyedAt), id, from.name()).update() == 1;
    }

    // --- check-outs ---

    void insertCheckout(CheckoutRow c) {
        jdbc.sql("""
                insert into paper_checkout (id, record_id, holder_id, purpose, checked_out_by, checked_out_at,
                    expected_return_on) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.recordId(), c.holderId(), c.purpose(), c.checkedOutBy(), utc(c.checkedOutAt()),
                        c.expectedReturnOn())
                .update();
    }

    /** {@code by} is null when a job of the application closes it (a handover). */
    boolean closeCheckout(UUID recordId, @Nullable UUID by, Instant at) {
        return jdbc.sql("update paper_checkout set returned_by = ?, returned_at = ? where record_id = ? "
                + "and returned_at is null").params(by, utc(at), recordId).update() == 1;
    }

    private static final String CHECKOUT_COLUMNS = "c.id, c.record_id, c.holder_id, c.purpose, c.checked_out_by, "
            + "c.checked_out_at, c.expected_return_on, c.returned_by, c.returned_at";

    List<CheckoutRow> checkouts(UUID recordId) {
        return jdbc.sql("select " + CHECKOUT_COLUMNS + " from paper_checkout c where c.record_id = ? "
                + "order by c.checked_out_at desc, c.id").param(recordId).query(PaperRepository::checkoutRow).list();
    }

    /** Open check-outs of these records, by record. */
    java.util.Map<UUID, CheckoutRow> openCheckouts(Collection<UUID> recordIds) {
        var open = new java.util.HashMap<UUID, CheckoutRow>();
        if (recordIds.isEmpty()) {
            return open;
        }
        jdbc.sql("select " + CHECKOUT_COLUMNS + " from paper_checkout c where c.returned_at is null and c.record_id in (:ids)")
                .param("ids", recordIds).query(PaperRepository::checkoutRow).list()
                .forEach(c -> open.put(c.recordId(), c));
        return open;
    }

    /** Check-outs past their return date, with the record's custodian: for home tasks. */
    record Overdue(UUID recordId, UUID custodianId, UUID holderId) {
    }

    List<Overdue> overdue(LocalDate today) {
        return jdbc.sql("select c.record_id, r.custodian_id, c.holder_id from paper_checkout c join paper_record r "
                + "on r.id = c.record_id where c.returned_at is null and c.expected_return_on < ?").param(today)
                .query((rs, n) -> new Overdue(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class))).list();
    }

    // --- destructions ---

    void insertDestruction(DestructionRow d, Collection<UUID> records) {
        jdbc.sql("""
                insert into paper_destruction (id, number, department_id, status, method, contractor, witness_id,
                    planned_on, reason, ordered_by, ordered_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(d.id(), d.number(), d.departmentId(), d.status().name(), d.method().name(), d.contractor(),
                        d.witnessId(), d.plannedOn(), d.reason(), d.orderedBy(), utc(d.orderedAt()))
                .update();
        for (UUID record : records) {
            jdbc.sql("insert into paper_destruction_record (destruction_id, record_id) values (?, ?)")
                    .params(d.id(), record).update();
        }
    }

    /** How many orders were numbered in a year so far, for the next number. */
    int numberedIn(String prefix) {
        return jdbc.sql("select count(*) from paper_destruction where number like ?").param(prefix + "%")
                .query(Integer.class).single();
    }

    private static final String DESTRUCTION_COLUMNS = "d.id, d.number, d.department_id, d.status, d.method, "
            + "d.contractor, d.witness_id, d.planned_on, d.reason, d.ordered_by, d.ordered_at, d.head_approved_by, "
            + "d.head_approved_at, d.admin_approved_by, d.admin_approved_at, d.closed_by, d.closed_at, d.close_reason, "
            + "d.executed_by, d.executed_at, d.digest, d.version";

    Optional<DestructionRow> destruction(UUID id) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from paper_destruction d where d.id = ?").param(id)
                .query(PaperRepository::destructionRow).optional();
    }

    /** Orders naming a record, newest first. */
    List<DestructionRow> destructionsOf(UUID recordId) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from paper_destruction d join paper_destruction_record x "
                + "on x.destruction_id = d.id where x.record_id = ? order by d.ordered_at desc, d.id").param(recordId)
                .query(PaperRepository::destructionRow).list();
    }

    /** Open orders (pending or approved), oldest first. */
    List<DestructionRow> openDestructions() {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from paper_destruction d where d.status in ('PENDING', "
                + "'APPROVED') order by d.ordered_at, d.id").query(PaperRepository::destructionRow).list();
    }

    /** Orders of one department or all (null), newest first. */
    List<DestructionRow> destructions(@Nullable UUID department, int limit) {
        String where = department == null ? "" : " where d.department_id = :department";
        var query = jdbc.sql("select " + DESTRUCTION_COLUMNS + " from paper_destruction d" + where
                + " order by d.ordered_at desc, d.id fetch first :limit rows only").param("limit", limit);
        if (department != null) {
            query = query.param("department", department);
        }
        return query.query(PaperRepository::destructionRow).list();
    }

    List<UUID> recordsOf(UUID destructionId) {
        return jdbc.sql("select record_id from paper_destruction_record where destruction_id = ? order by record_id")
                .param(destructionId).query(UUID.class).list();
    }

    /** The open order, if any, of each of these records. */
    java.util.Map<UUID, UUID> openOrders(Collection<UUID> recordIds) {
        var open = new java.util.HashMap<UUID, UUID>();
        if (recordIds.isEmpty()) {
            return open;
        }
        jdbc.sql("select x.record_id, d.id from paper_destruction_record x join paper_destruction d on d.id = "
                + "x.destruction_id where d.status in ('PENDING', 'APPROVED') and x.record_id in (:ids)")
                .param("ids", recordIds).query((rs, n) -> open.put(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class))).list();
        return open;
    }

    boolean headApproves(UUID id, UUID by, Instant at) {
        return jdbc.sql("update paper_destruction set head_approved_by = ?, head_approved_at = ?, version = version + 1 "
                + "where id = ? and status = 'PENDING' and head_approved_by is null").params(by, utc(at), id).update() == 1;
    }

    boolean adminApproves(UUID id, UUID by, Instant at) {
        return jdbc.sql("update paper_destruction set admin_approved_by = ?, admin_approved_at = ?, version = version + 1 "
                + "where id = ? and status = 'PENDING' and admin_approved_by is null").params(by, utc(at), id)
                .update() == 1;
    }

    /** PENDING → APPROVED once both steps are taken. */
    boolean approveIfComplete(UUID id) {
        return jdbc.sql("update paper_destruction set status = 'APPROVED', version = version + 1 where id = ? and "
                + "status = 'PENDING' and head_approved_by is not null and admin_approved_by is not null").param(id)
                .update() == 1;
    }

    boolean close(UUID id, PaperDestructionStatus from, PaperDestructionStatus to, UUID by, Instant at, String reason) {
        return jdbc.sql("update paper_destruction set status = ?, closed_by = ?, closed_at = ?, close_reason = ?, "
                + "version = version + 1 where id = ? and status = ?")
                .params(to.name(), by, utc(at), reason, id, from.name()).update() == 1;
    }

    boolean executed(UUID id, UUID by, Instant executedAt, UUID witness, Instant recordedAt, String digest) {
        return jdbc.sql("update paper_destruction set status = 'DONE', executed_by = ?, executed_at = ?, witness_id = ?, "
                + "recorded_at = ?, digest = ?, version = version + 1 where id = ? and status = 'APPROVED'")
                .params(by, utc(executedAt), witness, utc(recordedAt), digest, id).update() == 1;
    }

    // --- photos ---

    void insertPhoto(UUID id, UUID destructionId, String mediaType, byte[] content, String sha256, UUID by, Instant at) {
        jdbc.sql("""
                insert into paper_destruction_photo (id, destruction_id, media_type, size_bytes, sha256, added_by,
                    added_at, content) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, destructionId, mediaType, (long) content.length, sha256, by, utc(at), content).update();
    }

    List<PhotoRow> photos(UUID destructionId) {
        return jdbc.sql("select id, media_type, size_bytes, sha256, added_by, added_at from paper_destruction_photo "
                + "where destruction_id = ? order by added_at, id").param(destructionId)
                .query((rs, n) -> new PhotoRow(rs.getObject("id", UUID.class), rs.getString("media_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getObject("added_by", UUID.class),
                        instant(rs, "added_at")))
                .list();
    }

    Optional<byte[]> photo(UUID destructionId, UUID photoId) {
        return jdbc.sql("select content from paper_destruction_photo where destruction_id = ? and id = ?")
                .params(destructionId, photoId).query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** The customers any of these records concern. */
    List<UUID> customersOf(Collection<UUID> recordIds) {
        if (recordIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select distinct customer_id from paper_record_customer where record_id in (:ids)")
                .param("ids", recordIds).query(UUID.class).list();
    }

    // --- mapping ---

    private static RecordRow recordRow(ResultSet rs, int n) throws SQLException {
        return new RecordRow(rs.getObject("id", UUID.class), PaperType.valueOf(rs.getString("type")),
                rs.getString("title"), rs.getString("description"), rs.getString("location"),
                rs.getObject("custodian_id", UUID.class), rs.getObject("department_id", UUID.class),
                PaperStatus.valueOf(rs.getString("status")), rs.getObject("registered_by", UUID.class),
                instant(rs, "registered_at"), nullableInstant(rs, "destroyed_at"), rs.getLong("version"));
    }

    private static CheckoutRow checkoutRow(ResultSet rs, int n) throws SQLException {
        return new CheckoutRow(rs.getObject("id", UUID.class), rs.getObject("record_id", UUID.class),
                rs.getObject("holder_id", UUID.class), rs.getString("purpose"),
                rs.getObject("checked_out_by", UUID.class), instant(rs, "checked_out_at"),
                rs.getObject("expected_return_on", LocalDate.class), rs.getObject("returned_by", UUID.class),
                nullableInstant(rs, "returned_at"));
    }

    private static DestructionRow destructionRow(ResultSet rs, int n) throws SQLException {
        return new DestructionRow(rs.getObject("id", UUID.class), rs.getString("number"),
                rs.getObject("department_id", UUID.class), PaperDestructionStatus.valueOf(rs.getString("status")),
                PaperMethod.valueOf(rs.getString("method")), rs.getString("contractor"),
                rs.getObject("witness_id", UUID.class), rs.getObject("planned_on", LocalDate.class),
                rs.getString("reason"), rs.getObject("ordered_by", UUID.class), instant(rs, "ordered_at"),
                rs.getObject("head_approved_by", UUID.class), nullableInstant(rs, "head_approved_at"),
                rs.getObject("admin_approved_by", UUID.class), nullableInstant(rs, "admin_approved_at"),
                rs.getObject("closed_by", UUID.class), nullableInstant(rs, "closed_at"), rs.getString("close_reason"),
                rs.getObject("executed_by", UUID.class), nullableInstant(rs, "executed_at"), rs.getString("digest"),
                rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
