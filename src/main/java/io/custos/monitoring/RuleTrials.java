package io.custos.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditStream;
import io.custos.audit.AuditStream.StreamEvent;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.sharing.Grants;

/**
 * A rule's test (issue 21.4): the rule, as it would be set, replayed over the last
 * {@code custos.monitoring.test-days} of the audit log with its suppression, showing what it would
 * have raised before anyone switches it on or changes it. Writes nothing but its own audit event;
 * the first contacts and networks it compares with are those the evaluator learnt. Like the alerts,
 * a test leaves out what the rule would have raised about the person running it.
 */
@Service
public class RuleTrials {

    static final int MAX_SHOWN = 100;

    private final AuditStream stream;
    private final AuditLog audit;
    private final JdbcTemplate template;
    private final Employees employees;
    private final Grants grants;
    private final WorkingCalendar calendar;
    private final Times times;
    private final MonitoringProperties properties;
    private final Clock clock;

    RuleTrials(AuditStream stream, AuditLog audit, JdbcTemplate template, Employees employees, Grants grants,
            WorkingCalendar calendar, Times times, MonitoringProperties properties, Clock clock) {
        this.stream = stream;
        this.audit = audit;
        this.template = template;
        this.employees = employees;
        this.grants = grants;
        this.calendar = calendar;
        this.times = times;
        this.properties = properties;
        this.clock = clock;
    }

    /** One alert the rule would have raised, with the repeats it would have counted on it. */
    public record TrialAlert(RuleKind kind, @Nullable UUID subjectId, @Nullable UUID departmentId, long figure,
            Instant firstEventAt, Instant lastEventAt, int events, int repeats) {
    }

    /**
     * What the test found: the period replayed, the events read (and whether the limit cut it short),
     * how many alerts and repeats, and the newest alerts (at most {@value #MAX_SHOWN}).
     */
    public record Trial(RuleSettings rule, Instant from, Instant until, long eventsRead, boolean truncated, int alerts,
            int repeats, List<TrialAlert> shown) {
    }

    /** @throws DomainException 403 unless the person may read the rules */
    @Transactional(readOnly = true)
    public Trial trial(RuleSettings rule, CustosUser by) {
        if (!MonitoringRules.reads(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        RuleSettings on = new RuleSettings(rule.kind(), true, rule.severity(), rule.threshold(), rule.windowMinutes(),
                rule.suppressMinutes(), rule.departments(), rule.workdayStart(), rule.workdayEnd(), rule.daysBeforeEnd());
        Instant until = clock.instant();
        Instant from = until.minus(Duration.ofDays(properties.testDays()));
        StoredFacts facts = new StoredFacts(template, employees, grants, calendar, times.companyZone(), clock, false);
        RuleEngine engine = new RuleEngine(0, List.of(on), facts);
        List<TrialAlert> alerts = new ArrayList<>();
        Map<String, Integer> last = new HashMap<>();
        int[] repeats = {0};
        List<StreamEvent> chunk = new ArrayList<>();
        Runnable feed = () -> {
            facts.prefetch(chunk);
            for (StreamEvent event : chunk) {
                for (Crossing crossing : engine.accept(event)) {
                    if (by.id().equals(crossing.subjectId())) {
                        // Nobody learns from a test what the rule would say about themselves.
                        continue;
                    }
                    Integer index = last.get(crossing.subjectKey());
                    TrialAlert earlier = index == null ? null : alerts.get(index);
                    if (earlier != null && on.suppressMinutes() > 0 && !earlier.lastEventAt()
                            .isBefore(crossing.firstAt().minus(Duration.ofMinutes(on.suppressMinutes())))) {
                        alerts.set(index, new TrialAlert(earlier.kind(), earlier.subjectId(), earlier.departmentId(),
                                Math.max(earlier.figure(), crossing.figure()), earlier.firstEventAt(), crossing.lastAt(),
                                earlier.events() + crossing.rows().size(), earlier.repeats() + 1));
                        repeats[0]++;
                    } else {
                        last.put(crossing.subjectKey(), alerts.size());
                        alerts.add(new TrialAlert(crossing.kind(), crossing.subjectId(), crossing.departmentId(),
                                crossing.figure(), crossing.firstAt(), crossing.lastAt(), crossing.rows().size(), 0));
                    }
                }
            }
            facts.discard();
            chunk.clear();
        };
        long read = stream.between(from, until, properties.testLimit(), event -> {
            chunk.add(event);
            if (chunk.size() >= properties.batchSize()) {
                feed.run();
            }
        });
        feed.run();
        boolean truncated = read >= properties.testLimit();
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "monitoring.rule.tested", AuditOutcome.ALLOWED)
                .actor(by.actor()).target(MonitoringRules.TARGET, rule.kind().name()).detail("rule", rule.kind().name())
                .detail("events", read).detail("alerts", alerts.size()).build());
        List<TrialAlert> newest = new ArrayList<>(alerts);
        java.util.Collections.reverse(newest);
        return new Trial(on, from, until, read, truncated, alerts.size(), repeats[0],
                List.copyOf(newest.subList(0, Math.min(MAX_SHOWN, newest.size()))));
    }
}
