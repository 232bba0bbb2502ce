package io.custos.compliance.web;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.compliance.ComplianceMaps;
import io.custos.compliance.ComplianceThresholds;
import io.custos.compliance.Control;
import io.custos.compliance.Indicator;
import io.custos.compliance.MapView;
import io.custos.compliance.VersionMap;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.FormValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The compliance map over HTTP (issue 22.7, R-X-2, R-X-6): the live map for the company or a
 * department, a policy version's map and its edit, and the thresholds. Figures are counts, percentages
 * and days; times are ISO 8601. Who may do what is decided by the services.
 */
@RestController
@RequestMapping("/api/v1/compliance")
@Tag(name = "Compliance map")
class ComplianceApi {

    private final ComplianceMaps maps;
    private final ComplianceThresholds thresholds;

    ComplianceApi(ComplianceMaps maps, ComplianceThresholds thresholds) {
        this.maps = maps;
        this.thresholds = thresholds;
    }

    /** A version's map: clause key to the controls that carry it out; a clause left out has none. */
    record MapEditJson(@Nullable Map<String, @Nullable List<String>> clauses) {
    }

    record ThresholdJson(@Nullable Long amber, @Nullable Long red) {
    }

    @GetMapping("/map")
    @Operation(summary = "The live compliance map of the policy in force: clauses, controls, readings with their "
            + "status and thresholds; for the company, or one department (?department=)")
    MapView map(@RequestParam(required = false) @Nullable String department, @AuthenticationPrincipal CustosUser me) {
        UUID scope = null;
        if (department != null && !department.isBlank()) {
            scope = FormValues.uuidOf(department);
            if (scope == null) {
                throw DomainException.unprocessable("compliance-department-invalid", Map.of("field", "department"));
            }
        } else if (!maps.seesCompany(me)) {
            List<UUID> mine = maps.departmentsOf(me);
            if (mine.isEmpty()) {
                throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
            }
            scope = mine.get(0);
        }
        return maps.current(me, scope);
    }

    @GetMapping("/map/versions/{versionId}")
    @Operation(summary = "A policy version's map: its clauses and the controls of each, where the map came from, "
            + "and whether it may still change")
    VersionMap versionMap(@PathVariable UUID versionId, @AuthenticationPrincipal CustosUser me) {
        return maps.ofVersion(versionId, me);
    }

    @PutMapping("/map/versions/{versionId}")
    @Operation(summary = "Sets a draft policy version's map (administration department); approved with the version")
    VersionMap editVersionMap(@PathVariable UUID versionId, @RequestBody MapEditJson body,
            @AuthenticationPrincipal CustosUser me) {
        if (body.clauses() == null) {
            throw DomainException.unprocessable("compliance-map-invalid", Map.of("field", "clauses"));
        }
        Map<String, Set<Control>> entries = new LinkedHashMap<>();
        body.clauses().forEach((key, names) -> {
            Set<Control> controls = EnumSet.noneOf(Control.class);
            for (String name : names == null ? List.<String>of() : names) {
                Control control = FormValues.enumOf(Control.class, name);
                if (control == null) {
                    throw DomainException.unprocessable("compliance-map-invalid", Map.of("field", "clauses"));
                }
                controls.add(control);
            }
            entries.put(key, controls);
        });
        return maps.edit(versionId, entries, me);
    }

    @GetMapping("/thresholds")
    @Operation(summary = "Every figure's thresholds: defaults, in force, fixed or tuned by whom and when")
    List<ComplianceThresholds.ThresholdView> thresholds(@AuthenticationPrincipal CustosUser me) {
        if (!maps.seesCompany(me)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return thresholds.all();
    }

    @PutMapping("/thresholds/{indicator}")
    @Operation(summary = "Tunes a figure's thresholds (security administrators); the policy's musts are fixed")
    ComplianceThresholds.ThresholdView tune(@PathVariable String indicator, @RequestBody ThresholdJson body,
            @AuthenticationPrincipal CustosUser me) {
        Indicator which = FormValues.enumOf(Indicator.class, indicator);
        if (which == null) {
            throw DomainException.notFound();
        }
        if (body.amber() == null || body.red() == null) {
            throw DomainException.unprocessable("compliance-threshold-invalid", Map.of("field", "amber"),
                    which.unit() == Indicator.Unit.PERCENT ? 100 : which.unit() == Indicator.Unit.DAYS ? 3650 : 1_000_000);
        }
        return thresholds.change(which, body.amber(), body.red(), me);
    }
}
