package io.custos.casework;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.shared.web.Times;

/**
 * The calendar's part of the home page (issue 19.4, R-CUS-2): the State Council publishes next
 * year's holidays in the autumn, so from 1 November the administration officers are asked to enter
 * them while next year has no entries, and at once whenever the current year has none. Without them,
 * deadlines would fall on public holidays.
 */
@Component
class CalendarHomeTasks implements HomeTaskProvider {

    static final Month ASK_FROM = Month.NOVEMBER;

    private final WorkingCalendar calendar;
    private final Employees employees;
    private final Times times;
    private final Clock clock;

    CalendarHomeTasks(WorkingCalendar calendar, Employees employees, Times times, Clock clock) {
        this.calendar = calendar;
        this.employees = employees;
        this.times = times;
        this.clock = clock;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        boolean officer = employees.byId(employeeId)
                .filter(e -> !e.partner() && e.roles().contains(Role.ADMIN_OFFICER)).isPresent();
        if (!officer) {
            return List.of();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        List<HomeTask> tasks = new ArrayList<>();
        if (!calendar.covers(today.getYear())) {
            tasks.add(task(today.getYear(), HomeTask.Severity.ACTION_REQUIRED));
        }
        if (today.getMonthValue() >= ASK_FROM.getValue() && !calendar.covers(today.getYear() + 1)) {
            tasks.add(task(today.getYear() + 1, HomeTask.Severity.REMINDER));
        }
        return tasks;
    }

    /** The year as text: as a number, the message format would put a thousands separator in it. */
    private static HomeTask task(int year, HomeTask.Severity severity) {
        return new HomeTask(severity, "home.task.casework.calendar", List.of(String.valueOf(year)),
                "/casework/calendar?year=" + year);
    }
}
