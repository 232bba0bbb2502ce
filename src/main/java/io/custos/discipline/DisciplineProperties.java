package io.custos.discipline;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.discipline.*}: the reward proposed to management for a whistleblowing report
 * verified as true ({@code whistleblower-reward}, yuan), and how many days a decision stays on the
 * home page of the person it concerns ({@code decision-notice-days}).
 */
@ConfigurationProperties("custos.discipline")
public record DisciplineProperties(@DefaultValue("2000") BigDecimal whistleblowerReward,
        @DefaultValue("30") int decisionNoticeDays) {

    public DisciplineProperties {
        if (whistleblowerReward.signum() <= 0 || decisionNoticeDays < 1) {
            throw new IllegalArgumentException("custos.discipline.* must be positive");
        }
    }
}
