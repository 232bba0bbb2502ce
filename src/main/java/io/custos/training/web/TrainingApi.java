package io.custos.training.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.training.AttemptView;
import io.custos.training.CourseContent;
import io.custos.training.CourseStanding;
import io.custos.training.CourseView;
import io.custos.training.Courses;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.GateAnswer;
import io.custos.training.LessonContent;
import io.custos.training.PolicyDocuments;
import io.custos.training.QuestionContent;
import io.custos.training.Quizzes;
import io.custos.training.TrainingGate;
import io.custos.shared.web.TableWriter;
import io.custos.training.TrainingReports;
import io.custos.training.VersionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Policy documents, the agreement, courses, quizzes and reports over HTTP; the services decide who may. */
@RestController
@RequestMapping("/api/v1/training")
@Tag(name = "Training")
class TrainingApi {

    private final PolicyDocuments documents;
    private final Courses courses;
    private final Quizzes quizzes;
    private final TrainingGate gate;
    private final TrainingReports reports;

    TrainingApi(PolicyDocuments documents, Courses courses, Quizzes quizzes, TrainingGate gate,
            TrainingReports reports) {
        this.documents = documents;
        this.courses = courses;
        this.quizzes = quizzes;
        this.gate = gate;
        this.reports = reports;
    }

    record Pending(UUID documentId, UUID versionId, DocumentKind kind, int number, String titleZh, String titleEn) {
    }

    /**
     * The gate's answer with its reason as the stable code ({@code agreement-missing}, ...), what
     * blocks (the courses, the agreement document) and the page that lifts the refusal.
     */
    record Gate(boolean allowed, @Nullable String reason, List<UUID> courses, @Nullable UUID document,
            @Nullable String remedy) {
        static Gate of(GateAnswer answer) {
            return new Gate(answer.allowed(), answer.reasonCode(), answer.courses(), answer.document(),
                    answer.remedyPath());
        }
    }

    record MyTraining(Gate gate, List<Pending> pendingDocuments, List<CourseStanding> courses) {
    }

    record NewDocument(@NotNull DocumentKind kind, @Nullable String titleZh, @Nullable String titleEn,
            @Nullable String bodyZh, @Nullable String bodyEn) {
        DocumentContent content() {
            return new DocumentContent(text(titleZh), text(titleEn), text(bodyZh), text(bodyEn));
        }
    }

    record Content(@Nullable String titleZh, @Nullable String titleEn, @Nullable String bodyZh, @Nullable String bodyEn) {
        DocumentContent content() {
            return new DocumentContent(text(titleZh), text(titleEn), text(bodyZh), text(bodyEn));
        }
    }

    record Created(UUID id) {
    }

    record Acknowledged(UUID versionId, Instant at) {
    }

    record Settings(@Nullable String titleZh, @Nullable String titleEn, @Nullable String summaryZh,
            @Nullable String summaryEn, int passMark, int questionCount, boolean mandatory) {
        CourseContent content() {
            return new CourseContent(text(titleZh), text(titleEn), text(summaryZh), text(summaryEn), passMark,
                    questionCount, mandatory);
        }
    }

    record Lesson(@Nullable String titleZh, @Nullable String titleEn, @Nullable String bodyZh, @Nullable String bodyEn) {
        LessonContent content() {
            return new LessonContent(text(titleZh), text(titleEn), text(bodyZh), text(bodyEn));
        }
    }

    record Option(@Nullable String textZh, @Nullable String textEn, boolean correct) {
    }

    record Question(@Nullable String textZh, @Nullable String textEn, @NotNull @Size(max = 6) List<@NotNull Option> options) {
        QuestionContent content() {
            return new QuestionContent(text(textZh), text(textEn), options.stream()
                    .map(o -> new QuestionContent.Option(text(o.textZh()), text(o.textEn()), o.correct())).toList());
        }
    }

    /** Bodies are checked when turned into the module's records, so a refusal is a 422 with its code. */
    record NewCourse(@NotNull Settings settings, @NotNull @Size(max = 50) List<@NotNull Lesson> lessons,
            @NotNull @Size(max = 500) List<@NotNull @Valid Question> questions) {
    }

    record NewAssignment(@Nullable Role role, @Nullable UUID departmentId, @NotNull LocalDate dueOn) {
    }

    record Answers(@NotNull @Size(max = 100) Map<UUID, UUID> answers) {
    }

    @GetMapping("/me")
    @Operation(summary = "My gate answer, the documents I still have to acknowledge and my courses")
    MyTraining me(@AuthenticationPrincipal CustosUser me) {
        return new MyTraining(Gate.of(gate.check(me.id())), documents.pendingFor(me.id()).stream()
                .map(p -> new Pending(p.documentId(), p.versionId(), p.kind(), p.number(), p.content().titleZh(),
                        p.content().titleEn())).toList(), quizzes.mine(me));
    }

    @GetMapping("/documents")
    @Operation(summary = "Policy documents and the agreement; drafts only for officers and management")
    List<DocumentView> documents(@AuthenticationPrincipal CustosUser me) {
        return documents.documents(me);
    }

    @GetMapping("/document-versions/{id}")
    VersionView version(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return documents.version(id, me);
    }

    @PostMapping("/documents")
    @Operation(summary = "A new document with its first draft (ADMIN_OFFICER); bodies are Markdown")
    ResponseEntity<Created> create(@Valid @RequestBody NewDocument request, @AuthenticationPrincipal CustosUser me) {
        UUID version = documents.create(request.kind(), request.content(), me);
        return ResponseEntity.created(URI.create("/api/v1/training/document-versions/" + version))
                .body(new Created(version));
    }

    @PostMapping("/documents/{id}/versions")
    @Operation(summary = "The next version of a document, as a draft (ADMIN_OFFICER)")
    ResponseEntity<Created> draftNext(@PathVariable UUID id, @RequestBody Content request,
            @AuthenticationPrincipal CustosUser me) {
        UUID version = documents.draftNext(id, request.content(), me);
        return ResponseEntity.created(URI.create("/api/v1/training/document-versions/" + version))
                .body(new Created(version));
    }

    @PutMapping("/document-versions/{id}")
    @Operation(summary = "Revise a draft or a version sent back (ADMIN_OFFICER)")
    VersionView revise(@PathVariable UUID id, @RequestBody Content request, @AuthenticationPrincipal CustosUser me) {
        documents.revise(id, request.content(), me);
        return documents.version(id, me);
    }

    @PostMapping("/document-versions/{id}/{transition:submit|approve}")
    @Operation(summary = "Submit (ADMIN_OFFICER), approve and publish (MANAGEMENT)")
    VersionView transition(@PathVariable UUID id, @PathVariable String transition, @AuthenticationPrincipal CustosUser me) {
        if ("submit".equals(transition)) {
            documents.submit(id, me);
        } else {
            documents.approve(id, me);
        }
        return documents.version(id, me);
    }

    /** Why a version goes back; the author reads it on the version page. */
    record RejectionRequest(@Nullable String reason) {
    }

    @PostMapping("/document-versions/{id}/reject")
    @Operation(summary = "Send a submitted version back to the officer with a reason, at most 500 characters "
            + "(MANAGEMENT); 422 rejection-reason-required without one")
    VersionView reject(@PathVariable UUID id, @RequestBody RejectionRequest request, @AuthenticationPrincipal CustosUser me) {
        documents.reject(id, request.reason(), me);
        return documents.version(id, me);
    }

    @PostMapping("/document-versions/{id}/acknowledgment")
    @Operation(summary = "Acknowledge the version in force (for the agreement: accept it); dated")
    Acknowledged acknowledge(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return new Acknowledged(id, documents.acknowledge(id, me));
    }

    @GetMapping("/courses")
    @Operation(summary = "Every course with lessons, question bank and assignments (ADMIN_OFFICER)")
    List<CourseView> courses() {
        return courses.list();
    }

    @PostMapping("/courses")
    @Operation(summary = "A draft course with its lessons and question bank in one call (ADMIN_OFFICER)")
    ResponseEntity<Created> createCourse(@Valid @RequestBody NewCourse request, @AuthenticationPrincipal CustosUser me) {
        CourseContent settings = request.settings().content();
        List<LessonContent> lessons = request.lessons().stream().map(Lesson::content).toList();
        List<QuestionContent> questions = request.questions().stream().map(Question::content).toList();
        UUID id = courses.create(settings, me);
        lessons.forEach(l -> courses.addLesson(id, l, me));
        questions.forEach(q -> courses.addQuestion(id, q, me));
        return ResponseEntity.created(URI.create("/api/v1/training/courses/" + id)).body(new Created(id));
    }

    @GetMapping("/courses/{id}")
    CourseView course(@PathVariable UUID id) {
        return courses.get(id);
    }

    @PostMapping("/courses/{id}/{transition:publish|retire}")
    CourseView courseTransition(@PathVariable UUID id, @PathVariable String transition,
            @AuthenticationPrincipal CustosUser me) {
        if ("publish".equals(transition)) {
            courses.publish(id, me);
        } else {
            courses.retire(id, me);
        }
        return courses.get(id);
    }

    @PostMapping("/courses/{id}/assignments")
    @Operation(summary = "Assign a course to a role or a department (one of the two) with a due date (ADMIN_OFFICER)")
    ResponseEntity<Created> assign(@PathVariable UUID id, @Valid @RequestBody NewAssignment request,
            @AuthenticationPrincipal CustosUser me) {
        UUID assignment = courses.assign(id, request.role(), request.departmentId(), request.dueOn(), me);
        return ResponseEntity.created(URI.create("/api/v1/training/courses/" + id)).body(new Created(assignment));
    }

    @PostMapping("/courses/{id}/attempts")
    @Operation(summary = "Start a quiz (or get the attempt still open): drawn questions, no answers")
    ResponseEntity<AttemptView> start(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        UUID attempt = quizzes.start(id, me);
        return ResponseEntity.created(URI.create("/api/v1/training/attempts/" + attempt))
                .body(quizzes.attempt(attempt, me));
    }

    @GetMapping("/attempts/{id}")
    AttemptView attempt(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return quizzes.attempt(id, me);
    }

    @PostMapping("/attempts/{id}/submission")
    @Operation(summary = "Submit the answers (question id to option id, every drawn question): scored at once")
    AttemptView submit(@PathVariable UUID id, @Valid @RequestBody Answers request, @AuthenticationPrincipal CustosUser me) {
        return quizzes.submit(id, request.answers(), me);
    }

    @GetMapping("/reports/completion")
    @Operation(summary = "Completion per department and course and who is late (ADMIN_OFFICER, MANAGEMENT, department heads)")
    TrainingReports.Report report(@AuthenticationPrincipal CustosUser me) {
        return reports.report(me);
    }

    @GetMapping("/reports/export")
    @Operation(summary = "Every person and course in your scope as CSV or Excel (format=csv|xlsx); audited")
    void export(@RequestParam(defaultValue = "csv") String format, @AuthenticationPrincipal CustosUser me,
            Locale locale, HttpServletResponse response) throws IOException {
        ReportPages.send(reports.export(me, "xlsx".equalsIgnoreCase(format) ? TableWriter.Format.XLSX
                : TableWriter.Format.CSV, locale), response);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }
}
