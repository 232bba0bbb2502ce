package io.custos.shared;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * The time zone a person chose for themselves, implemented by the module that keeps people. Empty
 * when they chose none: then the company's zone applies.
 */
public interface PersonalTimeZones {

    Optional<ZoneId> chosenBy(UUID personId);
}
