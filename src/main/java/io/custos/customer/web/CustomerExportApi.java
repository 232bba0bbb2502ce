package io.custos.customer.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The masked customer list as a CSV or Excel file. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers")
class CustomerExportApi {

    private final CustomerExport export;

    CustomerExportApi(CustomerExport export) {
        this.export = export;
    }

    @GetMapping("/export")
    @Operation(summary = "Export the customers you may see, L3-L4 masked",
            description = "Filtered by name, every page; format csv (UTF-8 with BOM) or xlsx. At most "
                    + "custos.customer.export.max-rows customers (default 100,000), else 422. Recorded before the "
                    + "download starts. A phone, e-mail or ID number in the URL answers 400 search-value-in-url: "
                    + "POST them to /api/v1/customers/export.")
    void export(@ParameterObject @ModelAttribute ExportQuery query, @AuthenticationPrincipal CustosUser me,
            Locale locale, HttpServletResponse response) throws IOException {
        query.withoutValuesInAddress("POST /api/v1/customers/export").run(export, locale, me).send(response);
    }

    @org.springframework.web.bind.annotation.PostMapping("/export")
    @Operation(summary = "Export the customers you may see that match a phone, e-mail, ID number or name",
            description = "The body names the format and the same filters as POST /api/v1/customers/search; the "
                    + "values stay out of the URL.")
    void exportByValue(@org.springframework.web.bind.annotation.RequestBody ExportQuery query,
            @AuthenticationPrincipal CustosUser me, Locale locale, HttpServletResponse response) throws IOException {
        query.run(export, locale, me).send(response);
    }
}
