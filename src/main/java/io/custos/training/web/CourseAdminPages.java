package io.custos.training.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.CourseContent;
import io.custos.training.Courses;
import io.custos.training.Quizzes;
import io.custos.training.LessonContent;
import io.custos.training.QuestionContent;

/**
 * The administration officer's course builder: settings, lessons, the question bank (up to six
 * options a question, one marked correct), publishing, retiring and assignments. A refused form
 * comes back with what was typed and the reason next to it.
 */
@Controller
@RequestMapping("/training/admin/courses")
@PreAuthorize("hasRole('ADMIN_OFFICER')")
class CourseAdminPages {

    static final int OPTIONS = 6;

    private final Courses courses;
    private final Quizzes quizzes;
    private final Employees employees;

    CourseAdminPages(Courses courses, Quizzes quizzes, Employees employees) {
        this.courses = courses;
        this.quizzes = quizzes;
        this.employees = employees;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("courses", courses.list());
        return "training/admin-courses";
    }

    @PostMapping
    String create(@RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect) {
        try {
            UUID id = courses.create(settings(params), me);
            redirect.addFlashAttribute("notice", "training.course.saved");
            return "redirect:/training/admin/courses/" + id;
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("values", params);
            return list(model);
        }
    }

    @GetMapping("/{id}")
    String manage(@PathVariable UUID id, Model model) {
        model.addAttribute("course", courses.get(id));
        List<DepartmentView> departments = employees.departments();
        model.addAttribute("departments", departments);
        model.addAttribute("departmentsById", departments.stream()
                .collect(Collectors.toMap(DepartmentView::id, Function.identity())));
        model.addAttribute("roles", Role.STAFF);
        model.addAttribute("optionCount", OPTIONS);
        model.addAttribute("maxAttempts", quizzes.maxAttempts());
        return "training/admin-course";
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, params, model, redirect, () -> courses.update(id, settings(params), me));
    }

    @PostMapping("/{id}/lessons")
    String addLesson(@PathVariable UUID id, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        return act(id, params, model, redirect, () -> courses.addLesson(id, new LessonContent(text(params, "titleZh"),
                text(params, "titleEn"), text(params, "bodyZh"), text(params, "bodyEn")), me));
    }

    @PostMapping("/{id}/lessons/{lessonId}/delete")
    String removeLesson(@PathVariable UUID id, @PathVariable UUID lessonId, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, Map.of(), model, redirect, () -> courses.removeLesson(id, lessonId, me));
    }

    @PostMapping("/{id}/questions")
    String addQuestion(@PathVariable UUID id, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        return act(id, params, model, redirect, () -> courses.addQuestion(id, question(params), me));
    }

    @PostMapping("/{id}/questions/{questionId}/delete")
    String removeQuestion(@PathVariable UUID id, @PathVariable UUID questionId, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, Map.of(), model, redirect, () -> courses.removeQuestion(id, questionId, me));
    }

    @PostMapping("/{id}/{transition:publish|retire}")
    String transition(@PathVariable UUID id, @PathVariable String transition, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, Map.of(), model, redirect, () -> {
            if ("publish".equals(transition)) {
                courses.publish(id, me);
            } else {
                courses.retire(id, me);
            }
        });
    }

    @PostMapping("/{id}/assignments")
    String assign(@PathVariable UUID id, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, params, model, redirect, () -> {
            String target = text(params, "target");
            Role role = null;
            UUID department = null;
            try {
                if (target.startsWith("ROLE:")) {
                    role = Role.valueOf(target.substring(5));
                } else if (target.startsWith("DEPT:")) {
                    department = UUID.fromString(target.substring(5));
                }
            } catch (IllegalArgumentException e) {
                role = null;
                department = null;
            }
            courses.assign(id, role, department, dueOn(text(params, "dueOn")), me);
        });
    }

    @PostMapping("/{id}/assignments/{assignmentId}/delete")
    String unassign(@PathVariable UUID id, @PathVariable UUID assignmentId, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect) {
        return act(id, Map.of(), model, redirect, () -> courses.unassign(id, assignmentId, me));
    }

    private String act(UUID id, Map<String, String> params, Model model, RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", "training.course.saved");
            return "redirect:/training/admin/courses/" + id;
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("values", params);
            return manage(id, model);
        }
    }

    private static CourseContent settings(Map<String, String> params) {
        return new CourseContent(text(params, "titleZh"), text(params, "titleEn"), text(params, "summaryZh"),
                text(params, "summaryEn"), number(params, "passMark"), number(params, "questionCount"),
                params.containsKey("mandatory"));
    }

    private static QuestionContent question(Map<String, String> params) {
        List<QuestionContent.Option> options = new ArrayList<>();
        String correct = text(params, "correct");
        for (int i = 1; i <= OPTIONS; i++) {
            String zh = text(params, "option" + i + "Zh");
            String en = text(params, "option" + i + "En");
            if (!zh.isBlank() || !en.isBlank()) {
                options.add(new QuestionContent.Option(zh, en, correct.equals(String.valueOf(i))));
            }
        }
        return new QuestionContent(text(params, "textZh"), text(params, "textEn"), options);
    }

    private static LocalDate dueOn(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.unprocessable("assignment-invalid", Map.of("field", "dueOn"));
        }
    }

    private static int number(Map<String, String> params, String name) {
        try {
            return Integer.parseInt(text(params, name).strip());
        } catch (NumberFormatException e) {
            throw DomainException.unprocessable("course-settings-invalid", Map.of("field", name), name);
        }
    }

    private static String text(Map<String, String> params, String name) {
        @Nullable String value = params.get(name);
        return value == null ? "" : value;
    }
}
