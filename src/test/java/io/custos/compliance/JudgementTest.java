package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.custos.shared.DomainException;

/** Issue 22.2: each reading is green, amber or red by its thresholds; the policy's musts are fixed. */
class JudgementTest {

    @ParameterizedTest
    @CsvSource({"0,GREEN", "1,AMBER", "4,AMBER", "5,RED", "900,RED"})
    void moreIsWorseForCounts(long value, Status expected) {
        assertThat(Evidence.judge(Indicator.OVERDUE_CASES, value, new Thresholds(1, 5))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"100,GREEN", "95,GREEN", "94,AMBER", "80,AMBER", "79,RED"})
    void lessIsWorseForShares(long value, Status expected) {
        assertThat(Evidence.judge(Indicator.TRAINING_COMPLETION, value, new Thresholds(95, 80))).isEqualTo(expected);
    }

    @Test
    void oneUnencryptedValueIsAlreadyRedAndSoIsNinetyNinePointNinePercent() {
        Thresholds must = Indicator.PLAINTEXT_CONFIDENTIAL_VALUES.defaults();
        assertThat(Evidence.judge(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES, 0L, must)).isEqualTo(Status.GREEN);
        assertThat(Evidence.judge(Indicator.PLAINTEXT_CONFIDENTIAL_VALUES, 1L, must)).isEqualTo(Status.RED);
        assertThat(Evidence.judge(Indicator.ENCRYPTED_SHARE, 99L, Indicator.ENCRYPTED_SHARE.defaults()))
                .isEqualTo(Status.RED);
        assertThat(Evidence.judge(Indicator.ENCRYPTED_SHARE, 100L, Indicator.ENCRYPTED_SHARE.defaults()))
                .isEqualTo(Status.GREEN);
    }

    @Test
    void somethingThatNeverHappenedIsRedAndAFigureWithoutThresholdsIsInformation() {
        assertThat(Evidence.judge(Indicator.DAYS_SINCE_BACKUP, null, Indicator.DAYS_SINCE_BACKUP.defaults()))
                .isEqualTo(Status.RED);
        assertThat(Evidence.judge(Indicator.ACTIVE_GRANTS, 40L, null)).isEqualTo(Status.INFO);
    }

    @Test
    void tunedThresholdsApplyExceptToTheMusts() {
        ThresholdSettings settings = new ThresholdSettings(Map.of(Indicator.OVERDUE_CASES, new Thresholds(3, 9),
                Indicator.GRANTS_WITHOUT_VALID_NDA, new Thresholds(100, 100)));

        assertThat(settings.of(Indicator.OVERDUE_CASES)).isEqualTo(new Thresholds(3, 9));
        assertThat(settings.tuned(Indicator.OVERDUE_CASES)).isTrue();
        assertThat(settings.of(Indicator.GRANTS_WITHOUT_VALID_NDA)).isEqualTo(new Thresholds(1, 1));
        assertThat(settings.tuned(Indicator.GRANTS_WITHOUT_VALID_NDA)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"OVERDUE_CASES,5,1", "OVERDUE_CASES,0,3", "TRAINING_COMPLETION,80,95", "TRAINING_COMPLETION,101,90",
            "DAYS_SINCE_BACKUP,2,4000", "OVERDUE_CASES,-1,3"})
    void refusesThresholdsOutOfOrderOrRange(Indicator indicator, long amber, long red) {
        assertThatThrownBy(() -> ComplianceThresholds.validate(indicator, amber, red))
                .isInstanceOf(DomainException.class).hasMessageContaining("compliance-threshold-invalid");
    }

    @Test
    void everyIndicatorBelongsToExactlyOneControl() {
        for (Indicator indicator : Indicator.values()) {
            assertThat(java.util.Arrays.stream(Control.values()).filter(c -> c.indicators().contains(indicator)))
                    .as(indicator.name()).hasSize(1);
        }
    }
}
