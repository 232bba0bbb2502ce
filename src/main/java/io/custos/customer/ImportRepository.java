package io.custos.customer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code customer_import} rows: one import's progress and report. */
@Repository
class ImportRepository {

    enum Status {
        QUEUED, RUNNING, DONE, FAILED
    }

    /** A row as stored; {@code report} is the JSON list of problems. */
    record ImportRow(UUID id, UUID requestedBy, ImportFormat format, ImportMode mode, Status status,
            @Nullable String failure, int totalRows, int processedRows, int created, int skipped,
            @Nullable Integer committedRow, String report, int reportCount, Instant requestedAt,
            @Nullable Instant startedAt, @Nullable Instant finishedAt) {
    }

    /** Where an import stands after a chunk (or the whole file) has been handled. */
    record Progress(int processedRows, int created, int skipped, @Nullable Integer committedRow, String report,
            int reportCount) {
    }

    private static final String COLUMNS = "id, requested_by, format, mode, status, failure, total_rows, processed_rows, "
            + "created, skipped, committed_row, report, report_count, requested_at, started_at, finished_at";

    private final JdbcClient jdbc;

    ImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID requestedBy, String node, ImportFormat format, ImportMode mode, int totalRows,
            Instant now) {
        jdbc.sql("insert into customer_import (id, requested_by, node, format, mode, status, total_rows, processed_rows, "
                + "created, skipped, report, report_count, requested_at) values (?, ?, ?, ?, ?, 'QUEUED', ?, 0, 0, 0, "
                + "'[]', 0, ?)")
                .params(id, requestedBy, node, format.name(), mode.name(), totalRows, CustomerRepository.utc(now))
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from customer_import where id = ?").param(id).update();
    }

    Optional<ImportRow> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from customer_import where id = ?").param(id)
                .query((rs, n) -> new ImportRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        ImportFormat.valueOf(rs.getString(3)), ImportMode.valueOf(rs.getString(4)),
                        Status.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                        rs.getInt(10), (Integer) rs.getObject(11, Integer.class), rs.getString(12), rs.getInt(13),
                        instant(rs.getObject(14, OffsetDateTime.class)), instant(rs.getObject(15, OffsetDateTime.class)),
                        instant(rs.getObject(16, OffsetDateTime.class))))
                .optional();
    }

    void running(UUID id, Instant now) {
        jdbc.sql("update customer_import set status = 'RUNNING', started_at = ? where id = ?")
                .params(CustomerRepository.utc(now), id).update();
    }

    void progress(UUID id, Progress progress) {
        jdbc.sql("update customer_import set processed_rows = ?, created = ?, skipped = ?, committed_row = ?, report = ?, "
                + "report_count = ? where id = ?")
                .params(progress.processedRows(), progress.created(), progress.skipped(), progress.committedRow(),
                        progress.report(), progress.reportCount(), id)
                .update();
    }

    /** Only the number of rows handled, for an import whose results commit at its end. */
    void processed(UUID id, int processedRows) {
        jdbc.sql("update customer_import set processed_rows = ? where id = ?").params(processedRows, id).update();
    }

    void finished(UUID id, Status status, @Nullable String failure, Progress progress, Instant now) {
        jdbc.sql("update customer_import set status = ?, failure = ?, processed_rows = ?, created = ?, skipped = ?, "
                + "committed_row = ?, report = ?, report_count = ?, finished_at = ? where id = ?")
                .params(status.name(), failure, progress.processedRows(), progress.created(), progress.skipped(),
                        progress.committedRow(), progress.report(), progress.reportCount(), CustomerRepository.utc(now),
                        id)
                .update();
    }

    /** Fails what stopped with the node, keeping what was committed; answers the ids. */
    List<UUID> failUnfinished(String node, Instant now) {
        List<UUID> ids = jdbc.sql("select id from customer_import where node = ? and status in ('QUEUED', 'RUNNING')")
                .param(node).query(UUID.class).list();
        for (UUID id : ids) {
            jdbc.sql("update customer_import set status = 'FAILED', failure = 'interrupted', finished_at = ? "
                    + "where id = ? and status in ('QUEUED', 'RUNNING')")
                    .params(CustomerRepository.utc(now), id).update();
        }
        return ids;
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
