package io.custos.compliance.web;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.compliance.LegalThresholds;
import io.custos.compliance.ProcessingFiles;
import io.custos.compliance.ProcessingRecord;
import io.custos.compliance.ProcessingRecords;
import io.custos.compliance.ProcessingSheet;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The record of processing activities with its downloads, and the legal thresholds (issue 22.5,
 * 22.6); the services decide who may read them.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'MANAGEMENT', 'AUDITOR', 'SECURITY_ADMIN')")
class ProcessingPages {

    private final ProcessingRecords records;
    private final ProcessingFiles files;
    private final LegalThresholds thresholds;
    private final Times times;

    ProcessingPages(ProcessingRecords records, ProcessingFiles files, LegalThresholds thresholds, Times times) {
        this.records = records;
        this.files = files;
        this.thresholds = thresholds;
        this.times = times;
    }

    @GetMapping("/compliance/processing")
    String processing(@AuthenticationPrincipal CustosUser me, Locale locale, Model model) {
        ProcessingRecord record = records.current(me);
        model.addAttribute("record", record);
        ProcessingSheet sheet = files.sheet(record, locale);
        model.addAttribute("sheet", sheet);
        model.addAttribute("crossBorder", sheet.rows().stream().filter(ProcessingSheet.Row::crossBorder).count());
        model.addAttribute("lang", "zh".equals(locale.getLanguage()) ? "zh-CN" : "en");
        return "compliance/processing";
    }

    /** The record as Excel or PDF in the page's language (or the one asked for); audited. */
    @GetMapping("/compliance/processing/export")
    void export(@RequestParam(defaultValue = "xlsx") String format, @RequestParam(required = false) @Nullable String lang,
            @AuthenticationPrincipal CustosUser me, HttpServletResponse response) throws IOException {
        send(records.export(me, format(format), language(lang)), response);
    }

    @GetMapping("/compliance/legal")
    String legal(@AuthenticationPrincipal CustosUser me, Locale locale, Model model) {
        LegalThresholds.View legal = thresholds.current(me);
        model.addAttribute("legal", legal);
        model.addAttribute("countryName", ProcessingFiles.countryName(legal.homeCountry(), locale));
        model.addAttribute("since", LocalDate.ofInstant(legal.yearStart(), times.companyZone()));
        return "compliance/legal";
    }

    static ProcessingFiles.Format format(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "xlsx" -> ProcessingFiles.Format.XLSX;
            case "pdf" -> ProcessingFiles.Format.PDF;
            default -> throw DomainException.unprocessable("field-value-invalid", Map.of("field", "format"), "format");
        };
    }

    static Locale language(@Nullable String lang) {
        if (lang == null || lang.isBlank()) {
            return org.springframework.context.i18n.LocaleContextHolder.getLocale();
        }
        return switch (lang) {
            case "zh-CN", "zh" -> Locale.SIMPLIFIED_CHINESE;
            case "en" -> Locale.ENGLISH;
            default -> throw DomainException.unprocessable("field-value-invalid", Map.of("field", "lang"), "lang");
        };
    }

    static void send(ProcessingFiles.File file, HttpServletResponse response) throws IOException {
        response.setContentType(file.format().contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(file.fileName()).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getOutputStream().write(file.content());
        response.getOutputStream().flush();
    }
}
