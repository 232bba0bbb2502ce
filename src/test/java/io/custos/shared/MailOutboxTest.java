package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.custos.support.RecordingMail;

/** Mail is written from text templates in both languages and leaves only after a commit (issue 14.18). */
class MailOutboxTest {

    final RecordingMail sender = new RecordingMail();
    final MailOutbox outbox = new MailOutbox(new StaticListableBeanFactory(Map.of("mail", sender))
            .getBeanProvider(JavaMailSender.class));

    @AfterEach
    void noTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        outbox.destroy();
    }

    @Test
    void writesOneMessageInChineseAndEnglishFromTheTemplates() {
        MailOutbox.Message letter = outbox.letter("head@example.com", "break-glass", Map.of("employee", "liu.yang",
                "departmentZh", "销售一部", "departmentEn", "Sales 1", "link", "https://custos.example/access/reviews"));
        assertThat(letter.subject()).isEqualTo("【Custos】紧急访问（破窗）已开启 / Break-glass access opened");
        assertThat(letter.text()).isEqualTo("""
                紧急访问（破窗）已开启：员工 liu.yang 访问销售一部的一位客户。请审查：
                https://custos.example/access/reviews

                Emergency (break-glass) access opened: employee liu.yang for a customer of Sales 1. Please review:
                https://custos.example/access/reviews
                """);
    }

    @Test
    void sendsNothingWhenTheTransactionRollsBackAndOnlyAfterItCommits() {
        MailOutbox.Message letter = outbox.letter("head@example.com", "training-reminder", Map.of("kind", "OVERDUE",
                "about", "2026-12-01", "titleZh", "保密培训", "titleEn", "Confidentiality", "link", "https://x/c"));
        assertThat(letter.text()).contains("分配给您的课程已于 2026-12-01 到期", "This course was due on 2026-12-01");

        TransactionSynchronizationManager.initSynchronization();
        outbox.send("custos@example.com", List.of(letter));
        end(TransactionSynchronization.STATUS_ROLLED_BACK);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(sender.sent).isEmpty();

        TransactionSynchronizationManager.initSynchronization();
        outbox.send("custos@example.com", List.of(letter));
        assertThat(outbox.waiting()).as("nothing queued before the commit").isZero();
        end(TransactionSynchronization.STATUS_COMMITTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(sender.sent).hasSize(1);
    }

    private static void end(int status) {
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        if (status == TransactionSynchronization.STATUS_COMMITTED) {
            synchronizations.forEach(TransactionSynchronization::afterCommit);
        }
        synchronizations.forEach(s -> s.afterCompletion(status));
        TransactionSynchronizationManager.clearSynchronization();
    }
}
