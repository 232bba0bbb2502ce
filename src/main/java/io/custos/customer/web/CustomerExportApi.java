package io.custos.customer.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;
import io.custos.shared.web.Downloads;
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
            description = "The same filters as the search, every page; format csv (UTF-8 with BOM) or xlsx. At most "
                    + "custos.customer.export.max-rows customers (default 100,000), else 422. Recorded before the "
                    + "download starts.")
    void export(@RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String phone,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String idNumber,
            @AuthenticationPrincipal CustosUser me, Locale locale, HttpServletResponse response) throws IOException {
        send(export.export(new CustomerExport.ExportFilter(phone, email, idNumber, name), CustomerExport.format(format),
                locale, me), response);
    }

    /** For the API and the pages alike. */
    static void send(CustomerExport.ExportFile file, HttpServletResponse response) throws IOException {
        Downloads.prepare(response, file.format().contentType(), file.fileName());
        file.writeTo(response.getOutputStream());
    }
}
