package io.custos.training;

import java.util.UUID;

/**
 * Something a person administers in training that would be left without anyone working on it when
 * they go (R-EMP-5).
 *
 * @param id the policy-document version's id or the course's id
 * @param kind {@code DOCUMENT_VERSION} or {@code COURSE}
 * @param title in the language of the request (Chinese or English)
 * @param state the {@link VersionState} or {@link CourseState} code
 */
public record HeldTraining(UUID id, String kind, String title, String state) {

    public static final String DOCUMENT_VERSION = "DOCUMENT_VERSION";
    public static final String COURSE = "COURSE";
}
