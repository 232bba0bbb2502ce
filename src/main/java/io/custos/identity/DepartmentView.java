package io.custos.identity;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A department, its head and how many people belong to it; {@code handlesCustomerData} marks a
 * department whose members work with customer data, which no separated duty may belong to.
 */
public record DepartmentView(UUID id, String code, String nameZh, String nameEn, @Nullable UUID headId,
        @Nullable String headUsername, int members, boolean handlesCustomerData) {

    public String name(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
    }
}
