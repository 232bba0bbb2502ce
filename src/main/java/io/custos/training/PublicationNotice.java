package io.custos.training;

import java.util.List;

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
            boolean agreement = published.kind() == DocumentKind.AGREEMENT;
            String subject = (agreement ? "【Custos】请接受保密协议：" : "【Custos】请阅读并确认：")
                    + version.content().titleZh() + " / " + (agreement ? "Please accept: " : "Please read and acknowledge: ")
                    + version.content().titleEn();
            String link = mail.link("/training/documents/" + published.documentId());
            String text = (agreement
                    ? "新版保密协议（第 " + published.number() + " 版）已发布，请登录 Custos 阅读并接受：\n"
                    : "新版制度文件（第 " + published.number() + " 版）已发布，请登录 Custos 阅读并确认：\n")
                    + link + "\n\n"
                    + (agreement
                    ? "Version " + published.number() + " of the confidentiality agreement is in force. Please read and accept it in Custos:\n"
                    : "Version " + published.number() + " of a policy document is in force. Please read and acknowledge it in Custos:\n")
                    + link + "\n";
            List<MailOutbox.Message> messages = employees.current().stream()
                    .filter(e -> e.email() != null && !e.email().isBlank())
                    .map(e -> new MailOutbox.Message(e.email(), subject, text)).toList();
            mail.send(messages);
        });
    }
}
