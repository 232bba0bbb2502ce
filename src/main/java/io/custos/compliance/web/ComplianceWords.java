package io.custos.compliance.web;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.custos.compliance.Indicator;
import io.custos.compliance.Reading;
import io.custos.compliance.Thresholds;
import io.custos.identity.CustosUser;
import io.custos.identity.Employees;

/**
 * The map's figures in words: a value with its unit (12 days, 97 %, never), the thresholds as a
 * sentence (amber from 2 days, red from 8), and whether the viewer may follow a reading to the page
 * that fixes it. Shared by the map, the dashboards and the report.
 */
@Component
public class ComplianceWords {

    private final MessageSource messages;
    private final Employees employees;

    ComplianceWords(MessageSource messages, Employees employees) {
        this.messages = messages;
        this.employees = employees;
    }

    public String say(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** A value in its unit; a DAYS reading without a time never happened. */
    public String value(Indicator indicator, @Nullable Long value, Locale locale) {
        if (value == null) {
            return say("compliance.value.never", locale);
        }
        return say("compliance.value." + indicator.unit(), locale, value);
    }

    public String value(Reading reading, Locale locale) {
        return value(reading.indicator(), reading.value(), locale);
    }

    /** The thresholds as a sentence, or that the figure is shown without judgement. */
    public String thresholds(Indicator indicator, @Nullable Thresholds thresholds, Locale locale) {
        if (thresholds == null) {
            return say("compliance.thresholds.none", locale);
        }
        String amber = value(indicator, thresholds.amber(), locale);
        String red = value(indicator, thresholds.red(), locale);
        if (indicator.higherIsWorse()) {
            return thresholds.amber() == thresholds.red() ? say("compliance.thresholds.redFrom", locale, red)
                    : say("compliance.thresholds.from", locale, amber, red);
        }
        return thresholds.amber() == thresholds.red() ? say("compliance.thresholds.redBelow", locale, red)
                : say("compliance.thresholds.below", locale, amber, red);
    }

    public String indicator(Indicator indicator, Locale locale) {
        return say("compliance.indicator." + indicator.name(), locale);
    }

    /** The page behind a reading, if the viewer may open it. */
    public @Nullable String link(Indicator indicator, CustosUser viewer) {
        return indicator.link() != null && viewer.hasAnyRole(indicator.linkRoles()) ? indicator.link() : null;
    }

    public String person(@Nullable UUID id, Locale locale) {
        if (id == null) {
            return "—";
        }
        return employees.byId(id).map(e -> e.displayName()).orElse(say("compliance.person.unknown", locale));
    }

    public String department(@Nullable UUID id, Locale locale) {
        if (id == null) {
            return say("compliance.scope.company", locale);
        }
        return employees.department(id).map(d -> d.name(locale)).orElse("—");
    }
}
