package io.custos.shared;

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
 * E-mail from any module, in Chinese and English in one message (we do not know each reader's
 * language). Spring Boot creates a {@link JavaMailSender} only when {@code spring.mail.host} is set;
 * without one nothing is sent. Messages leave on a thread of their own, one at a time, and a failure
 * is logged (without the address) and never reaches the request or job that asked.
 */
@Component
public class MailOutbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

    public record Message(String to, String subject, String text) {
        @Override
        public String toString() {
            return "Message[subject=" + subject + "]";
        }
    }

    private final ObjectProvider<JavaMailSender> sender;
    private final ExecutorService outbox = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "mail-outbox");
        thread.setDaemon(true);
        return thread;
    });

    MailOutbox(ObjectProvider<JavaMailSender> sender) {
        this.sender = sender;
    }

    public boolean configured() {
        return sender.getIfAvailable() != null;
    }

    public void send(String from, List<Message> messages) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || messages.isEmpty()) {
            return;
        }
        outbox.execute(() -> {
            int failed = 0;
            for (Message message : messages) {
                try {
                    SimpleMailMessage mailMessage = new SimpleMailMessage();
                    mailMessage.setFrom(from);
                    mailMessage.setTo(message.to());
                    mailMessage.setSubject(message.subject());
                    mailMessage.setText(message.text());
                    mail.send(mailMessage);
                } catch (RuntimeException e) {
                    failed++;
                    log.debug("E-mail not sent", e);
                }
            }
            if (failed > 0) {
                log.warn("{} of {} e-mails could not be sent", failed, messages.size());
            }
        });
    }

    @Override
    public void destroy() {
        outbox.shutdown();
    }
}
