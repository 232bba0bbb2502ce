package io.custos.retention;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A paper record a person keeps or holds, as a handover lists it (R-EMP-5).
 *
 * @param reference the record's title as the register shows it: the document's own name, never a
 *        customer's value
 * @param type the {@link PaperType} code
 * @param checkedOut whether it is taken out by this person (an open check-out to them), rather than
 *        only in their keeping
 * @param departmentId the department whose register holds it
 */
public record HeldPaper(UUID id, String reference, String type, boolean checkedOut, @Nullable UUID departmentId) {
}
