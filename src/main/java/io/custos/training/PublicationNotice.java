package io.custos.training;

import java.util.List;
import java.util.Map;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.custos.shared.MailOutbox;
import io.custos.identity.Employees;

/**
 * When a policy document or the agreement is published, every employee with an e-mail address is
 * told (where e-mail is configured); the home page tells them in any case, until they acknowledge.
 */
@Component
class PublicationNotice {

    private final Employees employees;
    private final DocumentRepository documents;
    private final TrainingMail mail;

    PublicationNotice(Employees employees, DocumentRepository documents, TrainingMail mail) {
        this.employees = employees;
        this.documents = documents;
        this.mail = mail;
    }

    @ApplicationModuleListener
    void on(DocumentPublished published) {
        if (!mail.configured()) {
            return;
        }
        documents.version(published.versionId()).ifPresent(version -> {
            Map<String, Object> letter = Map.of("agreement", published.kind() == DocumentKind.AGREEMENT,
                    "number", published.number(), "titleZh", version.content().titleZh(),
                    "titleEn", version.content().titleEn(),
                    "link", mail.link("/training/documents/" + published.documentId()));
            List<MailOutbox.Message> messages = employees.current().stream()
                    .filter(e -> e.email() != null && !e.email().isBlank())
                    .map(e -> mail.letter(e.email(), "document-published", letter)).toList();
            mail.send(messages);
        });
    }
}
