package io.custos.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The verifications of the log counted for the compliance map (issue 22, R-AUD-2, R-STO-2). A full
 * verification ({@link AuditIntegrity#verify()}, by the page, the API, an auditor or a security
 * administrator) is recorded in the log itself as {@value #VERIFIED} with whether it was valid and
 * how many problems it found, one per broken chain; the log is the only record of it, so that event
 * is what is read here. Like {@link AuditCounts} it records nothing; the caller decides who sees it.
 */
@Service
public class VerificationFigures {

    static final String VERIFIED = "audit.log.verified";
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
    @SuppressWarnings("unchecked")
    public Optional<LastVerification> last() {
        return jdbc.sql("select at, details from audit_event where action = ? "
                + "order by at desc, id desc fetch first 1 rows only")
                .param(VERIFIED)
                .query((rs, n) -> {
                    Map<String, Object> details = (Map<String, Object>) JSON.readValue(rs.getString(2), Map.class);
                    return new LastVerification(rs.getObject(1, OffsetDateTime.class).toInstant(), failing(details));
                })
                .optional();
    }

    /** One problem per broken chain; a verification that says it failed counts at least one. */
    private static int failing(Map<String, Object> details) {
        int problems = details.get("problems") instanceof Number n ? n.intValue() : 0;
        boolean valid = !Boolean.FALSE.equals(details.get("valid"));
        return valid ? 0 : Math.max(1, problems);
    }
}
