package io.custos.training;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Training e-mails, in Chinese and English in one message (we do not know each reader's
 * language). Spring Boot creates a {@link JavaMailSender} only when {@code spring.mail.host} is set;
 * without one nothing is sent. Messages leave on a thread of their own, one at a time, and a
 * failure is logged (without the address) and never reaches the request or job that asked.
 */
@Component
class TrainingMail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrainingMail.class);

    record Message(String to, String subject, String text) {
        @Override
        public String toString() {
            return "Message[subject=" + subject + "]";
        }
    }

    private final ObjectProvider<JavaMailSender> sender;
    private final TrainingProperties properties;
    private final ExecutorService outbox = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "training-mail");
        thread.setDaemon(true);
        return thread;
    });

    TrainingMail(ObjectProvider<JavaMailSender> sender, TrainingProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    boolean configured() {
        return sender.getIfAvailable() != null;
    }

    String link(String path) {
        return properties.baseUrl() + path;
    }

    void send(List<Message> messages) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || messages.isEmpty()) {
            return;
        }
        outbox.execute(() -> {
            int failed = 0;
            for (Message message : messages) {
                try {
                    SimpleMailMessage mailMessage = new SimpleMailMessage();
                    mailMessage.setFrom(properties.mailFrom());
                    mailMessage.setTo(message.to());
                    mailMessage.setSubject(message.subject());
                    mailMessage.setText(message.text());
                    mail.send(mailMessage);
                } catch (RuntimeException e) {
                    failed++;
                    log.debug("Training e-mail not sent", e);
                }
            }
            if (failed > 0) {
                log.warn("{} of {} training e-mails could not be sent", failed, messages.size());
            }
        });
    }

    @Override
    public void destroy() {
        outbox.shutdown();
    }
}
