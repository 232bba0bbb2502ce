package io.custos.training.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.shared.web.TableWriter;
import io.custos.training.TrainingReports;

/** Completion per department and course, who is late, and the export; the service decides the scope. */
@Controller
@RequestMapping("/training/reports")
@PreAuthorize("hasAnyRole('ADMIN_OFFICER', 'DEPT_HEAD', 'MANAGEMENT')")
class ReportPages {

    private final TrainingReports reports;

    ReportPages(TrainingReports reports) {
        this.reports = reports;
    }

    @GetMapping
    String report(@AuthenticationPrincipal CustosUser me, Model model) {
        TrainingReports.Report report = reports.report(me);
        model.addAttribute("report", report);
        Map<UUID, DepartmentView> departments = report.departments().stream()
                .collect(Collectors.toMap(DepartmentView::id, Function.identity()));
        model.addAttribute("departmentsById", departments);
        return "training/reports";
    }

    @GetMapping("/export")
    void export(@RequestParam(defaultValue = "csv") String format, @AuthenticationPrincipal CustosUser me,
            Locale locale, HttpServletResponse response) throws IOException {
        send(reports.export(me, "xlsx".equalsIgnoreCase(format) ? TableWriter.Format.XLSX
                : TableWriter.Format.CSV, locale), response);
    }

    static void send(TrainingReports.Export export, HttpServletResponse response) throws IOException {
        response.setContentType(export.format().contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(export.fileName()).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.writeTo(response.getOutputStream());
    }
}
