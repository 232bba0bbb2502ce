package io.custos.sharing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The export packages, their customers, downloads and destruction requests. */
@Repository
class ExportPackageRepository {

    /** A stored package. */
    record PackageRow(UUID id, UUID requesterId, @Nullable UUID departmentId, @Nullable UUID approvingDepartmentId,
            @Nullable UUID grantId, String purpose, List<String> fields, List<String> filters, String justification,
            int customerCount, ExportPackageState state, Instant requestedAt, @Nullable Instant decidedAt,
            @Nullable UUID decidedBy, @Nullable String decisionReason) {
        @Override
        public String toString() {
            return "PackageRow[id=" + id + ", state=" + state + "]";
        }
    }

    /** A download: who, when, how many rows, and whether its password has been shown. */
    record DownloadRow(UUID id, UUID packageId, String code, UUID downloadedBy, Instant downloadedAt, int rows,
            int revealed, @Nullable Instant passwordShownAt) {
    }

    /** A request to confirm that the copies downloaded under an ended grant are destroyed. */
    record DestructionRow(UUID id, UUID packageId, UUID grantId, UUID employeeId, Instant askedAt, Instant dueAt,
            @Nullable Instant confirmedAt, @Nullable Instant lapsedAt) {
    }

    private static final String COLUMNS = "id, requester_id, department_id, approving_department_id, grant_id, "
            + "purpose, fields, filters, justification, customer_count, state, requested_at, decided_at, decided_by, "
            + "decision_reason";
    private static final RowMapper<PackageRow> PACKAGE = (rs, n) -> new PackageRow(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
            rs.getObject(5, UUID.class), rs.getString(6), list(rs.getString(7)), list(rs.getString(8)),
            rs.getString(9), rs.getInt(10), ExportPackageState.valueOf(rs.getString(11)), instant(rs.getObject(12,
                    OffsetDateTime.class)), instant(rs.getObject(13, OffsetDateTime.class)), rs.getObject(14, UUID.class),
            rs.getString(15));
    private static final String DOWNLOAD_COLUMNS = "id, package_id, code, downloaded_by, downloaded_at, row_count, "
            + "revealed, password_shown_at";
    private static final RowMapper<DownloadRow> DOWNLOAD = (rs, n) -> new DownloadRow(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getString(3), rs.getObject(4, UUID.class),
            instant(rs.getObject(5, OffsetDateTime.class)), rs.getInt(6), rs.getInt(7),
            instant(rs.getObject(8, OffsetDateTime.class)));
    private static final String DESTRUCTION_COLUMNS = "id, package_id, grant_id, employee_id, asked_at, due_at, "
            + "confirmed_at, lapsed_at";
    private static final RowMapper<DestructionRow> DESTRUCTION = (rs, n) -> new DestructionRow(
            rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
            rs.getObject(4, UUID.class), instant(rs.getObject(5, OffsetDateTime.class)),
            instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class)),
            instant(rs.getObject(8, OffsetDateTime.class)));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ExportPackageRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(PackageRow p, List<UUID> customerIds) {
        jdbc.sql("insert into export_package (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.id(), p.requesterId(), p.departmentId(), p.approvingDepartmentId(), p.grantId(), p.purpose(),
                        String.join(",", p.fields()), String.join(",", p.filters()), p.justification(),
                        p.customerCount(), p.state().name(), utc(p.requestedAt()), null, null, null)
                .update();
        List<Object[]> rows = new ArrayList<>(customerIds.size());
        for (int i = 0; i < customerIds.size(); i++) {
            rows.add(new Object[] {p.id(), i, customerIds.get(i)});
        }
        batch.batchUpdate("insert into export_package_customer (package_id, position, customer_id) values (?, ?, ?)",
                rows);
    }

    Optional<PackageRow> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from export_package where id = ?").param(id).query(PACKAGE).optional();
    }

    List<PackageRow> byRequester(UUID requesterId) {
        return jdbc.sql("select " + COLUMNS + " from export_package where requester_id = ? order by requested_at desc")
                .param(requesterId).query(PACKAGE).list();
    }

    /**
     * The packages a person requested, or downloaded, since an instant, each with their latest act on
     * it in that period (their last download there, else their request); unordered.
     */
    List<HeldExport> heldBy(UUID person, Instant since) {
        // Times are kept to the microsecond, rounded: an act at the very instant asked about still counts.
        OffsetDateTime from = utc(since.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        return jdbc.sql("select p.id, p.state, p.customer_count, p.requested_at, "
                + "(select max(d.downloaded_at) from export_download d where d.package_id = p.id "
                + "and d.downloaded_by = ? and d.downloaded_at >= ?) as last_download from export_package p "
                + "where (p.requester_id = ? and p.requested_at >= ?) or exists (select 1 from export_download d "
                + "where d.package_id = p.id and d.downloaded_by = ? and d.downloaded_at >= ?)")
                .params(person, from, person, from, person, from)
                .query((rs, n) -> {
                    Instant downloaded = instant(rs.getObject("last_download", OffsetDateTime.class));
                    Instant requested = java.util.Objects.requireNonNull(instant(rs.getObject("requested_at",
                            OffsetDateTime.class)));
                    return new HeldExport(rs.getObject("id", UUID.class), downloaded != null ? downloaded : requested,
                            rs.getString("state"), rs.getInt("customer_count"), downloaded != null);
                }).list();
    }

    List<PackageRow> inState(ExportPackageState state) {
        return jdbc.sql("select " + COLUMNS + " from export_package where state = ? order by requested_at")
                .param(state.name()).query(PACKAGE).list();
    }

    List<PackageRow> decidedBy(UUID employeeId) {
        return jdbc.sql("select " + COLUMNS + " from export_package where decided_by = ? order by decided_at desc")
                .param(employeeId).query(PACKAGE).list();
    }

    List<PackageRow> underGrant(UUID grantId) {
        return jdbc.sql("select " + COLUMNS + " from export_package where grant_id = ?").param(grantId).query(PACKAGE)
                .list();
    }

    /** The customers fixed when the package was requested, in their order. */
    List<UUID> customers(UUID packageId) {
        return jdbc.sql("select customer_id from export_package_customer where package_id = ? order by position")
                .param(packageId).query(UUID.class).list();
    }

    /** Compare-and-set from PENDING: false when someone else moved it first. */
    boolean move(UUID id, ExportPackageState to, Instant at, UUID by, @Nullable String reason) {
        return jdbc.sql("update export_package set state = ?, decided_at = ?, decided_by = ?, decision_reason = ? "
                + "where id = ? and state = 'PENDING'").params(to.name(), utc(at), by, reason, id).update() == 1;
    }

    void insertDownload(DownloadRow d) {
        jdbc.sql("insert into export_download (" + DOWNLOAD_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.packageId(), d.code(), d.downloadedBy(), utc(d.downloadedAt()), d.rows(),
                        d.revealed(), null)
                .update();
    }

    List<DownloadRow> downloads(UUID packageId) {
        return jdbc.sql("select " + DOWNLOAD_COLUMNS + " from export_download where package_id = ? "
                + "order by downloaded_at, id").param(packageId).query(DOWNLOAD).list();
    }

    Optional<DownloadRow> downloadByCode(String code) {
        return jdbc.sql("select " + DOWNLOAD_COLUMNS + " from export_download where code = ?").param(code)
                .query(DOWNLOAD).optional();
    }

    /** Once only: false when the password of this download was already shown. */
    boolean passwordShown(UUID downloadId, Instant at) {
        return jdbc.sql("update export_download set password_shown_at = ? where id = ? and password_shown_at is null")
                .params(utc(at), downloadId).update() == 1;
    }

    /** Asks once per package and person; false when they were already asked. */
    boolean insertDestruction(DestructionRow d) {
        if (jdbc.sql("select count(*) from export_destruction where package_id = ? and employee_id = ?")
                .params(d.packageId(), d.employeeId()).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("insert into export_destruction (" + DESTRUCTION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.packageId(), d.grantId(), d.employeeId(), utc(d.askedAt()), utc(d.dueAt()), null,
                        null)
                .update();
        return true;
    }

    List<DestructionRow> destructions(UUID packageId) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from export_destruction where package_id = ? "
                + "order by asked_at, id").param(packageId).query(DESTRUCTION).list();
    }

    List<DestructionRow> openDestructionsOf(UUID employeeId) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from export_destruction where employee_id = ? "
                + "and confirmed_at is null and lapsed_at is null order by due_at").param(employeeId)
                .query(DESTRUCTION).list();
    }

    Optional<DestructionRow> destruction(UUID id) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from export_destruction where id = ?").param(id)
                .query(DESTRUCTION).optional();
    }

    /** Confirmed by its person while still open (a lapsed request can still be confirmed, late). */
    boolean confirmDestruction(UUID id, Instant at) {
        return jdbc.sql("update export_destruction set confirmed_at = ? where id = ? and confirmed_at is null")
                .params(utc(at), id).update() == 1;
    }

    List<DestructionRow> overdueDestructions(Instant now) {
        return jdbc.sql("select " + DESTRUCTION_COLUMNS + " from export_destruction where confirmed_at is null "
                + "and lapsed_at is null and due_at <= ? order by due_at").param(utc(now)).query(DESTRUCTION).list();
    }

    boolean lapse(UUID id, Instant at) {
        return jdbc.sql("update export_destruction set lapsed_at = ? where id = ? and confirmed_at is null "
                + "and lapsed_at is null").params(utc(at), id).update() == 1;
    }

    private static List<String> list(@Nullable String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.copyOf(Arrays.asList(joined.split(",")));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
