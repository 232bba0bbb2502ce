package io.custos.casework.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.casework.CaseChannel;
import io.custos.casework.CaseDetail;
import io.custos.casework.CaseOutcome;
import io.custos.casework.CaseType;
import io.custos.casework.CaseView;
import io.custos.casework.Cases;
import io.custos.casework.NewCase;
import io.custos.casework.Verification;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Casework for staff over HTTP (issue 19.7). Who sees and may do what is decided by {@link Cases}:
 * a case the caller may not see answers 404, a step that is not theirs 403.
 */
@RestController
@RequestMapping("/api/v1/cases")
@Tag(name = "Cases")
class CaseApi {

    private final Cases cases;

    CaseApi(Cases cases) {
        this.cases = cases;
    }

    record NewCaseJson(@Nullable UUID customerId, @Nullable CaseType type, @Nullable CaseChannel channel,
            @Nullable LocalDate receivedOn, @Nullable String text, @Nullable String fieldKey,
            @Nullable String correction, @Nullable BigDecimal amount) {

        @Override
        public String toString() {
            return "NewCaseJson[type=" + type + "]";
        }
    }

    enum Action { VERIFY, ASSIGN, NOTE, PAUSE, RESUME, EXTEND, CARRY_OUT, CLOSE }

    /** One step; which fields count depends on the action. */
    record ActionJson(@NotNull Action action, @Nullable Verification verification, @Nullable UUID departmentId,
            @Nullable UUID assigneeId, @Nullable String text, @Nullable Integer days, @Nullable CaseOutcome outcome,
            @Nullable String replyZh, @Nullable String replyEn) {

        @Override
        public String toString() {
            return "ActionJson[action=" + action + "]";
        }
    }

    @GetMapping
    @Operation(summary = "The cases the caller may see; closed ones too with closed=true")
    List<CaseView> list(@RequestParam(defaultValue = "false") boolean closed, @AuthenticationPrincipal CustosUser me) {
        return cases.visibleTo(me, closed);
    }

    @PostMapping
    @Operation(summary = "Enter a case received by letter, phone, e-mail or in person")
    ResponseEntity<CaseDetail> enter(@RequestBody NewCaseJson body, @AuthenticationPrincipal CustosUser me) {
        CaseView created = cases.enter(new NewCase(body.customerId(), body.type(), body.channel(), body.receivedOn(),
                body.text(), body.fieldKey(), body.correction(), body.amount()), me);
        return ResponseEntity.created(URI.create("/api/v1/cases/" + created.id())).body(cases.detail(created.id(), me));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One case with its words and timeline (dates and codes only for auditors and management)")
    CaseDetail get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return cases.detail(id, me);
    }

    @PostMapping("/{id}/actions")
    @Operation(summary = "Take a step: VERIFY, ASSIGN, NOTE, PAUSE, RESUME, EXTEND, CARRY_OUT or CLOSE")
    CaseDetail act(@PathVariable UUID id, @Valid @RequestBody ActionJson body, @AuthenticationPrincipal CustosUser me) {
        switch (body.action()) {
            case VERIFY -> cases.verify(id, body.verification(), me);
            case ASSIGN -> cases.assign(id, body.departmentId(), body.assigneeId(), me);
            case NOTE -> cases.note(id, body.text(), me);
            case PAUSE -> cases.pause(id, body.text(), me);
            case RESUME -> cases.resume(id, me);
            case EXTEND -> cases.extend(id, body.days(), body.text(), me);
            case CARRY_OUT -> cases.carryOut(id, me);
            case CLOSE -> cases.close(id, body.outcome(), body.replyZh(), body.replyEn(), me);
            default -> throw DomainException.unprocessable("case-action-unknown", java.util.Map.of("field", "action"));
        }
        return cases.detail(id, me);
    }
}
