package io.custos.access;

import java.util.List;
import java.util.Map;

/**
 * What a customer page offers a person for revealing (issue 14.8, 14.2): per masked field, the
 * purposes that could work for this person and field, the most likely first (those that work now,
 * then those only the customer's consent or the person's training still stands in the way of);
 * a field without any gets no Reveal button. {@code breakGlass}: opening emergency access would
 * let some field be revealed that cannot be now.
 */
public record RevealOffer(Map<String, List<String>> purposes, boolean breakGlass) {

    public RevealOffer {
        purposes = Map.copyOf(purposes);
    }

    public List<String> purposesFor(String field) {
        return purposes.getOrDefault(field, List.of());
    }

    public boolean any() {
        return purposes.values().stream().anyMatch(p -> !p.isEmpty());
    }

    public static RevealOffer none() {
        return new RevealOffer(Map.of(), false);
    }
}
