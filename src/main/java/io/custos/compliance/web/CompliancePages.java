package io.custos.compliance.web;

import static io.custos.shared.web.FormValues.uuidOf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.compliance.Clause;
import io.custos.compliance.ClauseView;
import io.custos.compliance.ComplianceMaps;
import io.custos.compliance.ComplianceThresholds;
import io.custos.compliance.Control;
import io.custos.compliance.ControlView;
import io.custos.compliance.Indicator;
import io.custos.compliance.MapView;
import io.custos.compliance.Reading;
import io.custos.compliance.Status;
import io.custos.compliance.VersionMap;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.FormValues;

/**
 * The compliance map's pages (issue 22.1, 22.2, R-X-6): the map of the policy in force for the company
 * or a department, every clause with its controls and live evidence in words and colours (the colour is
 * always said too); a policy version's map, which the administration department edits while the
 * version is a draft; and the thresholds, which security administrators tune.
 */
@Controller
@RequestMapping("/compliance")
class CompliancePages {

    private final ComplianceMaps maps;
    private final ComplianceThresholds thresholds;
    private final ComplianceWords words;

    CompliancePages(ComplianceMaps maps, ComplianceThresholds thresholds, ComplianceWords words) {
        this.maps = maps;
        this.thresholds = thresholds;
        this.words = words;
    }

    record ReadingRow(Reading reading, String name, String value, String thresholds, @Nullable String link) {
    }

    record ControlRow(ControlView control, String name, List<ReadingRow> readings) {
    }

    record ClauseRow(ClauseView clause, String number, String heading, String text, List<ControlRow> controls) {
    }

    record Option(String value, String label) {
    }

    @GetMapping
    String home() {
        return "redirect:/compliance/map";
    }

    @GetMapping("/map")
    String map(@RequestParam(required = false) @Nullable String department, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        List<UUID> departments = maps.departmentsOf(me);
        UUID scope = uuidOf(department);
        if (scope == null && !maps.seesCompany(me)) {
            if (departments.isEmpty()) {
                throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
            }
            scope = departments.get(0); // a head sees their department's map
        }
        MapView map = maps.current(me, scope);
        List<ClauseRow> clauses = new ArrayList<>();
        for (ClauseView clause : map.clauses()) {
            clauses.add(clauseRow(clause, me, locale));
        }
        List<ControlRow> unmapped = new ArrayList<>();
        for (ControlView control : map.unmappedControls()) {
            unmapped.add(controlRow(control, me, locale));
        }
        List<Option> scopes = new ArrayList<>();
        if (maps.seesCompany(me)) {
            scopes.add(new Option("", words.department(null, locale)));
        }
        for (UUID id : departments) {
            scopes.add(new Option(id.toString(), words.department(id, locale)));
        }
        model.addAttribute("map", map);
        model.addAttribute("counts", map.counts());
        model.addAttribute("statuses", List.of(Status.RED, Status.AMBER, Status.GREEN, Status.INFO, Status.UNMAPPED));
        model.addAttribute("clauses", clauses);
        model.addAttribute("unmapped", unmapped);
        model.addAttribute("scopes", scopes);
        model.addAttribute("scope", scope == null ? "" : scope.toString());
        model.addAttribute("scopeName", words.department(scope, locale));
        model.addAttribute("policyTitle", map.policy() == null ? null
                : chinese(locale) ? map.policy().titleZh() : map.policy().titleEn());
        model.addAttribute("seesVersionMap", map.policy() != null
                && (me.hasRole(Role.ADMIN_OFFICER) || me.hasRole(Role.MANAGEMENT)));
        return "compliance/map";
    }

    @GetMapping("/map/versions/{id}")
    String versionMap(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return versionPage(maps.ofVersion(id, me), me, model, locale, null, null);
    }

    @PostMapping("/map/versions/{id}")
    String editVersionMap(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, RedirectAttributes redirect,
            HttpServletResponse response) {
        Map<String, Set<Control>> entries = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("clause.")) {
                Set<Control> controls = EnumSet.noneOf(Control.class);
                for (String value : values) {
                    Control control = FormValues.enumOf(Control.class, value);
                    if (control != null) {
                        controls.add(control);
                    }
                }
                entries.put(name.substring("clause.".length()), controls);
            }
        });
        try {
            maps.edit(id, entries, me);
            redirect.addFlashAttribute("notice", "compliance.version.saved");
            return "redirect:/compliance/map/versions/" + id;
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.status().value());
            return versionPage(maps.ofVersion(id, me), me, model, locale, e, entries);
        }
    }

    private String versionPage(VersionMap map, CustosUser me, Model model, Locale locale,
            @Nullable DomainException problem, @Nullable Map<String, Set<Control>> typed) {
        boolean zh = chinese(locale);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Clause clause : map.clauses()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", clause.key());
            row.put("number", zh ? clause.numberZh() : clause.numberEn());
            row.put("heading", zh ? clause.headingZh() : clause.headingEn());
            row.put("text", zh ? clause.textZh() : clause.textEn());
            Set<Control> chosen = typed != null ? typed.getOrDefault(clause.key(), Set.of()) : map.controls(clause.key());
            row.put("chosen", chosen.stream().map(Control::name).toList());
            row.put("names", chosen.stream().map(c -> words.say("compliance.control." + c.name(), locale)).toList());
            rows.add(row);
        }
        List<Option> controls = new ArrayList<>();
        for (Control control : Control.values()) {
            controls.add(new Option(control.name(), words.say("compliance.control." + control.name(), locale)));
        }
        model.addAttribute("vm", map);
        model.addAttribute("rows", rows);
        model.addAttribute("controls", controls);
        model.addAttribute("policyTitle", zh ? map.policy().titleZh() : map.policy().titleEn());
        model.addAttribute("mayEdit", map.editable() && me.hasRole(Role.ADMIN_OFFICER));
        model.addAttribute("editedBy", map.editedBy() == null ? null : words.person(map.editedBy(), locale));
        model.addAttribute("problem", problem);
        return "compliance/version";
    }

    @GetMapping("/thresholds")
    String thresholdList(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return thresholdPage(me, model, locale, null, null, null);
    }

    @PostMapping("/thresholds/{indicator}")
    String changeThreshold(@PathVariable String indicator, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, RedirectAttributes redirect,
            HttpServletResponse response) {
        Indicator which = FormValues.enumOf(Indicator.class, indicator);
        if (which == null) {
            throw DomainException.notFound();
        }
        // Not a number reads as -1, which every threshold refuses with the form kept.
        long amber = FormValues.intOf(form.get("amber"));
        long red = FormValues.intOf(form.get("red"));
        try {
            thresholds.change(which, amber, red, me);
            redirect.addFlashAttribute("noticeIndicator", words.indicator(which, locale));
            return "redirect:/compliance/thresholds#t-" + which.name();
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.status().value());
            return thresholdPage(me, model, locale, which, e, form);
        }
    }

    private String thresholdPage(CustosUser me, Model model, Locale locale, @Nullable Indicator failed,
            @Nullable DomainException problem, @Nullable Map<String, String> typed) {
        if (!maps.seesCompany(me)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ComplianceThresholds.ThresholdView view : thresholds.all()) {
            Indicator indicator = view.indicator();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", indicator.name());
            row.put("name", words.indicator(indicator, locale));
            row.put("control", words.say("compliance.control." + control(indicator).name(), locale));
            row.put("unit", words.say("compliance.unit." + indicator.unit(), locale));
            row.put("defaults", words.thresholds(indicator, view.defaults(), locale));
            row.put("current", words.thresholds(indicator, view.current(), locale));
            row.put("fixed", view.fixed());
            row.put("tuned", view.tuned());
            row.put("changedBy", view.changedBy() == null ? null : words.person(view.changedBy(), locale));
            row.put("changedAt", view.changedAt());
            boolean mine = indicator == failed && typed != null;
            row.put("amber", mine ? typed.getOrDefault("amber", "") : String.valueOf(view.current().amber()));
            row.put("red", mine ? typed.getOrDefault("red", "") : String.valueOf(view.current().red()));
            row.put("problem", mine ? problem : null);
            row.put("higherIsWorse", indicator.higherIsWorse());
            rows.add(row);
        }
        model.addAttribute("rows", rows);
        model.addAttribute("mayTune", me.hasRole(Role.SECURITY_ADMIN));
        return "compliance/thresholds";
    }

    private static Control control(Indicator indicator) {
        for (Control control : Control.values()) {
            if (control.indicators().contains(indicator)) {
                return control;
            }
        }
        throw new IllegalStateException("No control shows " + indicator);
    }

    private ClauseRow clauseRow(ClauseView view, CustosUser me, Locale locale) {
        boolean zh = chinese(locale);
        Clause clause = view.clause();
        List<ControlRow> controls = new ArrayList<>();
        for (ControlView control : view.controls()) {
            controls.add(controlRow(control, me, locale));
        }
        return new ClauseRow(view, zh ? clause.numberZh() : clause.numberEn(), zh ? clause.headingZh()
                : clause.headingEn(), zh ? clause.textZh() : clause.textEn(), controls);
    }

    private ControlRow controlRow(ControlView control, CustosUser me, Locale locale) {
        List<ReadingRow> readings = new ArrayList<>();
        for (Reading reading : control.readings()) {
            readings.add(new ReadingRow(reading, words.indicator(reading.indicator(), locale),
                    words.value(reading, locale), words.thresholds(reading.indicator(), reading.thresholds(), locale),
                    words.link(reading.indicator(), me)));
        }
        return new ControlRow(control, words.say("compliance.control." + control.control().name(), locale), readings);
    }

    static boolean chinese(Locale locale) {
        return "zh".equals(locale.getLanguage());
    }
}
