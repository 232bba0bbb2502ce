package io.custos.compliance;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The thresholds in force for one computation: tuned ones where stored, else the defaults; fixed ones always the defaults. */
record ThresholdSettings(Map<Indicator, Thresholds> tuned) {

    @Nullable Thresholds of(Indicator indicator) {
        Thresholds defaults = indicator.defaults();
        if (defaults == null || indicator.fixed()) {
            return defaults;
        }
        return tuned.getOrDefault(indicator, defaults);
    }

    boolean tuned(Indicator indicator) {
        return !indicator.fixed() && indicator.defaults() != null && tuned.containsKey(indicator)
                && !tuned.get(indicator).equals(indicator.defaults());
    }
}
