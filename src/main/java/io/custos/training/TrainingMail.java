package io.custos.training;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custos.shared.MailOutbox;

/** Training e-mails: the shared outbox, with the training sender and links into Custos. */
@Component
class TrainingMail {

    private final MailOutbox outbox;
    private final TrainingProperties properties;

    TrainingMail(MailOutbox outbox, TrainingProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
    }

    boolean configured() {
        return outbox.configured();
    }

    String link(String path) {
        return properties.baseUrl() + path;
    }

    /** A message from the template {@code templates/mail/{zh,en}/<name>.txt}. */
    MailOutbox.Message letter(String to, String name, Map<String, ?> variables) {
        return outbox.letter(to, name, variables);
    }

    void send(List<MailOutbox.Message> messages) {
        outbox.send(properties.mailFrom(), messages);
    }
}
