package io.custos.training.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
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
import io.custos.shared.DomainException;
import io.custos.training.AttemptView;
import io.custos.training.Markdown;
import io.custos.training.PolicyDocuments;
import io.custos.training.Quizzes;
import io.custos.training.TrainingGate;

/**
 * An employee's own training: what is assigned and where they stand, the policy documents to
 * acknowledge, a course's lessons, and the quiz, answered as radio buttons named
 * {@code q.<question id>} and scored on submission.
 */
@Controller
@RequestMapping("/training")
class LearningPages {

    private static final String ANSWER_PREFIX = "q.";

    private final Quizzes quizzes;
    private final PolicyDocuments documents;
    private final TrainingGate gate;

    LearningPages(Quizzes quizzes, PolicyDocuments documents, TrainingGate gate) {
        this.quizzes = quizzes;
        this.documents = documents;
        this.gate = gate;
    }

    @GetMapping
    String mine(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("courses", quizzes.mine(me));
        model.addAttribute("pending", documents.pendingFor(me.id()));
        model.addAttribute("gate", gate.check(me.id()));
        return "training/mine";
    }

    @GetMapping("/courses/{id}")
    String course(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Locale locale, Model model) {
        Quizzes.Learning learning = quizzes.learn(id, me);
        model.addAttribute("learning", learning);
        List<String> lessons = learning.lessons().stream().map(l -> Markdown.toHtml(l.content().body(locale))).toList();
        model.addAttribute("lessonHtml", lessons);
        return "training/course";
    }

    /** Starts or resumes the quiz; with no attempt left, back to the course, which says from when. */
    @PostMapping("/courses/{id}/attempts")
    String start(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, RedirectAttributes redirect) {
        try {
            return "redirect:/training/attempts/" + quizzes.start(id, me);
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("problem", e);
            return "redirect:/training/courses/" + id;
        }
    }

    @GetMapping("/attempts/{id}")
    String attempt(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        AttemptView attempt = quizzes.attempt(id, me);
        model.addAttribute("attempt", attempt);
        if (attempt.result() != null) {
            model.addAttribute("allowance", quizzes.allowance(attempt.courseId(), me));
        }
        return "training/quiz";
    }

    @PostMapping("/attempts/{id}")
    String submit(@PathVariable UUID id, @RequestParam Map<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model) {
        Map<UUID, UUID> answers = new HashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(ANSWER_PREFIX)) {
                try {
                    answers.put(UUID.fromString(name.substring(ANSWER_PREFIX.length())), UUID.fromString(value));
                } catch (IllegalArgumentException e) {
                    // Not an answer this page sent; the missing answer is reported below.
                }
            }
        });
        try {
            AttemptView result = quizzes.submit(id, answers, me);
            model.addAttribute("attempt", result);
            model.addAttribute("allowance", quizzes.allowance(result.courseId(), me));
        } catch (DomainException e) {
            model.addAttribute("problem", e);
            model.addAttribute("attempt", quizzes.attempt(id, me));
            model.addAttribute("answers", answers);
        }
        return "training/quiz";
    }
}
