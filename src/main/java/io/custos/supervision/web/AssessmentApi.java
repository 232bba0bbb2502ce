package io.custos.supervision.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.supervision.AssessmentInput;
import io.custos.supervision.AssessmentKind;
import io.custos.supervision.AssessmentView;
import io.custos.supervision.Assessments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** IT security's assessments over HTTP (issue 20.7, R-IT-2), with the SBOM a dependency scan attached. */
@RestController
@RequestMapping("/api/v1/assessments")
@Tag(name = "Security assessments")
class AssessmentApi {

    static final MediaType CYCLONEDX = MediaType.parseMediaType("application/vnd.cyclonedx+json");

    private final Assessments assessments;

    AssessmentApi(Assessments assessments) {
        this.assessments = assessments;
    }

    record AssessmentJson(@Nullable AssessmentKind kind, @Nullable String scope, @Nullable LocalDate assessedOn,
            @Nullable String assessor, @Nullable String summary, @Nullable Boolean done) {

        @Override
        public String toString() {
            return "AssessmentJson[kind=" + kind + "]";
        }
    }

    @GetMapping
    @Operation(summary = "The assessments, newest first")
    List<AssessmentView> list(@AuthenticationPrincipal CustosUser me) {
        return assessments.list(me);
    }

    @PostMapping
    @Operation(summary = "Plan an assessment, or record one done (a dependency scan done attaches the build's SBOM)")
    ResponseEntity<AssessmentView> record(@RequestBody AssessmentJson body, @AuthenticationPrincipal CustosUser me) {
        AssessmentView created = assessments.record(new AssessmentInput(body.kind(), body.scope(), body.assessedOn(),
                body.assessor(), body.summary(), Boolean.TRUE.equals(body.done())), me);
        return ResponseEntity.created(URI.create("/api/v1/assessments/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One assessment")
    AssessmentView get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return assessments.get(id, me);
    }

    @GetMapping("/{id}/sbom")
    @Operation(summary = "The CycloneDX SBOM a dependency scan attached, as the build wrote it")
    ResponseEntity<byte[]> sbom(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return download(assessments.sbom(id, me));
    }

    static ResponseEntity<byte[]> download(Assessments.SbomFile file) {
        return ResponseEntity.ok().contentType(CYCLONEDX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(file.bytes());
    }
}
