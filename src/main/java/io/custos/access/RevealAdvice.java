package io.custos.access;

import java.util.List;

/**
 * What to tell a person whose reveal of one field was refused (issue 14.2): the purposes that
 * would work for this field now, whether emergency access would lift the refusal for the purpose
 * they declared, and, when it would not, the purposes it would work for.
 */
public record RevealAdvice(List<String> purposes, boolean breakGlass, List<String> purposesWithBreakGlass) {

    public RevealAdvice {
        purposes = List.copyOf(purposes);
        purposesWithBreakGlass = List.copyOf(purposesWithBreakGlass);
    }

    public static RevealAdvice none() {
        return new RevealAdvice(List.of(), false, List.of());
    }
}
