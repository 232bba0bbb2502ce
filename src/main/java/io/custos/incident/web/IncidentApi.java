package io.custos.incident.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.incident.ClockKind;
import io.custos.incident.DataCategory;
import io.custos.incident.IncidentDetail;
import io.custos.incident.IncidentReport;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.incident.NewIncident;
import io.custos.incident.Severity;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Incidents over HTTP (issue 20.4). Those who do not read incidents get 404; a step by anyone but IT
 * security 403. Times are ISO 8601 with an offset.
 */
@RestController
@RequestMapping("/api/v1/incidents")
@Tag(name = "Incidents")
class IncidentApi {

    private final Incidents incidents;
    private final IncidentReport report;
    private final Times times;

    IncidentApi(Incidents incidents, IncidentReport report, Times times) {
        this.incidents = incidents;
        this.report = report;
        this.times = times;
    }

    record NewIncidentJson(@Nullable Severity severity, @Nullable Set<DataCategory> categories,
            @Nullable Instant detectedAt, @Nullable String summary, @Nullable List<UUID> customers) {

        @Override
        public String toString() {
            return "NewIncidentJson[severity=" + severity + "]";
        }
    }

    enum Action { NOTE, CONTAIN, NOTICE_MEASURES, REGULATOR_NOTIFIED, CUSTOMERS_NOTIFIED, NOT_REQUIRED, ADD_CUSTOMERS, CLOSE }

    record ActionJson(@NotNull Action action, @Nullable String text, @Nullable ClockKind clock,
            @Nullable List<UUID> customers, @Nullable Instant at) {

        @Override
        public String toString() {
            return "ActionJson[action=" + action + "]";
        }
    }

    @GetMapping
    @Operation(summary = "Incidents, open ones only unless closed=true (IT security, management, administration, auditor)")
    List<IncidentView> list(@RequestParam(defaultValue = "false") boolean closed, @AuthenticationPrincipal CustosUser me) {
        if (!Incidents.reads(me)) {
            throw DomainException.notFound();
        }
        return incidents.visibleTo(me, closed);
    }

    @PostMapping
    @Operation(summary = "Open an incident (IT security)")
    ResponseEntity<IncidentDetail> open(@RequestBody NewIncidentJson body, @AuthenticationPrincipal CustosUser me) {
        IncidentView opened = incidents.open(new NewIncident(body.severity(),
                body.categories() == null ? Set.of() : body.categories(), body.detectedAt(), body.summary(),
                body.customers() == null ? List.of() : body.customers(), null), me);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + opened.id())).body(incidents.detail(opened.id(), me));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One incident with its clocks and timeline (dates and codes only for the auditor)")
    IncidentDetail get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return incidents.detail(id, me);
    }

    @PostMapping("/{id}/actions")
    @Operation(summary = "A step: NOTE, CONTAIN (internal), NOTICE_MEASURES (text sent as written to every affected "
            + "customer and the regulator), REGULATOR_NOTIFIED (clock, at), CUSTOMERS_NOTIFIED (at), NOT_REQUIRED "
            + "(clock, text; lowest level only), ADD_CUSTOMERS (customers), CLOSE (text)")
    IncidentDetail act(@PathVariable UUID id, @Valid @RequestBody ActionJson body, @AuthenticationPrincipal CustosUser me) {
        switch (body.action()) {
            case NOTE -> incidents.note(id, body.text(), me);
            case CONTAIN -> incidents.contain(id, body.text(), me);
            case NOTICE_MEASURES -> incidents.noticeMeasures(id, body.text(), me);
            case REGULATOR_NOTIFIED -> incidents.regulatorNotified(id, body.clock(), body.at(), body.text(), me);
            case CUSTOMERS_NOTIFIED -> incidents.customersNotified(id, body.at(), body.text(), me);
            case NOT_REQUIRED -> incidents.notRequired(id, body.clock(), body.text(), me);
            case ADD_CUSTOMERS -> incidents.addCustomers(id, body.customers(), me);
            case CLOSE -> incidents.close(id, body.text(), me);
            default -> throw DomainException.unprocessable("incident-action-unknown", java.util.Map.of("field", "action"));
        }
        return incidents.detail(id, me);
    }

    @GetMapping("/{id}/report.pdf")
    @Operation(summary = "The incident's report as PDF; lang=zh or en")
    ResponseEntity<byte[]> pdf(@PathVariable UUID id, @RequestParam(defaultValue = "zh") String lang,
            @AuthenticationPrincipal CustosUser me) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        byte[] pdf = report.render(id, me, locale, times.zoneOf(me.id()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("incident-" + id + "-" + locale.getLanguage() + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(pdf);
    }
}
