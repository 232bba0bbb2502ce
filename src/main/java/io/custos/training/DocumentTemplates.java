package io.custos.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.shared.Actor;

/**
 * On the first start (no policy document yet), puts the template confidentiality policy and the
 * template confidentiality agreement that ship with Custos ({@code classpath:training/template-*.md})
 * in as drafts, for the administration officer to adapt, submit and management to approve. Nothing
 * is published by this: employees see a document only once management approved it.
 */
@Component
@Order(12)
class DocumentTemplates implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DocumentTemplates.class);
    static final Actor SEEDER = Actor.system("training-templates");

    private final DocumentRepository documents;
    private final PolicyDocuments service;
    private final TransactionTemplate transaction;

    DocumentTemplates(DocumentRepository documents, PolicyDocuments service, TransactionTemplate transaction) {
        this.documents = documents;
        this.service = service;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        transaction.executeWithoutResult(status -> {
            if (documents.count() > 0) {
                return;
            }
            service.createTemplate(DocumentKind.POLICY, policy(), SEEDER);
            service.createTemplate(DocumentKind.AGREEMENT, agreement(), SEEDER);
            log.info("Template confidentiality policy and agreement added as drafts: adapt them under Training, "
                    + "then have management approve them");
        });
    }

    static DocumentContent policy() {
        return new DocumentContent("客户信息保密制度（模板）", "Customer information confidentiality policy (template)",
                read("template-policy.zh.md"), read("template-policy.en.md"));
    }

    static DocumentContent agreement() {
        return new DocumentContent("员工保密协议（模板）", "Employee confidentiality agreement (template)",
                read("template-agreement.zh.md"), read("template-agreement.en.md"));
    }

    private static String read(String name) {
        try (InputStream in = DocumentTemplates.class.getResourceAsStream("/training/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
