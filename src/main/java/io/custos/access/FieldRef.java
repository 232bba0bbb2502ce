package io.custos.access;

import io.custos.shared.Sensitivity;

/** A field of the classification catalog as the decision sees it: its key and level. */
public record FieldRef(String key, Sensitivity level) {
}
