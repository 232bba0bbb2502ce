package io.custos.keys;

import java.util.List;
import java.util.UUID;

/**
 * Many owners' data keys were destroyed in one statement ({@link DataKeys#destroyAll}): for each,
 * exactly what {@link DataKeyDestroyed} says for one. Published in the destroying transaction and
 * heard synchronously, like the single event.
 */
public record DataKeysDestroyed(List<UUID> ownerIds) {

    public DataKeysDestroyed {
        ownerIds = List.copyOf(ownerIds);
    }

    @Override
    public String toString() {
        return "DataKeysDestroyed[" + ownerIds.size() + " owners]";
    }
}
