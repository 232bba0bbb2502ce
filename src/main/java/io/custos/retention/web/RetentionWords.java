package io.custos.retention.web;

import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.custos.access.Subjects;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.retention.RetentionRule;
import io.custos.retention.RetentionRuleSet;
import io.custos.retention.RuleKind;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the retention pages say in the reader's language: a rule as a sentence ("Customer: 3 years
 * after the last transaction"), a period in words, people and departments by name, and a refused step
 * as a message on the page it came from.
 */
@Component
class RetentionWords {

    private final MessageSource messages;
    private final Subjects subjects;
    private final Employees employees;

    RetentionWords(MessageSource messages, Subjects subjects, Employees employees) {
        this.messages = messages;
        this.subjects = subjects;
        this.employees = employees;
    }

    /** "2 years", "1 year and 6 months", "30 days". */
    String period(Period period, Locale locale) {
        List<String> parts = new ArrayList<>();
        if (period.getYears() != 0) {
            parts.add(messages.getMessage("retention.period.years", new Object[] {period.getYears()}, locale));
        }
        if (period.getMonths() != 0) {
            parts.add(messages.getMessage("retention.period.months", new Object[] {period.getMonths()}, locale));
        }
        if (period.getDays() != 0 || parts.isEmpty()) {
            parts.add(messages.getMessage("retention.period.days", new Object[] {period.getDays()}, locale));
        }
        return String.join(messages.getMessage("retention.period.and", null, locale), parts);
    }

    /** The rule as a sentence a person reads. */
    String rule(RetentionRule rule, Locale locale) {
        String period = period(rule.period(), locale);
        if (rule.kind() == RuleKind.LEGAL_MINIMUM) {
            Map<String, String> labels = subjects.fieldLabels(locale);
            String fields = String.join(messages.getMessage("retention.list.separator", null, locale),
                    rule.fields().stream().map(f -> labels.getOrDefault(f, messages.getMessage("retention.unknownField",
                            null, locale))).toList());
            String name = messages.getMessage("retention.ruleName." + rule.code(), null, "", locale);
            return messages.getMessage(name.isEmpty() ? "retention.rule.LEGAL_MINIMUM" : "retention.rule.LEGAL_MINIMUM.named",
                    new Object[] {period, fields, name}, locale);
        }
        return messages.getMessage("retention.rule." + rule.kind().name(), new Object[] {period}, locale);
    }

    /** Each rule of a set by its code, as a sentence. */
    Map<String, String> rules(@Nullable RetentionRuleSet set, Locale locale) {
        Map<String, String> words = new LinkedHashMap<>();
        if (set != null) {
            set.rules().forEach(r -> words.put(r.code(), rule(r, locale)));
        }
        return words;
    }

    Map<UUID, String> people(Collection<@Nullable UUID> ids) {
        Map<UUID, String> people = new LinkedHashMap<>();
        for (UUID id : ids) {
            if (id != null && !people.containsKey(id)) {
                employees.byId(id).map(EmployeeView::displayName).ifPresent(name -> people.put(id, name));
            }
        }
        return people;
    }

    Map<UUID, String> departments(Locale locale) {
        Map<UUID, String> names = new LinkedHashMap<>();
        for (DepartmentView d : employees.departments()) {
            names.put(d.id(), d.name(locale));
        }
        return names;
    }

    Map<UUID, String> companies(Collection<UUID> customerIds) {
        return subjects.companyNames(customerIds);
    }

    Map<String, String> fieldLabels(Locale locale) {
        return subjects.fieldLabels(locale);
    }

    /**
     * A refused step is shown on the page it came from, with its status; something the person may not
     * see at all stays the 404 every missing thing is.
     */
    static void shown(DomainException e, HttpServletResponse response, Model model) {
        if (e.status() == HttpStatus.NOT_FOUND) {
            throw e;
        }
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        model.addAttribute("problemField", e.properties().get("field"));
    }

    /** A destructive step goes on only when the person ticked the box that says they mean it. */
    static void confirmed(boolean confirmed) {
        if (!confirmed) {
            throw DomainException.unprocessable("retention-confirmation-required", Map.of("field", "confirmed"));
        }
    }
}
