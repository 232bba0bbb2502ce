package io.custos.supervision.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.supervision.Inspections;
import io.custos.supervision.RectificationDetail;
import io.custos.supervision.RectificationStatus;
import io.custos.supervision.RectificationView;
import io.custos.supervision.Rectifications;

/**
 * The rectification pages (issue 20.5): the list with due dates, and one rectification with its
 * finding, its steps, the owner's fix form and the inspector's verify and reject forms.
 */
@Controller
@RequestMapping("/supervision/rectifications")
class RectificationPages {

    private final Inspections inspections;
    private final Rectifications rectifications;
    private final Employees employees;

    RectificationPages(Inspections inspections, Rectifications rectifications, Employees employees) {
        this.inspections = inspections;
        this.rectifications = rectifications;
        this.employees = employees;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        List<RectificationView> visible = rectifications.visibleTo(me);
        model.addAttribute("rectifications", visible);
        model.addAttribute("items", inspections.items(visible.stream().map(RectificationView::itemId).toList()));
        model.addAttribute("departments", departments());
        model.addAttribute("people", names());
        return "supervision/rectifications";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(inspections.rectification(id, me), me, model, null, Map.of());
    }

    @PostMapping("/{id}/{step}")
    String step(@PathVariable UUID id, @PathVariable String step, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            switch (step) {
                case "fix" -> rectifications.submitFix(id, form.get("text"), me);
                case "verify" -> rectifications.verify(id, me);
                case "reject" -> rectifications.reject(id, form.get("text"), me);
                default -> throw DomainException.notFound();
            }
            redirect.addFlashAttribute("notice", "rectification.step." + step + ".done");
            return "redirect:/supervision/rectifications/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            kept.put("step", step);
            return page(inspections.rectification(id, me), me, model, e, kept);
        }
    }

    private String page(RectificationDetail detail, CustosUser me, Model model, @Nullable DomainException problem,
            Map<String, String> kept) {
        RectificationView r = detail.view();
        model.addAttribute("detail", detail);
        model.addAttribute("r", r);
        model.addAttribute("departments", departments());
        model.addAttribute("people", names());
        model.addAttribute("owns", r.status() == RectificationStatus.OPEN && me.id().equals(r.ownerId()));
        model.addAttribute("verifies", rectifications.mayVerify(r, me));
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        return "supervision/rectification";
    }

    private Map<UUID, DepartmentView> departments() {
        Map<UUID, DepartmentView> names = new LinkedHashMap<>();
        employees.departments().forEach(d -> names.put(d.id(), d));
        return names;
    }

    private Map<UUID, String> names() {
        Map<UUID, String> names = new LinkedHashMap<>();
        employees.current().forEach(e -> names.put(e.id(), e.displayName()));
        return names;
    }
}
