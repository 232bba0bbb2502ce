package io.custos.retention;

import java.util.UUID;

/**
 * A batch ended without being executed (rejected, cancelled) or was executed (DONE): a deletion
 * request waiting for it learns its outcome.
 */
public record DestructionBatchClosed(UUID batchId, BatchStatus status) {
}
