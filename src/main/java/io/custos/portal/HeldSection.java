package io.custos.portal;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.access.Subjects;

/** "What we hold about you": the customer record's public name and its reference. */
@Component
class HeldSection implements PortalSection {

    private final Subjects subjects;

    HeldSection(Subjects subjects) {
        this.subjects = subjects;
    }

    @Override
    public String template() {
        return "portal/sections/held";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, ?> data(UUID customerId) {
        Map<String, Object> data = new HashMap<>();
        data.put("customerId", customerId);
        data.put("companyName", subjects.companyNames(java.util.List.of(customerId)).get(customerId));
        return data;
    }
}
