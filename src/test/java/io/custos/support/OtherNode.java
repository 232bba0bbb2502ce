package io.custos.support;

import java.sql.Timestamp;
import java.time.LocalDateTime;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * Another node on the same database, as far as ShedLock's rows in {@code shedlock} go (issue 23): its
 * own lock client, or the row it leaves while it holds a lock or once the lock ran out.
 */
public final class OtherNode {

    public static final String LOCKED_BY = "other-host/node-2";
    /** Far enough ahead that no test outlives it, far enough behind that every lock has run out. */
    private static final Timestamp FUTURE = Timestamp.valueOf(LocalDateTime.of(2999, 1, 1, 0, 0));
    private static final Timestamp PAST = Timestamp.valueOf(LocalDateTime.of(2000, 1, 1, 0, 0));

    private OtherNode() {
    }

    /** Its own lock client: the same table and settings as the application's, its own name. */
    public static LockProvider locks(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).withTableName("shedlock").usingDbTime()
                .withLockedByValue(LOCKED_BY).build());
    }

    /** The row of a lock the other node holds now (and would hold for a long time yet). */
    public static void holds(JdbcClient jdbc, String name) {
        row(jdbc, name, FUTURE);
    }

    /**
     * The row of a lock the other node held and that ran out (its node died, or its run ended): free
     * for anyone. Tests leave job locks so rather than delete the row, which this node's lock client
     * remembers as existing.
     */
    public static void ranOut(JdbcClient jdbc, String name) {
        row(jdbc, name, PAST);
    }

    /** Who holds the lock by its row, and until when it is taken; empty without a row. */
    public static java.util.Optional<Row> row(JdbcClient jdbc, String name) {
        return jdbc.sql("select locked_by, lock_until from shedlock where name = ?").param(name)
                .query((rs, n) -> new Row(rs.getString(1), rs.getTimestamp(2).toLocalDateTime())).optional();
    }

    public record Row(String lockedBy, LocalDateTime lockUntil) {
    }

    private static void row(JdbcClient jdbc, String name, Timestamp until) {
        int updated = jdbc.sql("update shedlock set lock_until = ?, locked_at = ?, locked_by = ? where name = ?")
                .params(until, PAST, LOCKED_BY, name).update();
        if (updated == 0) {
            jdbc.sql("insert into shedlock (name, lock_until, locked_at, locked_by) values (?, ?, ?, ?)")
                    .params(name, until, PAST, LOCKED_BY).update();
        }
    }
}
