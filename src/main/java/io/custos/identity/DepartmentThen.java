package io.custos.identity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A person's department at an instant, rebuilt from the moves identity records (issue 14.4).
 *
 * @param departmentId the department then, as far as the recorded moves reach back: for an
 *        instant before {@code historySince}, the department the person was in when the record
 *        of their moves began
 * @param historySince since when every move of the person is recorded; null when never (a person
 *        not created through the application)
 */
public record DepartmentThen(@Nullable UUID departmentId, @Nullable Instant historySince) {

    /** Whether every move after the instant is recorded, so {@link #departmentId()} is the one of that instant. */
    public boolean complete(Instant at) {
        return historySince != null && !at.isBefore(historySince);
    }
}
