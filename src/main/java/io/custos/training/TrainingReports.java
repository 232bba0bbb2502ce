package io.custos.training;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.TableWriter;
import io.custos.shared.web.Times;


/**
 * Training completion per department and course, the list of people who are late, and the same
 * per person as a CSV or Excel file (R-EMP-2, R-SUP-6). The administration officer and management
 * see every department; a department head sees the departments they head. Exports are audited.
 */
@Service
public class TrainingReports {

    /** The export's columns; each header is the message {@code training.export.<column>}. */
    static final List<String> COLUMNS = List.of("username", "displayName", "department", "course", "mandatory",
            "standing", "dueOn", "validUntil", "lastScore", "lastSubmittedAt");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Standings standings;
    private final AttemptRepository attempts;
    private final Employees employees;
    private final TrainingAudit audit;
    private final MessageSource messages;
    private final Times times;
    private final Clock clock;

    TrainingReports(Standings standings, AttemptRepository attempts, Employees employees, TrainingAudit audit,
            MessageSource messages, Times times, Clock clock) {
        this.messages = messages;
        this.times = times;
        this.standings = standings;
        this.attempts = attempts;
        this.employees = employees;
        this.audit = audit;
        this.clock = clock;
    }

    /** One department (null: people in none) and one course. */
    public record Completion(@Nullable UUID departmentId, UUID courseId, CourseContent course, int assigned,
            int passed, int expiring, int due, int late) {
        /** Share of the assigned people holding a current pass, in percent, rounded down. */
        public int percent() {
            return assigned == 0 ? 0 : (passed + expiring) * 100 / assigned;
        }
    }

    /**
     * An attempt submitted in less than the plausible reading time (issue 13.4): whoever or whatever
     * answered did not read the questions. A pass of this kind does not count.
     */
    public record TooFast(UUID attemptId, String username, String displayName, @Nullable UUID departmentId,
            CourseContent course, Instant submittedAt, long seconds, int questions, int score) {
        public boolean wouldHavePassed() {
            return score >= course.passMark();
        }
    }

    public record Report(List<DepartmentView> departments, List<Completion> completion, List<CourseStanding> late,
            List<TooFast> tooFast) {
    }

    /**
     * A recorded export, ready to be written for a person to open in a spreadsheet: headers, the
     * department's name, the standing and yes / no in their language, times in their zone and in the
     * form the pages show ({@code 2026-12-04 22:17}); empty cells where there is nothing.
     */
    public record Export(String fileName, TableWriter.Format format, List<CourseStanding> rows,
            Map<UUID, DepartmentView> departments, MessageSource messages, Locale locale, Times times) {
        public void writeTo(OutputStream out) throws IOException {
            String zone = times.zone().getId();
            List<String> headers = COLUMNS.stream()
                    .map(c -> messages.getMessage("training.export." + c, new Object[] {zone}, locale)).toList();
            String yes = messages.getMessage("common.yes", null, locale);
            String no = messages.getMessage("common.no", null, locale);
            try (TableWriter writer = TableWriter.open(format, out, messages.getMessage("training.export.sheet", null,
                    locale), headers)) {
                for (CourseStanding s : rows) {
                    DepartmentView department = s.departmentId() == null ? null : departments.get(s.departmentId());
                    writer.row(Arrays.asList(s.username(), s.displayName(),
                            department == null ? null : department.name(locale), s.course().title(locale),
                            s.course().mandatory() ? yes : no,
                            messages.getMessage("training.standing." + s.standing().name(), null, locale),
                            times.date(s.dueOn()), time(s.validUntil()), s.lastScore(), time(s.lastSubmittedAt())));
                }
                writer.finish();
            }
        }

        private @Nullable String time(@Nullable Instant at) {
            return at == null ? null : times.format(at);
        }
    }

    @Transactional(readOnly = true)
    public Report report(CustosUser reader) {
        List<DepartmentView> departments = scope(reader);
        List<CourseStanding> rows = rows(reader, departments);
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, CourseStanding> sample = new LinkedHashMap<>();
        for (CourseStanding s : rows) {
            String key = s.departmentId() + "/" + s.courseId();
            int[] c = counts.computeIfAbsent(key, k -> new int[5]);
            sample.putIfAbsent(key, s);
            c[0]++;
            switch (s.standing()) {
                case PASSED -> c[1]++;
                case EXPIRING -> c[2]++;
                case DUE -> c[3]++;
                default -> c[4]++;
            }
        }
        List<Completion> completion = new ArrayList<>();
        counts.forEach((key, c) -> {
            CourseStanding s = sample.get(key);
            completion.add(new Completion(s.departmentId(), s.courseId(), s.course(), c[0], c[1], c[2], c[3], c[4]));
        });
        List<CourseStanding> late = rows.stream().filter(s -> s.standing().late())
                .sorted(Comparator.comparing(CourseStanding::dueOn)).toList();
        return new Report(departments, completion, late, tooFast(rows));
    }

    /** The too-fast attempts of the people and courses in the reader's scope, newest first. */
    private List<TooFast> tooFast(List<CourseStanding> rows) {
        Map<String, CourseStanding> inScope = new LinkedHashMap<>();
        rows.forEach(s -> inScope.putIfAbsent(s.employeeId() + "/" + s.courseId(), s));
        List<TooFast> result = new ArrayList<>();
        for (AttemptRepository.TooFast a : attempts.tooFast()) {
            CourseStanding s = inScope.get(a.employeeId() + "/" + a.courseId());
            if (s != null) {
                result.add(new TooFast(a.attemptId(), s.username(), s.displayName(), s.departmentId(), s.course(),
                        a.submittedAt(), Duration.between(a.startedAt(), a.submittedAt()).toSeconds(), a.questionCount(),
                        a.score()));
            }
        }
        return result;
    }

    /**
     * Every person and course in the reader's scope, recorded as exported before the file is written.
     *
     * @param locale the language the file is written in (the request's)
     */
    @Transactional
    public Export export(CustosUser reader, TableWriter.Format format, Locale locale) {
        List<DepartmentView> departments = scope(reader);
        List<CourseStanding> rows = rows(reader, departments);
        audit.record("training.report.exported", TrainingAudit.REPORT, "completion",
                Map.of("format", format, "rows", rows.size(), "departments", departments.size()));
        return new Export("training-" + FILE_TIME.format(clock.instant()) + "." + format.extension(), format, rows,
                departments.stream().collect(Collectors.toMap(DepartmentView::id, d -> d)), messages, locale, times);
    }

    private List<CourseStanding> rows(CustosUser reader, List<DepartmentView> departments) {
        boolean all = seesAll(reader);
        Set<UUID> ids = departments.stream().map(DepartmentView::id).collect(Collectors.toSet());
        return standings.all().stream()
                .filter(s -> all || s.departmentId() != null && ids.contains(s.departmentId()))
                .sorted(Comparator.comparing((CourseStanding s) -> String.valueOf(s.departmentId()))
                        .thenComparing(s -> s.courseId()).thenComparing(CourseStanding::username))
                .toList();
    }

    private List<DepartmentView> scope(CustosUser reader) {
        List<DepartmentView> departments = employees.departments();
        if (seesAll(reader)) {
            return departments;
        }
        if (reader.hasRole(Role.DEPT_HEAD)) {
            List<DepartmentView> headed = departments.stream().filter(d -> reader.id().equals(d.headId())).toList();
            if (!headed.isEmpty()) {
                return headed;
            }
            return departments.stream().filter(d -> d.id().equals(reader.departmentId())).toList();
        }
        throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
    }

    private static boolean seesAll(CustosUser reader) {
        return reader.hasRole(Role.ADMIN_OFFICER) || reader.hasRole(Role.MANAGEMENT);
    }
}
