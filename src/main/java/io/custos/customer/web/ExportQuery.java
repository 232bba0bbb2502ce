package io.custos.customer.web;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.custos.customer.CustomerExport;
import io.custos.identity.CustosUser;
import io.custos.shared.web.TableExport;

/** The export's request parameters: a format and the search's filters, for the API and the page link alike. */
record ExportQuery(@Nullable String format, @Nullable String name, @Nullable String phone, @Nullable String email,
        @Nullable String idNumber) {

    TableExport run(CustomerExport export, Locale locale, CustosUser me) {
        return export.export(new CustomerExport.ExportFilter(phone, email, idNumber, name),
                CustomerExport.format(format), locale, me);
    }

    /**
     * Refuses a phone, e-mail or ID number that came in a URL (issue 14.6): a GET export names only a
     * name; the values travel in a POSTed body.
     */
    ExportQuery withoutValuesInAddress(String searchWith) {
        if (phone != null || email != null || idNumber != null) {
            throw new io.custos.shared.DomainException("search-value-in-url",
                    org.springframework.http.HttpStatus.BAD_REQUEST, java.util.Map.of("field",
                            phone != null ? "phone" : email != null ? "email" : "idNumber", "searchWith", searchWith));
        }
        return this;
    }

    @Override
    public String toString() {
        return "ExportQuery[" + format + "]";
    }
}
