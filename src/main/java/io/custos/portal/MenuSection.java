package io.custos.portal;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.casework.CaseView;
import io.custos.casework.Cases;

/** The portal's first section: where each of the customer's pages is, with their open requests counted. */
@Component
class MenuSection implements PortalSection {

    private final Cases cases;

    MenuSection(Cases cases) {
        this.cases = cases;
    }

    @Override
    public String template() {
        return "portal/sections/menu";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, ?> data(UUID customerId) {
        return Map.of("openRequests", cases.ofCustomer(customerId).stream().filter(CaseView::open).count());
    }
}
