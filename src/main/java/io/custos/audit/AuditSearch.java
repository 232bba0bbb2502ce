package io.custos.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.shared.DomainException;
import io.custos.shared.web.TableExport;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search and export of the audit log (R-AUD-1). Auditors see every category; security
 * administrators see {@link AuditCategory#SECURITY} only (asking them for another category finds
 * nothing, it is not an error); nobody else searches. Each search and export is itself an audit
 * event, stored before anything is shown: when it cannot be stored the caller gets an
 * {@link AuditUnavailableException} and no events (fail closed, R-AUD-3).
 */
@Service
public class AuditSearch {

    public static final int MAX_PAGE_SIZE = 200;
    /** Deep enough for any screen of results; an offset beyond it is a scan, not a search. */
    static final int MAX_PAGE = 100_000;
    private static final int FETCH_SIZE = 500;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final TransactionTemplate readOnly;
    private final AuditLog audit;
    private final AuditExportProperties exportProperties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditSearch(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions, AuditLog audit,
            AuditExportProperties exportProperties, Clock clock) {
        this.jdbc = jdbc;
        // A fetch size and a transaction make PostgreSQL stream with a cursor instead of loading every row.
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.streaming = JdbcClient.create(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.audit = audit;
        this.exportProperties = exportProperties;
        this.clock = clock;
    }

    /**
     * One page of the events matching {@code filter}, newest first.
     *
     * @param page from 0
     * @param size 1 to {@value #MAX_PAGE_SIZE}
     */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    @Transactional
    public AuditResults search(AuditFilter filter, int page, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw AuditFilter.invalid("size");
        }
        if (page < 0 || page > MAX_PAGE) {
            throw AuditFilter.invalid("page");
        }
        Where where = Where.of(filter, seesAllCategories());
        List<Object> params = new ArrayList<>(where.params());
        params.add((long) page * size);
        params.add(size + 1);
        List<AuditEntry> rows = jdbc.sql("select " + AuditRepository.COLUMNS + " from audit_event" + where.sql()
                        + " order by at desc, id desc offset ? rows fetch first ? rows only")
                .params(params)
                .query((rs, n) -> AuditEntry.of(AuditRepository.map(rs), json))
                .list();
        boolean hasMore = rows.size() > size;
        List<AuditEntry> items = hasMore ? rows.subList(0, size) : rows;
        long total = jdbc.sql("select count(*) from audit_event" + where.sql()).params(where.params())
                .query(Long.class).single();
        // Same transaction: the results leave only if this event commits.
        audit.record(AuditEvent.of(AuditCategory.SECURITY, "audit.events.searched", AuditOutcome.ALLOWED)
                .detail("results", items.size())
                .detail("page", page)
                .detail("filters", filter.names())
                .build());
        return new AuditResults(items, page, size, hasMore, total);
    }

    /**
     * Counts the events matching {@code filter}, refuses more than {@code custos.audit.export.max-rows}
     * with {@code audit-export-too-large}, records the export (committed before this returns) and
     * answers the file to stream: exactly the events counted, newest first, even if more arrive meanwhile.
     */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    public TableExport export(AuditFilter filter, AuditExportFormat format) {
        Where where = Where.of(filter, seesAllCategories());
        Extent extent = jdbc.sql("select count(*), max(id) from audit_event" + where.sql())
                .params(where.params())
                .query((rs, n) -> new Extent(rs.getLong(1), rs.getLong(2)))
                .single();
        int limit = exportProperties.maxRows();
        if (extent.rows() > limit) {
            throw DomainException.unprocessable("audit-export-too-large", Map.of("limit", limit), limit);
        }
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "audit.events.exported", AuditOutcome.ALLOWED)
                .detail("format", format)
                .detail("rows", extent.rows())
                .detail("filters", filter.names())
                .build());
        String fileName = "audit-events-" + FILE_TIME.format(clock.instant()) + "." + format.extension();
        return new TableExport(fileName, format.table(), extent.rows(), out -> write(where, extent.lastId(), format, out));
    }

    /**
     * The events one actor caused on one target up to a time, newest first: the record an
     * explanation of an access decision is read from. Narrower than {@link #search}, so the security
     * administrator sees these data events too, but only for the one person and record asked about;
     * the caller records the question.
     *
     * @param before the time the trail ends at, included
     */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    @Transactional(readOnly = true)
    public List<AuditEntry> trail(UUID actorId, String targetType, String targetId, Instant before, int limit) {
        return jdbc.sql("select " + AuditRepository.COLUMNS + " from audit_event where actor_id = ? and target_type = ? "
                        + "and target_id = ? and at <= ? order by at desc, id desc fetch first ? rows only")
                .params(actorId, targetType, targetId, AuditRepository.utc(before), Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> AuditEntry.of(AuditRepository.map(rs), json))
                .list();
    }

    /**
     * The events of the given actions about one target after an instant, oldest first: what an
     * explanation undoes to see a person's roles and department as they were then. The caller
     * records the question.
     *
     * @param after the time the events come after, excluded
     */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    @Transactional(readOnly = true)
    public List<AuditEntry> changesSince(String targetType, String targetId, List<String> actions, Instant after,
            int limit) {
        if (actions.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(targetType, targetId));
        params.addAll(actions);
        params.add(AuditRepository.utc(after));
        params.add(Math.max(1, Math.min(limit, 500)));
        return jdbc.sql("select " + AuditRepository.COLUMNS + " from audit_event where target_type = ? and target_id = ? "
                        + "and action in (" + String.join(", ", java.util.Collections.nCopies(actions.size(), "?"))
                        + ") and at > ? order by at, id fetch first ? rows only")
                .params(params)
                .query((rs, n) -> AuditEntry.of(AuditRepository.map(rs), json))
                .list();
    }

    /** The actions the caller's searches can find, for a list to pick from instead of typing a code. */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    @Transactional(readOnly = true)
    public List<String> actions() {
        return seesAllCategories()
                ? jdbc.sql("select distinct action from audit_event order by action").query(String.class).list()
                : jdbc.sql("select distinct action from audit_event where category = ? order by action")
                        .param(AuditCategory.SECURITY.name()).query(String.class).list();
    }

    private void write(Where where, long lastId, AuditExportFormat format, OutputStream out) throws IOException {
        List<Object> params = new ArrayList<>(where.params());
        params.add(lastId);
        try (AuditExportWriter writer = AuditExportWriter.open(format, out)) {
            readOnly.executeWithoutResult(status -> streaming
                    .sql("select " + AuditRepository.COLUMNS + " from audit_event" + where.sql()
                            + " and id <= ? order by at desc, id desc")
                    .params(params)
                    .query(rs -> {
                        try {
                            writer.write(AuditRepository.map(rs));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
            writer.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean seesAllCategories() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_AUDITOR"::equals);
    }

    private record Extent(long rows, long lastId) {
    }

    /** A WHERE clause made of fixed fragments only; every value the caller gave is a parameter. */
    private record Where(String sql, List<Object> params) {

        static Where of(AuditFilter f, boolean allCategories) {
            StringBuilder sql = new StringBuilder(" where 1 = 1");
            List<Object> params = new ArrayList<>();
            if (f.actor() != null) {
                sql.append(" and lower(actor_name) = ?");
                params.add(f.actor().toLowerCase(Locale.ROOT));
            }
            if (f.actorId() != null) {
                sql.append(" and actor_id = ?");
                params.add(f.actorId());
            }
            if (f.action() != null && f.action().endsWith(".")) {
                sql.append(" and action like ?");
                params.add(f.action() + "%");
            } else if (f.action() != null) {
                sql.append(" and action = ?");
                params.add(f.action());
            }
            if (f.targetType() != null) {
                sql.append(" and target_type = ?");
                params.add(f.targetType());
            }
            if (f.targetId() != null) {
                sql.append(" and target_id = ?");
                params.add(f.targetId());
            }
            if (f.outcome() != null) {
                sql.append(" and outcome = ?");
                params.add(f.outcome().name());
            }
            if (!allCategories) {
                // With a filter for another category as well, the two conditions together find nothing.
                sql.append(" and category = ?");
                params.add(AuditCategory.SECURITY.name());
            }
            if (f.category() != null) {
                sql.append(" and category = ?");
                params.add(f.category().name());
            }
            if (f.from() != null) {
                sql.append(" and at >= ?");
                params.add(AuditRepository.utc(f.from()));
            }
            if (f.to() != null) {
                sql.append(" and at < ?");
                params.add(AuditRepository.utc(f.to()));
            }
            return new Where(sql.toString(), List.copyOf(params));
        }
    }
}
