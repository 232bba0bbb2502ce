package io.custos.compliance;

/**
 * Where a reading turns amber and where red. For a figure where more is worse: amber from
 * {@code amber}, red from {@code red}; for a share where less is worse: amber below {@code amber},
 * red below {@code red}.
 */
public record Thresholds(long amber, long red) {
}
