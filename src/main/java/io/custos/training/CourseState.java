package io.custos.training;

import io.custos.shared.DomainException;

/**
 * A course is built while DRAFT, taken while PUBLISHED (its lessons and questions frozen, so a
 * result always refers to the questions it was scored on) and RETIRED when no longer required.
 * Other steps are refused with {@code course-state}.
 */
public enum CourseState {
    DRAFT,
    PUBLISHED,
    RETIRED;

    CourseState publish() {
        require(this == DRAFT);
        return PUBLISHED;
    }

    CourseState retire() {
        require(this == PUBLISHED);
        return RETIRED;
    }

    void requireEditable() {
        require(this == DRAFT);
    }

    private static void require(boolean allowed) {
        if (!allowed) {
            throw DomainException.conflict("course-state");
        }
    }
}
