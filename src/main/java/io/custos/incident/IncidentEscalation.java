package io.custos.incident;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.MailOutbox;
import io.custos.shared.web.Times;

/**
 * Reminds IT security and management of the notification clocks (issue 20.4): once when a clock is
 * near (the configured share of its time left), once when it is overdue. Each step is recorded on
 * the clock with a version check, so it is sent once however many nodes sweep; the step shows on the
 * timeline and the home pages, and goes by e-mail where mail is set up.
 */
@Component
class IncidentEscalation {

    static final String JOB = "incident-clocks";
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Logger log = LoggerFactory.getLogger(IncidentEscalation.class);

    private final Incidents incidents;
    private final Employees employees;
    private final IncidentProperties properties;
    private final MailOutbox mail;
    private final TransactionTemplate transactions;
    private final Times times;
    private final Clock clock;

    IncidentEscalation(Incidents incidents, Employees employees, IncidentProperties properties, MailOutbox mail,
            TransactionTemplate transactions, Times times, Clock clock) {
        this.times = times;
        this.incidents = incidents;
        this.employees = employees;
        this.properties = properties;
        this.mail = mail;
        this.transactions = transactions;
        this.clock = clock;
    }

    @SchedulerLock(name = "custos-incident-escalation", lockAtMostFor = "PT30M", lockAtLeastFor = "PT30S")
    @Scheduled(initialDelayString = "${custos.incident.clock-sweep:1m}", fixedDelayString = "${custos.incident.clock-sweep:1m}")
    void scheduled() {
        sweep();
    }

    /** Sends what is due; the number of reminders sent. */
    int sweep() {
        int sent = 0;
        for (IncidentView incident : incidents.openIncidents()) {
            for (IncidentClock running : incident.running()) {
                ClockEscalation to = due(running);
                if (to.ordinal() <= running.escalation().ordinal()) {
                    continue;
                }
                try {
                    Boolean done = transactions.execute(status -> {
                        if (!incidents.escalate(incident.id(), running, to)) {
                            return false;
                        }
                        tell(incident, running, to);
                        return true;
                    });
                    if (Boolean.TRUE.equals(done)) {
                        sent++;
                    }
                } catch (RuntimeException e) {
                    log.error("Reminding of incident {} clock {} failed; the next sweep retries", incident.id(),
                            running.kind(), e);
                }
            }
        }
        return sent;
    }

    /** Where the clock stands now: overdue past its due time, near once the configured share is left. */
    ClockEscalation due(IncidentClock c) {
        var now = clock.instant();
        if (now.isAfter(c.dueAt())) {
            return ClockEscalation.OVERDUE;
        }
        Duration span = Duration.between(c.startedAt(), c.dueAt());
        Duration left = Duration.between(now, c.dueAt());
        return left.toSeconds() * 100 <= span.toSeconds() * properties.nearPercent() ? ClockEscalation.NEAR
                : ClockEscalation.NONE;
    }

    private void tell(IncidentView incident, IncidentClock c, ClockEscalation to) {
        List<MailOutbox.Message> letters = new ArrayList<>();
        for (EmployeeView person : employees.current()) {
            if (person.status() == EmployeeStatus.DEPARTED || person.email() == null || person.email().isBlank()
                    || !(person.roles().contains(Role.SECURITY_ADMIN) || person.roles().contains(Role.MANAGEMENT))) {
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("reference", incident.reference());
            variables.put("kind", c.kind().name());
            variables.put("overdue", to == ClockEscalation.OVERDUE);
            variables.put("dueAt", TIME.format(c.dueAt().atZone(times.zoneOf(person.id()))));
            variables.put("link", properties.baseUrl() + "/incidents/" + incident.id());
            letters.add(mail.letter(person.email(), "incident-clock", variables));
        }
        mail.send(properties.mailFrom(), letters);
    }
}
