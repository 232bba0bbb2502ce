package io.custos.customer.web;

import java.io.IOException;
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
import org.springframework.web.multipart.MultipartFile;

import io.custos.consent.Channel;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerImport;
import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.customer.ImportMode;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.TableExport;
import io.custos.shared.web.TableWriter;

/**
 * The import pages: upload (file, mode, encoding), column mapping (headings, masked samples, a field
 * for each column, and the consent the file's customers gave, as on the create form) and progress,
 * which refreshes itself with htmx until the import is done and then shows the report. Mapping
 * inputs are named {@code col.<index>}; the consent inputs are those of {@link ConsentForm}.
 */
@Controller
@RequestMapping("/customers")
class CustomerImportPages {

    private static final String COLUMN_PREFIX = "col.";

    private final CustomerImport imports;
    private final FieldCatalog catalog;
    private final PrivacyNotices notices;
    private final Purposes purposes;

    CustomerImportPages(CustomerImport imports, FieldCatalog catalog, PrivacyNotices notices, Purposes purposes) {
        this.imports = imports;
        this.catalog = catalog;
        this.notices = notices;
        this.purposes = purposes;
    }

    @GetMapping("/import")
    String uploadForm(Model model) {
        return uploadForm(model, ImportMode.ALL_OR_NOTHING.name(), "UTF-8");
    }

    @PostMapping("/import")
    String upload(@RequestParam(required = false) @Nullable MultipartFile file,
            @RequestParam(required = false) @Nullable String mode,
            @RequestParam(required = false) @Nullable String encoding, @AuthenticationPrincipal CustosUser me,
            Model model) throws IOException {
        try {
            ImportMode chosen = CustomerImport.mode(mode);
            if (file == null || file.isEmpty()) {
                throw DomainException.unprocessable("import-file-empty", Map.of("field", "file"));
            }
            CustomerImport.Upload upload = imports.stage(file.getOriginalFilename(), file.getSize(),
                    file.getInputStream(), encoding, chosen, me);
            return "redirect:/customers/import/" + upload.stagingId();
        } catch (DomainException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            model.addAttribute("problem", e);
            model.addAttribute("problemArgs", ProblemArgs.labelled(e.args(), catalog, purposes,
                    org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return uploadForm(model, mode, encoding);
        }
    }

    @GetMapping("/import/{stagingId}")
    String mapping(@PathVariable UUID stagingId, @AuthenticationPrincipal CustosUser me, Model model) {
        CustomerImport.Upload upload = imports.upload(stagingId, me);
        Map<Integer, String> chosen = new LinkedHashMap<>();
        upload.columns().forEach(c -> chosen.put(c.index(), c.suggested()));
        return mappingForm(upload, chosen, Map.of(), model);
    }

    @PostMapping("/import/{stagingId}")
    String start(@PathVariable UUID stagingId, @RequestParam Map<String, String> params,
            @AuthenticationPrincipal CustosUser me, Model model) {
        Map<Integer, String> mapping = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(COLUMN_PREFIX)) {
                try {
                    mapping.put(Integer.valueOf(name.substring(COLUMN_PREFIX.length())), value);
                } catch (NumberFormatException notAColumn) {
                    // Not one of the form's inputs; ignored like any other stray parameter.
                }
            }
        });
        try {
            return "redirect:/customers/imports/" + imports.start(stagingId, mapping, ConsentForm.from(params), me);
        } catch (DomainException e) {
            if (e.status().value() != 422) {
                throw e;
            }
            model.addAttribute("problem", e);
            model.addAttribute("problemArgs", ProblemArgs.labelled(e.args(), catalog, purposes,
                    org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return mappingForm(imports.upload(stagingId, me), mapping, params, model);
        }
    }

    @GetMapping("/imports/{id}")
    String progress(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("status", imports.status(id, me));
        model.addAttribute("labels", labels());
        return "customer/import-progress";
    }

    /** The part of the progress page that htmx fetches every second until the import is finished. */
    @GetMapping("/imports/{id}/progress")
    String progressFragment(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("status", imports.status(id, me));
        model.addAttribute("labels", labels());
        return "customer/import-progress :: progress";
    }

    /** The listed problems as CSV: row, field, reason; no values, so nothing is masked. */
    @GetMapping("/imports/{id}/report")
    void report(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, HttpServletResponse response)
            throws IOException {
        List<CustomerImport.RowProblem> problems = imports.status(id, me).errors();
        new TableExport("customer-import-" + id + "-report.csv", TableWriter.Format.CSV, problems.size(), out -> {
            try (TableWriter writer = TableWriter.open(TableWriter.Format.CSV, out, "report",
                    List.of("row", "field", "reason"))) {
                for (CustomerImport.RowProblem problem : problems) {
                    writer.row(List.of(problem.row(), problem.field(), problem.reason()));
                }
                writer.finish();
            }
        }).send(response);
    }

    private String uploadForm(Model model, @Nullable String mode, @Nullable String encoding) {
        model.addAttribute("modes", ImportMode.values());
        model.addAttribute("mode", mode);
        model.addAttribute("encoding", encoding);
        model.addAttribute("maxRows", imports.maxRows());
        model.addAttribute("maxMegabytes", imports.maxFileSizeMegabytes());
        return "customer/import";
    }

    /** @param consentParams the consent part of the form as it was sent, to show it again */
    private String mappingForm(CustomerImport.Upload upload, Map<Integer, String> chosen,
            Map<String, String> consentParams, Model model) {
        model.addAttribute("upload", upload);
        // What the consent fields offer, as on the create form.
        model.addAttribute("currentNotice", notices.current());
        model.addAttribute("purposes", purposes.all());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("consentParams", consentParams);
        model.addAttribute("chosen", chosen);
        model.addAttribute("targets", imports.targets());
        model.addAttribute("labels", labels());
        return "customer/import-mapping";
    }

    /** Field key → field, for labels in the page's language. */
    private Map<String, FieldDefinition> labels() {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        catalog.fields().forEach(f -> byKey.put(f.key(), f));
        return byKey;
    }
}
