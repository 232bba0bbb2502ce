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

    @Override
    public String toString() {
        return "ExportQuery[" + format + "]";
    }
}
