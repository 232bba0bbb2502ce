package io.custos.training;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A policy document or the agreement with the versions the reader may see, newest first. */
public record DocumentView(UUID id, DocumentKind kind, List<VersionView> versions) {

    public DocumentView {
        versions = List.copyOf(versions);
    }

    /** The version in force: the one published last. */
    public Optional<VersionView> current() {
        return versions.stream().filter(v -> v.state() == VersionState.PUBLISHED).findFirst();
    }

    /** The version being drafted, waiting for approval or sent back, if any. */
    public Optional<VersionView> open() {
        return versions.stream().filter(v -> v.state().open()).findFirst();
    }

    /** The newest version, for a title in lists. */
    public Optional<VersionView> latest() {
        return versions.stream().findFirst();
    }
}
