package io.custos.access;

import java.util.UUID;

/**
 * Published when a flagged access (an emergency access or a flagged reveal) has been reviewed, in
 * the review's transaction: the item's id, its kind ({@code BREAK_GLASS} or {@code REVEAL}), the
 * employee whose access it was and the finding. Ids and codes only. Other modules (the penalties
 * process, R-SUP-5) listen; access depends on none of them.
 */
public record AccessReviewed(UUID itemId, String kind, UUID employeeId, ReviewOutcome outcome) {
}
