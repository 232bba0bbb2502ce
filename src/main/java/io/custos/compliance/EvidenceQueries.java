package io.custos.compliance;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A group of the map's live evidence queries. Each indicator is answered by exactly one group (checked
 * at start). A query reads the owning module's public figures only, counts and times, never a value.
 */
interface EvidenceQueries {

    Set<Indicator> indicators();

    /**
     * @param department the department to compute for, or {@code null} for the whole company; never
     *        set for an indicator that is not {@link Indicator#departmental()}
     */
    Figure figure(Indicator indicator, @Nullable UUID department, Instant now);
}
