package io.custos.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail sender bean for tests where e-mail is configured: keeps what it is given (or fails on
 * demand) instead of talking SMTP. Tests that import it share one application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordingMail extends JavaMailSenderImpl {

    public final List<SimpleMailMessage> sent = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public void send(SimpleMailMessage... messages) {
        if (failing) {
            throw new MailSendException("refused");
        }
        sent.addAll(List.of(messages));
    }

    /** The first message to {@code to} whose subject contains {@code subject}, waiting up to 10 s for the outbox. */
    public SimpleMailMessage await(String to, String subject) {
        return Awaitility.await("an e-mail to " + to + " about " + subject).atMost(Duration.ofSeconds(10))
                .until(() -> sent.stream().filter(m -> List.of(m.getTo()).contains(to) && m.getSubject() != null
                        && m.getSubject().contains(subject)).findFirst(), Optional::isPresent)
                .orElseThrow();
    }
}
