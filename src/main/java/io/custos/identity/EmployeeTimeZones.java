package io.custos.identity;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.shared.PersonalTimeZones;

/** The zone each employee chose on their account page, for the pages' times. */
@Component
class EmployeeTimeZones implements PersonalTimeZones {

    private final EmployeeRepository employees;

    EmployeeTimeZones(EmployeeRepository employees) {
        this.employees = employees;
    }

    @Override
    public Optional<ZoneId> chosenBy(UUID personId) {
        return employees.timeZone(personId).map(ZoneId::of);
    }

    /** In one query: reminders and reports ask for everyone at once. A zone this JDK no longer knows is left out. */
    @Override
    public Map<UUID, ZoneId> chosenBy(Collection<UUID> personIds) {
        Map<UUID, ZoneId> zones = new HashMap<>();
        employees.timeZones().forEach((id, zone) -> {
            if (personIds.contains(id)) {
                try {
                    zones.put(id, ZoneId.of(zone));
                } catch (DateTimeException stale) {
                    // the company's zone, as for a page
                }
            }
        });
        return zones;
    }
}
