package io.custos.customer.web;

import java.util.Locale;

import io.custos.consent.Purposes;
import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;

/**
 * A problem's message arguments as a person reads them (issue 14.6, R-X-1): a catalog field key
 * becomes the field's label and a purpose code the purpose's name, in the page's language. The API
 * keeps the keys; they are what a program matches on.
 */
final class ProblemArgs {

    private ProblemArgs() {
    }

    static Object[] labelled(Object[] problemArgs, FieldCatalog catalog, Purposes purposes, Locale locale) {
        Object[] args = problemArgs.clone();
        for (int i = 0; i < args.length; i++) {
            if (!(args[i] instanceof String text)) {
                continue;
            }
            for (FieldDefinition field : catalog.fields()) {
                if (field.key().equals(text)) {
                    args[i] = field.label(locale);
                }
            }
            if (args[i] == text) {
                int at = i;
                purposes.all().stream().filter(p -> p.code().equals(text)).findFirst()
                        .ifPresent(p -> args[at] = p.label(locale));
            }
        }
        return args;
    }
}
