package io.custos.customer.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;

/** The export links of the customer list: the API takes bearer tokens only, pages have sessions. */
@Controller
class CustomerExportPages {

    private final CustomerExport export;

    CustomerExportPages(CustomerExport export) {
        this.export = export;
    }

    @org.springframework.web.bind.annotation.GetMapping("/customers/export")
    void exportLinked(@ModelAttribute ExportQuery query, @AuthenticationPrincipal CustosUser me, Locale locale,
            HttpServletResponse response) throws IOException {
        export(query.withoutValuesInAddress("POST /customers/export"), me, locale, response);
    }

    /** POSTed from the list when it was searched by a phone, e-mail or ID number: the value stays out of the URL. */
    @org.springframework.web.bind.annotation.PostMapping("/customers/export")
    void export(@ModelAttribute ExportQuery query, @AuthenticationPrincipal CustosUser me, Locale locale,
            HttpServletResponse response) throws IOException {
        query.run(export, locale, me).send(response);
    }
}
