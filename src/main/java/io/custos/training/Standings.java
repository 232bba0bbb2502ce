package io.custos.training;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.web.Times;

/**
 * Works out, from assignments and results, which published courses each person must take, by
 * when, and where they stand: the one place the gate, the home page, the reminders and the
 * reports get this from.
 */
@Component
class Standings {

    private final CourseRepository courses;
    private final AttemptRepository attempts;
    private final Employees employees;
    private final TrainingProperties properties;
    private final Times times;
    private final Clock clock;

    Standings(CourseRepository courses, AttemptRepository attempts, Employees employees, TrainingProperties properties,
            Times times, Clock clock) {
        this.times = times;
        this.courses = courses;
        this.attempts = attempts;
        this.employees = employees;
        this.properties = properties;
        this.clock = clock;
    }

    List<CourseStanding> of(EmployeeView employee) {
        return compute(List.of(Who.now(employee)), attempts.results(employee.id()), courses.published(),
                courses.publishedAssignments(), clock.instant());
    }

    /** Every current employee's standings. */
    List<CourseStanding> all() {
        return compute(employees.current().stream().map(Who::now).toList(), attempts.results(null),
                courses.published(), courses.publishedAssignments(), clock.instant());
    }

    /**
     * The person's standings as they were at an instant (issue 14.4): the courses published and
     * not yet retired then, the assignments in force then that covered the roles and department
     * the person had then, and only the results submitted by then, so a pass counts until the end
     * of its validity and not after, and a pass taken later does not count at all.
     */
    List<CourseStanding> at(EmployeeView person, Set<Role> roles, @Nullable UUID departmentId, Instant at) {
        List<AttemptRepository.Result> then = attempts.results(person.id()).stream()
                .filter(r -> !r.submittedAt().isAfter(at)).toList();
        return compute(List.of(new Who(person, roles, departmentId)), then, courses.everPublished(),
                courses.assignmentsAt(at), at);
    }

    /** A person with the roles and department to match assignments against. */
    private record Who(EmployeeView view, Set<Role> roles, @Nullable UUID departmentId) {
        static Who now(EmployeeView view) {
            return new Who(view, view.roles(), view.departmentId());
        }
    }

    private List<CourseStanding> compute(List<Who> people, List<AttemptRepository.Result> results,
            List<CourseRepository.Row> courseRows, List<CourseView.Assignment> assignments, Instant now) {
        Map<UUID, CourseRepository.Row> published = new HashMap<>();
        courseRows.forEach(c -> published.put(c.id(), c));
        Map<String, Latest> latest = new HashMap<>();
        for (AttemptRepository.Result r : results) {
            latest.computeIfAbsent(r.employeeId() + "/" + r.courseId(), k -> new Latest()).add(r);
        }
        // A course due on the 4th is overdue once the 4th has ended where the person is, not in UTC.
        Map<UUID, java.time.ZoneId> zones = times.zonesOf(people.stream().map(w -> w.view().id()).toList());
        List<CourseStanding> standings = new ArrayList<>();
        for (Who who : people) {
            EmployeeView person = who.view();
            java.time.ZoneId zone = zones.get(person.id());
            Map<UUID, LocalDate> due = new LinkedHashMap<>();
            for (CourseView.Assignment a : assignments) {
                boolean covers = a.role() != null ? who.roles().contains(a.role())
                        : a.departmentId() != null && a.departmentId().equals(who.departmentId());
                if (covers && published.containsKey(a.courseId())) {
                    due.merge(a.courseId(), a.dueOn(), (x, y) -> x.isBefore(y) ? x : y);
                }
            }
            due.forEach((courseId, dueOn) -> {
                CourseRepository.Row course = published.get(courseId);
                Latest last = latest.getOrDefault(person.id() + "/" + courseId, new Latest());
                standings.add(new CourseStanding(person.id(), person.username(), person.displayName(),
                        who.departmentId(), courseId, course.content(), dueOn,
                        Standing.of(last.validUntil, dueOn, now, properties.expiryWarning(), zone), last.validUntil,
                        last.score, last.submittedAt));
            });
        }
        return standings;
    }

    /** A person's latest result at a course and the end of their longest-running pass. */
    private static final class Latest {
        @Nullable Instant validUntil;
        @Nullable Integer score;
        @Nullable Instant submittedAt;

        void add(AttemptRepository.Result r) {
            score = r.score();
            submittedAt = r.submittedAt();
            if (r.passed() && r.validUntil() != null && (validUntil == null || r.validUntil().isAfter(validUntil))) {
                validUntil = r.validUntil();
            }
        }
    }
}
