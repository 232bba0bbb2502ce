package io.custos.supervision.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
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
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.supervision.Checklist;
import io.custos.supervision.ChecklistDraft;
import io.custos.supervision.ChecklistItem;
import io.custos.supervision.Checklists;
import io.custos.supervision.EvidenceSource;
import io.custos.supervision.Inspections;

/**
 * The checklist pages (issue 20.1): every version, and the current one as a form for the
 * administration department. Saving a version in use makes the next version; a refused save shows
 * the form again with the reason and every row as typed.
 */
@Controller
@RequestMapping("/supervision/inspections/checklists")
class ChecklistPages {

    /** Empty rows offered under the items, to add new ones. */
    static final int BLANK_ROWS = 2;

    private final Checklists checklists;
    private final Inspections inspections;

    ChecklistPages(Checklists checklists, Inspections inspections) {
        this.checklists = checklists;
        this.inspections = inspections;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("versions", checklists.versions(me));
        model.addAttribute("current", inspections.current().id());
        return "supervision/inspection-checklists";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        Checklists.requireReader(me);
        Checklist checklist = inspections.checklist(id).orElseThrow(DomainException::notFound);
        List<ChecklistDraft.Item> rows = new ArrayList<>();
        for (ChecklistItem i : checklist.items()) {
            rows.add(new ChecklistDraft.Item(i.chapter(), i.questionZh(), i.questionEn(), i.guidanceZh(), i.guidanceEn(),
                    i.evidence()));
        }
        return page(checklist, new ChecklistDraft(checklist.titleZh(), checklist.titleEn(), rows), me, model, null);
    }

    @PostMapping("/{id}")
    String save(@PathVariable UUID id, @RequestParam Map<String, String> single,
            @RequestParam(name = "chapter", required = false) @Nullable List<String> chapters,
            @RequestParam(name = "questionZh", required = false) @Nullable List<String> questionsZh,
            @RequestParam(name = "questionEn", required = false) @Nullable List<String> questionsEn,
            @RequestParam(name = "guidanceZh", required = false) @Nullable List<String> guidanceZh,
            @RequestParam(name = "guidanceEn", required = false) @Nullable List<String> guidanceEn,
            @RequestParam(name = "evidence", required = false) @Nullable List<String> evidence,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        Checklists.requireReader(me);
        Checklist checklist = inspections.checklist(id).orElseThrow(DomainException::notFound);
        int rows = size(chapters);
        List<ChecklistDraft.Item> items = new ArrayList<>();
        for (int n = 0; n < rows; n++) {
            items.add(new ChecklistDraft.Item(at(chapters, n), at(questionsZh, n), at(questionsEn, n), at(guidanceZh, n),
                    at(guidanceEn, n), source(at(evidence, n))));
        }
        ChecklistDraft draft = new ChecklistDraft(single.get("titleZh"), single.get("titleEn"), items);
        try {
            Checklist saved = checklists.save(id, draft, me);
            redirect.addFlashAttribute("notice", saved.id().equals(id) ? "checklist.saved" : "checklist.saved.version");
            return "redirect:/supervision/inspections/checklists/" + saved.id();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(checklist, draft, me, model, e);
        }
    }

    private String page(Checklist checklist, ChecklistDraft draft, CustosUser me, Model model,
            @Nullable DomainException problem) {
        List<ChecklistDraft.Item> rows = new ArrayList<>(draft.items());
        for (int n = 0; n < BLANK_ROWS; n++) {
            rows.add(new ChecklistDraft.Item(null, null, null, null, null, null));
        }
        model.addAttribute("checklist", checklist);
        model.addAttribute("draft", draft);
        model.addAttribute("rows", rows);
        model.addAttribute("chapters", List.of("I", "II", "III", "IV", "V"));
        model.addAttribute("sources", EvidenceSource.values());
        model.addAttribute("edits", me.hasRole(Role.ADMIN_OFFICER) && !me.partner());
        model.addAttribute("problem", problem);
        // Where the refusal points: a title, or a field of the n-th filled-in row (LOOK-E F8).
        String badField = "";
        int badRow = 0;
        Object field = problem == null ? null : problem.properties().get("field");
        if (field instanceof String f) {
            java.util.regex.Matcher m = ITEM_FIELD.matcher(f);
            if (m.matches()) {
                int wanted = Integer.parseInt(m.group(1));
                int filled = -1;
                for (int n = 0; n < draft.items().size(); n++) {
                    if (!blank(draft.items().get(n)) && ++filled == wanted) {
                        badRow = n + 1;
                        badField = m.group(2);
                        break;
                    }
                }
            } else if (f.equals("titleZh") || f.equals("titleEn")) {
                badField = f;
            }
        }
        model.addAttribute("badField", badField);
        model.addAttribute("badRow", badRow);
        return "supervision/inspection-checklist";
    }

    private static final java.util.regex.Pattern ITEM_FIELD = java.util.regex.Pattern.compile("items\\[(\\d{1,3})]\\.(\\w+)");

    private static boolean blank(ChecklistDraft.Item i) {
        return Stream.of(i.questionZh(), i.questionEn(), i.guidanceZh(), i.guidanceEn())
                .allMatch(t -> t == null || t.isBlank());
    }

    private static int size(@Nullable List<String> values) {
        return values == null ? 0 : Math.min(values.size(), 100);
    }

    private static @Nullable String at(@Nullable List<String> values, int n) {
        return values == null || n >= values.size() ? null : values.get(n);
    }

    private static @Nullable EvidenceSource source(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return EvidenceSource.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
