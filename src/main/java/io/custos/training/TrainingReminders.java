package io.custos.training;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.MailOutbox;
import io.custos.shared.web.Times;

/**
 * E-mail reminders, where e-mail is configured: a pass about to run out, a pass run out, a course
 * past its due date. Each reminder is sent once (per person, course, kind and the date it is
 * about), recorded in {@code training_reminder} before it leaves, so two nodes or a restart never
 * send it twice. The home page reminds in any case.
 */
@Component
class TrainingReminders {

    enum Kind { EXPIRING, EXPIRED, OVERDUE }

    private final Standings standings;
    private final Employees employees;
    private final TrainingMail mail;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Times times;
    private final Clock clock;

    TrainingReminders(Standings standings, Employees employees, TrainingMail mail, JdbcClient jdbc,
            TransactionTemplate transaction, Times times, Clock clock) {
        this.times = times;
        this.standings = standings;
        this.employees = employees;
        this.mail = mail;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @SchedulerLock(name = "custos-training-reminders", lockAtMostFor = "PT1H", lockAtLeastFor = "PT10M")
    @Scheduled(initialDelayString = "${custos.training.reminder-interval:1h}",
            fixedDelayString = "${custos.training.reminder-interval:1h}")
    void scheduled() {
        send();
    }

    /** Sends what is due and answers how many reminders went out. */
    int send() {
        if (!mail.configured()) {
            return 0;
        }
        Map<UUID, EmployeeView> people = employees.current().stream()
                .collect(Collectors.toMap(EmployeeView::id, Function.identity()));
        List<MailOutbox.Message> messages = new ArrayList<>();
        Map<UUID, ZoneId> zones = times.zonesOf(people.keySet());
        for (CourseStanding s : standings.all()) {
            EmployeeView person = people.get(s.employeeId());
            Kind kind = kind(s);
            if (kind == null || person == null || person.email() == null || person.email().isBlank()) {
                continue;
            }
            // The key stays the UTC day the pass ends, as it was before reminders spoke the person's zone:
            // keys already recorded then still match, and a person who changes their zone is not sent
            // the same reminder again under a day that moved. Only the date in the letter is theirs.
            LocalDate key = kind == Kind.OVERDUE ? s.dueOn() : LocalDate.ofInstant(s.validUntil(), ZoneOffset.UTC);
            // A due date is a calendar day already; a pass ends at an instant, on the person's day.
            LocalDate shown = kind == Kind.OVERDUE ? s.dueOn()
                    : LocalDate.ofInstant(s.validUntil(), zones.getOrDefault(s.employeeId(), times.companyZone()));
            if (claim(s.employeeId(), s.courseId(), kind, key)) {
                messages.add(message(person.email(), s, kind, shown));
            }
        }
        mail.send(messages);
        return messages.size();
    }

    private static @Nullable Kind kind(CourseStanding s) {
        return switch (s.standing()) {
            case EXPIRING -> Kind.EXPIRING;
            case EXPIRED -> Kind.EXPIRED;
            case OVERDUE -> Kind.OVERDUE;
            default -> null;
        };
    }

    private boolean claim(UUID employeeId, UUID courseId, Kind kind, LocalDate about) {
        Instant now = clock.instant();
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> jdbc.sql("insert into training_reminder "
                    + "(employee_id, course_id, kind, reference_on, sent_at) values (?, ?, ?, ?, ?)")
                    .params(employeeId, courseId, kind.name(), about, DocumentRepository.utc(now)).update() == 1));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private MailOutbox.Message message(String to, CourseStanding s, Kind kind, LocalDate about) {
        return mail.letter(to, "training-reminder", Map.of("kind", kind.name(), "about", about.toString(),
                "titleZh", s.course().titleZh(), "titleEn", s.course().titleEn(),
                "link", mail.link("/training/courses/" + s.courseId())));
    }
}
