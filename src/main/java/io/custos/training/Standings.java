package io.custos.training;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
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
        return compute(List.of(employee), attempts.results(employee.id()));
    }

    /** Every current employee's standings. */
    List<CourseStanding> all() {
        return compute(employees.current(), attempts.results(null));
    }

    private List<CourseStanding> compute(List<EmployeeView> people, List<AttemptRepository.Result> results) {
        Map<UUID, CourseRepository.Row> published = new HashMap<>();
        courses.published().forEach(c -> published.put(c.id(), c));
        List<CourseView.Assignment> assignments = courses.publishedAssignments();
        Map<String, Latest> latest = new HashMap<>();
        for (AttemptRepository.Result r : results) {
            latest.computeIfAbsent(r.employeeId() + "/" + r.courseId(), k -> new Latest()).add(r);
        }
        Instant now = clock.instant();
        // A course due on the 4th is overdue once the 4th has ended where the person is, not in UTC.
        Map<UUID, java.time.ZoneId> zones = times.zonesOf(people.stream().map(EmployeeView::id).toList());
        List<CourseStanding> standings = new ArrayList<>();
        for (EmployeeView person : people) {
            java.time.ZoneId zone = zones.get(person.id());
            Map<UUID, LocalDate> due = new LinkedHashMap<>();
            for (CourseView.Assignment a : assignments) {
                boolean covers = a.role() != null ? person.roles().contains(a.role())
                        : a.departmentId() != null && a.departmentId().equals(person.departmentId());
                if (covers) {
                    due.merge(a.courseId(), a.dueOn(), (x, y) -> x.isBefore(y) ? x : y);
                }
            }
            due.forEach((courseId, dueOn) -> {
                CourseRepository.Row course = published.get(courseId);
                Latest last = latest.getOrDefault(person.id() + "/" + courseId, new Latest());
                standings.add(new CourseStanding(person.id(), person.username(), person.displayName(),
                        person.departmentId(), courseId, course.content(), dueOn,
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
