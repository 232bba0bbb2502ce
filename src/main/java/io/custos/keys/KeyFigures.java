package io.custos.keys;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Key material counted for the compliance map (issue 22, R-STO-1, R-STO-2): times only, never a key. */
@Service
public class KeyFigures {

    private final JdbcClient jdbc;

    KeyFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Since when the master key in use has protected every wrapped key: the end of the last completed
     * rotation (the moment the background re-wrap left nothing under an older key), or, when no
     * rotation has completed, the creation of the master key, known by the first keyset it wrapped
     * (the managed keysets made at the first start). A rotation still re-wrapping does not count yet:
     * until it ends, older key material still protects data. Null when nothing is wrapped at all.
     * The policy's yearly rotation is judged by this age (R-STO-2).
     */
    @Transactional(readOnly = true)
    public @Nullable Instant masterKeyInUseSince() {
        Instant rotated = jdbc.sql("select rewrap_finished_at from master_key_rotation where rewrap_finished_at is not null "
                + "order by rewrap_finished_at desc fetch first 1 rows only")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElse(null);
        if (rotated != null) {
            return rotated;
        }
        return jdbc.sql("select created_at from managed_keyset order by created_at fetch first 1 rows only")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElse(null);
    }
}
