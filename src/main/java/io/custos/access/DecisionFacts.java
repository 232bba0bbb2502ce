package io.custos.access;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.custos.consent.ConsentState;
import io.custos.training.GateAnswer;

/**
 * The inputs a decision asks other modules for, only when a rule gets that far: most views never
 * need the consent or the training gate, so the service answers these lazily and at most once.
 */
public interface DecisionFacts {

    /** The customer's consent now (consent module); null when there is none. */
    @Nullable
    ConsentState consent();

    /** Whether the person may have L3-L4 data revealed (training module). */
    GateAnswer gate();

    /** The fields a purpose needs (consent module's purpose list). */
    Set<String> fieldsOf(String purpose);

    /** The sharing grants the person receives on the customer now; asked only when a grant rule could apply. */
    default List<Granted> grants() {
        return List.of();
    }
}
