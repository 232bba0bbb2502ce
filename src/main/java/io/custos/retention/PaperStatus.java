package io.custos.retention;

/** Where a paper record stands; words: {@code paper.status.<code>}. */
public enum PaperStatus {
    /** In its place. */
    KEPT,
    /** Taken out by someone, to be returned. */
    CHECKED_OUT,
    DESTROYED
}
