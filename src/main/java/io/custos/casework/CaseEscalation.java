package io.custos.casework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.MailOutbox;

/**
 * Escalates cases as their deadline nears (issue 19.5, R-CUS-2): with {@code head-warning-days}
 * working days left the department's head is told, once overdue the administration department.
 * Each step is recorded once on the case (the escalation column moves forward with a version
 * check, so two nodes never both send it), on the home pages, and by e-mail where mail is set up.
 * The sweep also re-counts due dates, so a holiday entered after a case was filed moves it.
 */
@Component
class CaseEscalation {

    static final String JOB = "casework-escalation";
    private static final Logger log = LoggerFactory.getLogger(CaseEscalation.class);

    private final Cases cases;
    private final Employees employees;
    private final CaseworkProperties properties;
    private final MailOutbox mail;
    private final TransactionTemplate transactions;

    CaseEscalation(Cases cases, Employees employees, CaseworkProperties properties, MailOutbox mail,
            TransactionTemplate transactions) {
        this.cases = cases;
        this.employees = employees;
        this.properties = properties;
        this.mail = mail;
        this.transactions = transactions;
    }

    @SchedulerLock(name = "custos-case-escalation", lockAtMostFor = "PT30M", lockAtLeastFor = "PT2M")
    @Scheduled(initialDelayString = "${custos.casework.escalation-sweep:5m}",
            fixedDelayString = "${custos.casework.escalation-sweep:5m}")
    void scheduled() {
        sweep();
    }

    /** Escalates what is due; the number of cases escalated. */
    int sweep() {
        int escalated = 0;
        for (CaseView running : cases.running()) {
            try {
                Boolean done = transactions.execute(status -> step(running.id()));
                if (Boolean.TRUE.equals(done)) {
                    escalated++;
                }
            } catch (RuntimeException e) {
                log.error("Escalating case {} failed; the next sweep retries", running.id(), e);
            }
        }
        return escalated;
    }

    private boolean step(UUID id) {
        Optional<CaseView> before = cases.row(id);
        if (before.isEmpty() || before.get().status() != CaseStatus.OPEN) {
            return false;
        }
        cases.recount(before.get());
        CaseView c = cases.row(id).orElseThrow();
        Escalation to = c.workingDaysLeft() < 0 ? Escalation.ADMIN
                : c.workingDaysLeft() <= properties.headWarningDays() ? Escalation.HEAD : Escalation.NONE;
        if (to.ordinal() <= c.escalation().ordinal() || !cases.escalate(c, to)) {
            return false;
        }
        tell(c, to);
        return true;
    }

    private void tell(CaseView c, Escalation to) {
        List<EmployeeView> people = new ArrayList<>();
        if (to == Escalation.HEAD && c.departmentId() != null) {
            employees.department(c.departmentId()).map(DepartmentView::headId).flatMap(employees::byId)
                    .ifPresent(people::add);
        } else if (to == Escalation.ADMIN) {
            employees.current().stream().filter(e -> e.roles().contains(Role.ADMIN_OFFICER)).forEach(people::add);
        }
        List<MailOutbox.Message> letters = new ArrayList<>();
        for (EmployeeView person : people) {
            if (person.status() == EmployeeStatus.DEPARTED || person.email() == null || person.email().isBlank()) {
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("reference", c.reference());
            variables.put("dueOn", c.dueOn().toString());
            variables.put("overdue", to == Escalation.ADMIN);
            variables.put("link", properties.baseUrl() + "/cases/" + c.id());
            letters.add(mail.letter(person.email(), "case-escalated", variables));
        }
        mail.send(properties.mailFrom(), letters);
    }
}
