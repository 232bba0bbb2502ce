package io.custos.shared;

import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The time zone a person chose for themselves, implemented by the module that keeps people. Empty
 * when they chose none: then the company's zone applies.
 */
public interface PersonalTimeZones {

    Optional<ZoneId> chosenBy(UUID personId);

    /** The zones chosen by each of these people; those who chose none are absent. */
    default Map<UUID, ZoneId> chosenBy(Collection<UUID> personIds) {
        Map<UUID, ZoneId> zones = new HashMap<>();
        personIds.forEach(id -> chosenBy(id).ifPresent(zone -> zones.put(id, zone)));
        return zones;
    }
}
