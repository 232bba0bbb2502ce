package io.custos.retention;

import java.util.UUID;

/** A batch's execution was started; the executor picks it up after the commit. */
record DestructionStarted(UUID batchId) {
}
