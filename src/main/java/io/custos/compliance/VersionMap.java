package io.custos.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The map of one policy version as the administration department edits it and management approves
 * it: the version's clauses, the controls of each, where the map came from ({@code DEFAULT},
 * {@code COPIED} from the version before, {@code EDITED}), whether it is stored yet, and whether it
 * may still change (only while the version is a draft or was sent back).
 */
public record VersionMap(PolicyRef policy, String state, boolean editable, String origin, boolean stored,
        @Nullable UUID editedBy, @Nullable Instant editedAt, List<Clause> clauses, Map<String, Set<Control>> entries) {

    public Set<Control> controls(String clauseKey) {
        return entries.getOrDefault(clauseKey, Set.of());
    }
}
