package io.custos.monitoring.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.monitoring.RuleKind;
import io.custos.monitoring.RuleSettings;

/**
 * The monitoring pages' sentences: a figure with its window (62 customers within 10 minutes), a
 * rule's condition, and each setting of a rule in words, so that two versions compare line by line.
 */
@Component
class MonitoringWords {

    private final MessageSource messages;
    private final Employees employees;

    MonitoringWords(MessageSource messages, Employees employees) {
        this.messages = messages;
        this.employees = employees;
    }

    /** A span of minutes as people say it: minutes, hours or days. */
    String duration(int minutes, Locale locale) {
        if (minutes > 0 && minutes % 1440 == 0) {
            return say("monitoring.duration.days", locale, minutes / 1440);
        }
        if (minutes > 0 && minutes % 60 == 0) {
            return say("monitoring.duration.hours", locale, minutes / 60);
        }
        return say("monitoring.duration.minutes", locale, minutes);
    }

    /** What an alert counted, such as 62 customers within 10 minutes. */
    String figure(RuleKind kind, long figure, int windowMinutes, Locale locale) {
        return say("monitoring.figure." + kind.figure(), locale, figure, duration(windowMinutes, locale));
    }

    /** When a rule fires, in one sentence. */
    String condition(RuleSettings rule, Locale locale) {
        if (rule.threshold() == 0) {
            return say("monitoring.condition.any." + rule.kind().figure(), locale);
        }
        return say("monitoring.condition." + rule.kind().figure(), locale, rule.threshold(),
                duration(rule.windowMinutes(), locale));
    }

    String suppression(RuleSettings rule, Locale locale) {
        return rule.suppressMinutes() == 0 ? say("monitoring.suppress.none", locale)
                : say("monitoring.suppress.within", locale, duration(rule.suppressMinutes(), locale));
    }

    String departments(List<UUID> ids, Map<UUID, String> names, Locale locale) {
        if (ids.isEmpty()) {
            return say("monitoring.departments.all", locale);
        }
        List<String> named = new ArrayList<>();
        ids.forEach(id -> named.add(names.getOrDefault(id, say("monitoring.department.gone", locale))));
        return String.join(", ", named);
    }

    /** Every setting of a rule in words, in a fixed order: the lines two versions compare. */
    Map<String, String> settings(RuleSettings rule, Map<UUID, String> departments, Locale locale) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(say("monitoring.setting.enabled", locale),
                say(rule.enabled() ? "monitoring.rule.on" : "monitoring.rule.off", locale));
        lines.put(say("monitoring.setting.severity", locale), say("monitoring.severity." + rule.severity(), locale));
        lines.put(say("monitoring.setting.condition", locale), condition(rule, locale));
        lines.put(say("monitoring.setting.suppress", locale), suppression(rule, locale));
        if (rule.kind().aboutPeople()) {
            lines.put(say("monitoring.setting.departments", locale),
                    departments(rule.departments(), departments, locale));
        }
        if (rule.workdayStart() != null && rule.workdayEnd() != null) {
            lines.put(say("monitoring.setting.hours", locale),
                    say("monitoring.hours", locale, rule.workdayStart().toString(), rule.workdayEnd().toString()));
        }
        if (rule.daysBeforeEnd() != null) {
            lines.put(say("monitoring.setting.daysBeforeEnd", locale),
                    say("monitoring.daysBeforeEnd", locale, rule.daysBeforeEnd()));
        }
        return lines;
    }

    /** Department names in the reader's language by id. */
    Map<UUID, String> departmentNames(Locale locale) {
        Map<UUID, String> names = new LinkedHashMap<>();
        for (DepartmentView department : employees.departments()) {
            names.put(department.id(), department.name(locale));
        }
        return names;
    }

    /** A person's display name; the audit chain's alerts have no person. */
    String person(@Nullable UUID id, Locale locale) {
        if (id == null) {
            return say("monitoring.subject.system", locale);
        }
        return employees.byId(id).map(EmployeeView::displayName).orElse(say("monitoring.subject.unknown", locale));
    }

    String say(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The words of a key another module may not have given yet. */
    @Nullable String sayOrNull(String key, Locale locale) {
        return messages.getMessage(key, null, null, locale);
    }
}
