package io.custos.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The verifications of the log counted for the compliance map (issue 22, R-AUD-2, R-STO-2). A full
 * verification of every chain is recorded in the log itself, the only record of it, in one of two
 * ways: one run by a person ({@link AuditIntegrity#verify()}: page, API) as {@value #VERIFIED} with
 * whether it was valid and how many problems it found, one per broken chain; the check run at every
 * start only when it finds the log broken, as the alarm {@value #ALARM} for
 * {@link AuditAlarmRaised.Reason#CHAIN_BROKEN} with the same count (a start that finds the log whole
 * records nothing). Like {@link AuditCounts} it records nothing; the caller decides who sees it.
 */
@Service
public class VerificationFigures {

    static final String VERIFIED = "audit.log.verified";
    static final String ALARM = "audit.alarm.raised";
    /** Alarms for other reasons than a broken chain are rare; more than this after a verification is a storm. */
    private static final int ALARMS_READ = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    VerificationFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The last full verification of the log.
     *
     * @param at when it ran
     * @param failingChains how many chains it found broken (0 when it was valid)
     */
    public record LastVerification(Instant at, int failingChains) {
    }

    /**
     * The newest full verification of every audit chain, with how many chains it found broken; empty
     * when the log was never verified. Its time shows whether anyone still checks that the log was not
     * altered (R-AUD-2); a chain it found broken is evidence that it was, until a later verification
     * finds the log whole again.
     */
    @Transactional(readOnly = true)
    public Optional<LastVerification> last() {
        Optional<LastVerification> verified = jdbc.sql("select at, details from audit_event where action = ? "
                + "order by at desc, id desc fetch first 1 rows only")
                .param(VERIFIED)
                .query((rs, n) -> new LastVerification(at(rs), failing(details(rs))))
                .optional();
        // A broken log found at start after that verification (a failing verification by a person
        // raises the alarm just before it records itself, with the same count).
        Optional<LastVerification> foundBroken = jdbc.sql("select at, details from audit_event where action = ? "
                + (verified.isPresent() ? "and at > ? " : "") + "order by at desc, id desc fetch first "
                + ALARMS_READ + " rows only")
                .params(verified.isPresent() ? List.of(ALARM, utc(verified.get().at())) : List.of(ALARM))
                .query((rs, n) -> {
                    Map<String, Object> details = details(rs);
                    return AuditAlarmRaised.Reason.CHAIN_BROKEN.name().equals(details.get("alarm"))
                            ? new LastVerification(at(rs), Math.max(1, problems(details))) : null;
                })
                .list().stream().filter(Objects::nonNull).findFirst();
        return foundBroken.isPresent() ? foundBroken : verified;
    }

    private static Instant at(ResultSet rs) throws SQLException {
        return rs.getObject(1, OffsetDateTime.class).toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(ResultSet rs) throws SQLException {
        return (Map<String, Object>) JSON.readValue(rs.getString(2), Map.class);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static int problems(Map<String, Object> details) {
        return details.get("problems") instanceof Number n ? n.intValue() : 0;
    }

    /** One problem per broken chain; a verification that says it failed counts at least one. */
    private static int failing(Map<String, Object> details) {
        return Boolean.FALSE.equals(details.get("valid")) ? Math.max(1, problems(details)) : 0;
    }
}
