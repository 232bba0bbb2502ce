package io.custos.supervision.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.supervision.Checklist;
import io.custos.supervision.ChecklistDraft;
import io.custos.supervision.Checklists;
import io.custos.supervision.InspectionDetail;
import io.custos.supervision.InspectionReport;
import io.custos.supervision.InspectionView;
import io.custos.supervision.Inspections;
import io.custos.supervision.ItemResult;
import io.custos.supervision.RectificationDetail;
import io.custos.supervision.RectificationView;
import io.custos.supervision.Rectifications;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Inspections and rectifications over HTTP (issue 20.6). Who sees and may do what is decided by
 * {@link Inspections} and {@link Rectifications}: what the caller may not see answers 404, a step
 * that is not theirs 403.
 */
@RestController
@Tag(name = "Inspections")
class InspectionApi {

    private final Inspections inspections;
    private final Rectifications rectifications;
    private final InspectionReport report;
    private final Checklists checklists;
    private final Times times;

    InspectionApi(Inspections inspections, Rectifications rectifications, InspectionReport report, Checklists checklists,
            Times times) {
        this.checklists = checklists;
        this.inspections = inspections;
        this.rectifications = rectifications;
        this.report = report;
        this.times = times;
    }

    record NewInspectionJson(@Nullable UUID departmentId, @Nullable String period, @Nullable UUID inspectorId) {
    }

    record FindingJson(@Nullable UUID itemId, @Nullable Integer score, @Nullable String findingText,
            @Nullable Boolean isFinding, @Nullable String notes, @Nullable LocalDate deadline) {

        @Override
        public String toString() {
            return "FindingJson[item=" + itemId + ", score=" + score + ", finding=" + isFinding + "]";
        }
    }

    enum Action { SUBMIT_FIX, VERIFY, REJECT }

    record ActionJson(@NotNull Action action, @Nullable String text) {

        @Override
        public String toString() {
            return "ActionJson[action=" + action + "]";
        }
    }

    @GetMapping("/api/v1/inspections")
    @Operation(summary = "The inspections the caller may see, newest quarter first")
    List<InspectionView> list(@AuthenticationPrincipal CustosUser me) {
        return inspections.visibleTo(me);
    }

    @PostMapping("/api/v1/inspections")
    @Operation(summary = "Plan an inspection of a department for a quarter (like 2026-Q4), by the administration department")
    ResponseEntity<InspectionDetail> plan(@RequestBody NewInspectionJson body, @AuthenticationPrincipal CustosUser me) {
        InspectionView planned = inspections.plan(body.departmentId(), body.period(), body.inspectorId(), me);
        return ResponseEntity.created(URI.create("/api/v1/inspections/" + planned.id()))
                .body(inspections.detail(planned.id(), me));
    }

    @GetMapping("/api/v1/inspections/{id}")
    @Operation(summary = "One inspection with its checklist, what was recorded and its rectifications")
    InspectionDetail get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return inspections.detail(id, me);
    }

    @PostMapping("/api/v1/inspections/{id}/findings")
    @Operation(summary = "Record one item: score 0-3, whether it is a finding, its text and deadline, notes")
    ItemResult record(@PathVariable UUID id, @RequestBody FindingJson body, @AuthenticationPrincipal CustosUser me) {
        return inspections.record(id, body.itemId(), body.score(), Boolean.TRUE.equals(body.isFinding()),
                body.findingText(), body.notes(), body.deadline(), me);
    }

    @PostMapping("/api/v1/inspections/{id}/complete")
    @Operation(summary = "Complete the inspection: each finding becomes a rectification owned by the department's head")
    InspectionDetail complete(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        inspections.complete(id, me);
        return inspections.detail(id, me);
    }

    @GetMapping("/api/v1/inspections/{id}/report.pdf")
    @Operation(summary = "The completed inspection's report as PDF, in Chinese (lang=zh) or English (lang=en)")
    ResponseEntity<byte[]> report(@PathVariable UUID id, @RequestParam(defaultValue = "zh") String lang,
            @AuthenticationPrincipal CustosUser me) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        byte[] pdf = report.render(id, me, locale, times.zone());
        return pdf(pdf, "inspection-" + id + "-" + locale.getLanguage() + ".pdf");
    }

    @GetMapping("/api/v1/inspection-checklists")
    @Operation(summary = "Every checklist version, newest first (the newest not retired is used by new inspections)")
    List<Checklist> checklists(@AuthenticationPrincipal CustosUser me) {
        return checklists.versions(me);
    }

    @PutMapping("/api/v1/inspection-checklists/{id}")
    @Operation(summary = "Save a checklist: in place while no inspection uses it, else as the next version (ADMIN_OFFICER)")
    Checklist saveChecklist(@PathVariable UUID id, @RequestBody ChecklistDraft body, @AuthenticationPrincipal CustosUser me) {
        return checklists.save(id, body, me);
    }

    @GetMapping("/api/v1/rectifications")
    @Operation(summary = "The rectifications the caller may see, open ones first by due date")
    List<RectificationView> rectifications(@AuthenticationPrincipal CustosUser me) {
        return rectifications.visibleTo(me);
    }

    @GetMapping("/api/v1/rectifications/{id}")
    @Operation(summary = "One rectification with its finding and steps")
    RectificationDetail rectification(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return inspections.rectification(id, me);
    }

    @PostMapping("/api/v1/rectifications/{id}/actions")
    @Operation(summary = "SUBMIT_FIX (the owner, text = the evidence), VERIFY or REJECT (the inspector, text = the reason)")
    RectificationDetail act(@PathVariable UUID id, @Valid @RequestBody ActionJson body,
            @AuthenticationPrincipal CustosUser me) {
        switch (body.action()) {
            case SUBMIT_FIX -> rectifications.submitFix(id, body.text(), me);
            case VERIFY -> rectifications.verify(id, me);
            case REJECT -> rectifications.reject(id, body.text(), me);
            default -> throw DomainException.unprocessable("rectification-action-unknown", Map.of("field", "action"));
        }
        return inspections.rectification(id, me);
    }

    static ResponseEntity<byte[]> pdf(byte[] pdf, String fileName) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build()
                        .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(pdf);
    }
}
