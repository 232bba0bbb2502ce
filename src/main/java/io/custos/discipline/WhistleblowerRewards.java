package io.custos.discipline;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custos.whistleblowing.RewardOutcome;
import io.custos.whistleblowing.RewardOutcomes;

/**
 * Tells the whistleblowing follow-up page where the reward for a report stands (R-SUP-4, R-SUP-5):
 * the latest reward proposal for the anonymous reporter on that report.
 */
@Component
class WhistleblowerRewards implements RewardOutcomes {

    private final JdbcClient jdbc;

    WhistleblowerRewards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<RewardOutcome> of(UUID reportId) {
        return jdbc.sql("select status, paid_at from discipline_proposal where evidence_kind = 'WHISTLEBLOWING' "
                        + "and evidence_id = ? and kind = 'REWARD' and anonymous_reporter "
                        + "order by case status when 'APPROVED' then 0 when 'PROPOSED' then 1 else 2 end, proposed_at desc")
                .param(reportId.toString())
                .query((rs, n) -> rs.getTimestamp(2) != null ? RewardOutcome.PAID
                        : switch (rs.getString(1)) {
                            case "APPROVED" -> RewardOutcome.APPROVED;
                            case "REJECTED" -> RewardOutcome.REJECTED;
                            default -> RewardOutcome.PROPOSED;
                        })
                .list().stream().findFirst();
    }
}
