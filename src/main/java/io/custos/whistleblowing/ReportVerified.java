package io.custos.whistleblowing;

import java.util.UUID;

/**
 * Published when a handler closes a report as verified (true), in the closing transaction; the
 * rewards process listens and proposes a reward for the anonymous reporter (R-SUP-4, R-SUP-5).
 * The report's id only.
 */
public record ReportVerified(UUID reportId) {
}
