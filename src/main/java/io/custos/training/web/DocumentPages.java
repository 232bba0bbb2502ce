package io.custos.training.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

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
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.Markdown;
import io.custos.training.PolicyDocuments;
import io.custos.training.Rejection;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * Policy documents and the agreement: everyone reads the version in force and acknowledges it; the
 * administration officer drafts and submits, management approves or rejects. The service decides
 * who may; these pages only leave out the buttons a person cannot use.
 */
@Controller
@RequestMapping("/training/documents")
class DocumentPages {

    private final PolicyDocuments documents;
    private final Employees employees;

    DocumentPages(PolicyDocuments documents, Employees employees) {
        this.documents = documents;
        this.employees = employees;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("documents", documents.documents(me));
        model.addAttribute("pending", documents.pendingFor(me.id()).stream()
                .map(PolicyDocuments.Pending::versionId).toList());
        return "training/documents";
    }

    @GetMapping("/{id}")
    String document(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Locale locale, Model model) {
        DocumentView document = documents.document(id, me);
        VersionView shown = document.current().or(document::latest).orElseThrow(DomainException::notFound);
        return show(document, shown, me, locale, model);
    }

    @GetMapping("/versions/{versionId}")
    String version(@PathVariable UUID versionId, @AuthenticationPrincipal CustosUser me, Locale locale, Model model) {
        VersionView version = documents.version(versionId, me);
        return show(documents.document(version.documentId(), me), version, me, locale, model);
    }

    @GetMapping("/new")
    String newDocument(@RequestParam(defaultValue = "POLICY") DocumentKind kind, Model model) {
        model.addAttribute("kind", kind);
        return "training/document-form";
    }

    @PostMapping
    String create(@RequestParam DocumentKind kind, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        return save(() -> documents.create(kind, content(params), me), params, model, redirect,
                () -> model.addAttribute("kind", kind));
    }

    @GetMapping("/{id}/next")
    String nextVersion(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        DocumentView document = nextForm(id, me, model);
        document.current().or(document::latest).ifPresent(v -> model.addAttribute("values", values(v.content())));
        return "training/document-form";
    }

    @PostMapping("/{id}/versions")
    String draftNext(@PathVariable UUID id, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        return save(() -> documents.draftNext(id, content(params), me), params, model, redirect,
                () -> nextForm(id, me, model));
    }

    @GetMapping("/versions/{versionId}/edit")
    String edit(@PathVariable UUID versionId, @AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("values", values(editForm(versionId, me, model).content()));
        return "training/document-form";
    }

    @PostMapping("/versions/{versionId}")
    String revise(@PathVariable UUID versionId, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        return save(() -> {
            documents.revise(versionId, content(params), me);
            return versionId;
        }, params, model, redirect, () -> editForm(versionId, me, model));
    }

    /** Saves a draft and shows it, or shows the form again with what was typed and why it was refused. */
    private static String save(Supplier<UUID> action, Map<String, String> params, Model model,
            RedirectAttributes redirect, Runnable form) {
        try {
            UUID versionId = action.get();
            redirect.addFlashAttribute("notice", "training.document.saved");
            return "redirect:/training/documents/versions/" + versionId;
        } catch (DomainException e) {
            form.run();
            model.addAttribute("problem", e);
            model.addAttribute("values", params);
            return "training/document-form";
        }
    }

    private DocumentView nextForm(UUID documentId, CustosUser me, Model model) {
        DocumentView document = documents.document(documentId, me);
        model.addAttribute("document", document);
        model.addAttribute("kind", document.kind());
        return document;
    }

    private VersionView editForm(UUID versionId, CustosUser me, Model model) {
        VersionView version = documents.version(versionId, me);
        model.addAttribute("version", version);
        model.addAttribute("kind", version.kind());
        return version;
    }

    /**
     * Submits, approves or acknowledges a version. Approving publishes to every employee at once, so
     * the page asks for it to be confirmed after the changes were shown; without the confirmation
     * nothing happens ({@code approval-unconfirmed}).
     */
    @PostMapping("/versions/{versionId}/{transition:submit|approve|acknowledge}")
    String transition(@PathVariable UUID versionId, @PathVariable String transition,
            @RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal CustosUser me,
            RedirectAttributes redirect) {
        if ("approve".equals(transition) && !confirmed) {
            redirect.addFlashAttribute("problemCode", "approval-unconfirmed");
            return "redirect:/training/documents/versions/" + versionId;
        }
        try {
            switch (transition) {
                case "submit" -> documents.submit(versionId, me);
                case "approve" -> documents.approve(versionId, me);
                default -> documents.acknowledge(versionId, me);
            }
            redirect.addFlashAttribute("notice", "training.document." + transition + ".done");
        } catch (DomainException e) {
            redirect.addFlashAttribute("problemCode", e.code());
        }
        return "redirect:/training/documents/versions/" + versionId;
    }

    /**
     * Sends a submitted version back: confirmed and with the reason the author will read. Without
     * either nothing happens, and the form shows why next to its fields, keeping the reason typed.
     */
    @PostMapping("/versions/{versionId}/reject")
    String reject(@PathVariable UUID versionId, @RequestParam(defaultValue = "false") boolean confirmed,
            @RequestParam(defaultValue = "") String reason, @AuthenticationPrincipal CustosUser me,
            RedirectAttributes redirect) {
        String problem = null;
        if (!confirmed) {
            problem = "rejection-unconfirmed";
        } else {
            try {
                documents.reject(versionId, reason, me);
                redirect.addFlashAttribute("notice", "training.document.reject.done");
            } catch (DomainException e) {
                problem = e.code();
            }
        }
        if (problem != null) {
            boolean ofTheForm = "rejection-unconfirmed".equals(problem) || "rejection-reason-required".equals(problem);
            redirect.addFlashAttribute(ofTheForm ? "rejectProblem" : "problemCode", problem);
            redirect.addFlashAttribute("rejectReason", reason.length() > Rejection.MAX_REASON * 2
                    ? reason.substring(0, Rejection.MAX_REASON * 2) : reason);
        }
        return "redirect:/training/documents/versions/" + versionId;
    }

    private String show(DocumentView document, VersionView version, CustosUser me, Locale locale, Model model) {
        model.addAttribute("document", document);
        model.addAttribute("version", version);
        model.addAttribute("html", Markdown.toHtml(version.content().body(locale)));
        model.addAttribute("acknowledgedAt", documents.acknowledgedAt(version.id(), me.id()).orElse(null));
        model.addAttribute("changes", documents.changes(version.id(), me));
        // Why it was sent back, while the author still works on it (and for management when it returns).
        Rejection rejection = version.state().open() ? documents.rejection(version.id(), me).orElse(null) : null;
        model.addAttribute("rejection", rejection);
        if (rejection != null) {
            model.addAttribute("rejectedByName",
                    employees.byId(rejection.rejectedBy()).map(e -> e.displayName()).orElse("—"));
        }
        Map<UUID, String> names = new HashMap<>();
        for (VersionView v : document.versions()) {
            for (UUID person : new UUID[] {v.draftedBy(), v.submittedBy(), v.decidedBy()}) {
                if (person != null) {
                    names.computeIfAbsent(person, p -> employees.byId(p).map(e -> e.displayName()).orElse("—"));
                }
            }
        }
        model.addAttribute("names", names);
        if (seesAcknowledgments(me) && version.state() == VersionState.PUBLISHED) {
            model.addAttribute("acknowledgedCount", documents.acknowledgments(version.id()).size());
            model.addAttribute("staffCount", employees.current().size());
        }
        return "training/document";
    }

    private static DocumentContent content(Map<String, String> params) {
        return new DocumentContent(text(params, "titleZh"), text(params, "titleEn"), text(params, "bodyZh"),
                text(params, "bodyEn"));
    }

    private static String text(Map<String, String> params, String name) {
        @Nullable String value = params.get(name);
        return value == null ? "" : value;
    }

    private static Map<String, String> values(DocumentContent content) {
        return Map.of("titleZh", content.titleZh(), "titleEn", content.titleEn(), "bodyZh", content.bodyZh(),
                "bodyEn", content.bodyEn());
    }

    /** Who sees how many acknowledged: those who run and approve the policy. */
    private static boolean seesAcknowledgments(CustosUser me) {
        return me.hasRole(Role.ADMIN_OFFICER) || me.hasRole(Role.MANAGEMENT);
    }
}
