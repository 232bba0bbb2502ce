package io.custos.access;

import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditAlarmRaised;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.MailOutbox;

/**
 * Mails the security administrators when the audit log's integrity is in doubt (issue 13.10), like
 * the break-glass alert, where mail is configured. The message names the reason, never what was
 * found: that is for the verification page, behind sign-in.
 */
@Component
class AuditAlarmMail {

    private final Employees employees;
    private final MailOutbox mail;
    private final AccessProperties properties;

    AuditAlarmMail(Employees employees, MailOutbox mail, AccessProperties properties) {
        this.employees = employees;
        this.mail = mail;
        this.properties = properties;
    }

    @ApplicationModuleListener
    void on(AuditAlarmRaised alarm) {
        if (!mail.configured()) {
            return;
        }
        String link = properties.baseUrl() + "/audit/verify";
        String zh = switch (alarm.reason()) {
            case CHAIN_BROKEN -> "审计日志校验失败：哈希链或检查点已被改动或损坏。";
            case CHAIN_SHORTER_THAN_CHECKPOINTS -> "审计日志比检查点文件记录的短：应用停止期间有事件被删除。";
            case FORGED_EVENTS_REJECTED -> "审计日志中发现未经认证的记录（直接写入数据库），已拒绝封存。";
        };
        String en = switch (alarm.reason()) {
            case CHAIN_BROKEN -> "The audit log failed verification: its hash chain or checkpoints were changed or damaged.";
            case CHAIN_SHORTER_THAN_CHECKPOINTS -> "The audit log is shorter than its checkpoint file attests: events were "
                    + "deleted while the application was stopped.";
            case FORGED_EVENTS_REJECTED -> "Rows without a valid authentication tag (inserted straight into the database) "
                    + "were found in the audit log and refused.";
        };
        String text = zh + "请立即核查：" + link + "\n\n" + en + " Please check now: " + link + "\n";
        List<MailOutbox.Message> messages = employees.current().stream()
                .filter(e -> e.roles().contains(Role.SECURITY_ADMIN) && e.email() != null && !e.email().isBlank())
                .map(e -> new MailOutbox.Message(e.email(), "[Custos] 审计日志告警 / Audit log alarm", text))
                .toList();
        mail.send(properties.mailFrom(), messages);
    }
}
