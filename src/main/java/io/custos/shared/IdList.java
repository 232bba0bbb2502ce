package io.custos.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Ids as text turned into UUIDs for an {@code in (...)} query, skipping any that are not UUIDs. */
public final class IdList {

    private IdList() {
    }

    public static List<UUID> uuids(Collection<String> ids) {
        List<UUID> uuids = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                uuids.add(UUID.fromString(id));
            } catch (IllegalArgumentException notAUuid) {
                // An id of another kind cannot name a row of a UUID table.
            }
        }
        return uuids;
    }
}
