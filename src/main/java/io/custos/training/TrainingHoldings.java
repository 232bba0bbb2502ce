package io.custos.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person administers in training that would be orphaned when they leave or change post
 * (R-EMP-5): policy-document versions they drafted or submitted that are still being worked on, and
 * courses they created that are still drafts. Only a listing: any administration officer can take
 * a draft over, so the handover needs the department head's acknowledgment, not a transfer.
 */
@Service
@Transactional(readOnly = true)
public class TrainingHoldings {

    private final DocumentRepository documents;
    private final CourseRepository courses;

    TrainingHoldings(DocumentRepository documents, CourseRepository courses) {
        this.documents = documents;
        this.courses = courses;
    }

    /**
     * Document versions first, then courses, each oldest first. A version counts while it is
     * {@linkplain VersionState#open() open}: a draft, one waiting for management, or one sent back,
     * which nobody would revise otherwise and which keeps its document from getting a new version.
     * Titles are in the request's language.
     */
    public List<HeldTraining> administeredBy(UUID employeeId) {
        return administeredBy(employeeId, LocaleContextHolder.getLocale());
    }

    /** The same with titles in the language given (a handover keeps both, for readers of either). */
    public List<HeldTraining> administeredBy(UUID employeeId, Locale locale) {
        List<HeldTraining> held = new ArrayList<>();
        for (VersionView v : documents.openVersionsOf(employeeId)) {
            held.add(new HeldTraining(v.id(), HeldTraining.DOCUMENT_VERSION, v.title(locale), v.state().name()));
        }
        for (CourseRepository.Row c : courses.draftsCreatedBy(employeeId)) {
            held.add(new HeldTraining(c.id(), HeldTraining.COURSE, c.content().title(locale), c.state().name()));
        }
        return held;
    }
}
