package io.custos.shared;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * E-mail from any module, in Chinese and English in one message (we do not know each reader's
 * language), written from the Thymeleaf text templates {@code templates/mail/zh/<name>.txt} and
 * {@code templates/mail/en/<name>.txt} (first line the subject, the rest the body). Spring Boot
 * creates a {@link JavaMailSender} only when {@code spring.mail.host} is set; without one nothing
 * is sent. Mail asked for inside a transaction leaves only once it commits, and never when it rolls
 * back: an alert must not announce what did not happen. Messages leave on a thread of their own,
 * one at a time, and a failure is logged (without the address) and never reaches the request or
 * job that asked.
 */
@Component
public class MailOutbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);
    private static final List<Locale> LANGUAGES = List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

    public record Message(String to, String subject, String text) {
        @Override
        public String toString() {
            return "Message[subject=" + subject + "]";
        }
    }

    private final ObjectProvider<JavaMailSender> sender;
    private final TemplateEngine templates = textTemplates();
    private final AtomicInteger waiting = new AtomicInteger();
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

    /**
     * A message to {@code to} from the template {@code name} in both languages: subject
     * {@code 【Custos】<Chinese> / <English>}, the Chinese text, then the English text.
     */
    public Message letter(String to, String name, Map<String, ?> variables) {
        StringBuilder subject = new StringBuilder("【Custos】");
        StringBuilder text = new StringBuilder();
        for (Locale language : LANGUAGES) {
            Context context = new Context(language);
            variables.forEach(context::setVariable);
            String rendered = templates.process(language.getLanguage() + "/" + name, context).strip();
            int firstLineEnd = rendered.indexOf('\n');
            if (firstLineEnd < 0) {
                throw new IllegalStateException("Mail template " + name + " has no body");
            }
            if (text.length() > 0) {
                subject.append(" / ");
                text.append('\n');
            }
            subject.append(rendered, 0, firstLineEnd);
            text.append(rendered.substring(firstLineEnd + 1).strip()).append('\n');
        }
        return new Message(to, subject.toString(), text.toString());
    }

    /** Sends now, or, inside a transaction, once it has committed (nothing if it rolls back). */
    public void send(String from, List<Message> messages) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || messages.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    queue(mail, from, messages);
                }
            });
        } else {
            queue(mail, from, messages);
        }
    }

    /** How many batches are queued or being sent: none means everything handed over so far is done. */
    public int waiting() {
        return waiting.get();
    }

    private void queue(JavaMailSender mail, String from, List<Message> messages) {
        waiting.incrementAndGet();
        outbox.execute(() -> {
            try {
                deliver(mail, from, messages);
            } finally {
                waiting.decrementAndGet();
            }
        });
    }

    private static void deliver(JavaMailSender mail, String from, List<Message> messages) {
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
    }

    private static TemplateEngine textTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    @Override
    public void destroy() {
        outbox.shutdown();
    }
}
