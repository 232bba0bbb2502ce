package io.custos.customer.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;

/** The export links of the customer list: the API takes bearer tokens only, pages have sessions. */
@Controller
class CustomerExportPages {

    private final CustomerExport export;

    CustomerExportPages(CustomerExport export) {
        this.export = export;
    }

    @GetMapping("/customers/export")
    void export(@RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String phone,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String idNumber,
            @AuthenticationPrincipal CustosUser me, Locale locale, HttpServletResponse response) throws IOException {
        CustomerExportApi.send(export.export(new CustomerExport.ExportFilter(phone, email, idNumber, name),
                CustomerExport.format(format), locale, me), response);
    }
}
