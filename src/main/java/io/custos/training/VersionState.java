package io.custos.training;

import io.custos.shared.DomainException;

/**
 * Where a version of a policy document or agreement stands. Each transition is a method that
 * answers the next state or refuses with {@code document-version-state}:
 * DRAFT -submit-> SUBMITTED -approve-> PUBLISHED -supersede-> SUPERSEDED, SUBMITTED -reject->
 * REJECTED -revise-> DRAFT.
 */
public enum VersionState {
    DRAFT,
    SUBMITTED,
    REJECTED,
    PUBLISHED,
    SUPERSEDED;

    /** Still being worked on: a document has at most one open version. */
    public boolean open() {
        return this == DRAFT || this == SUBMITTED || this == REJECTED;
    }

    public boolean editable() {
        return this == DRAFT || this == REJECTED;
    }

    VersionState revise() {
        require(editable());
        return DRAFT;
    }

    VersionState submit() {
        require(this == DRAFT);
        return SUBMITTED;
    }

    VersionState approve() {
        require(this == SUBMITTED);
        return PUBLISHED;
    }

    VersionState reject() {
        require(this == SUBMITTED);
        return REJECTED;
    }

    VersionState supersede() {
        require(this == PUBLISHED);
        return SUPERSEDED;
    }

    private static void require(boolean allowed) {
        if (!allowed) {
            throw DomainException.conflict("document-version-state");
        }
    }
}
