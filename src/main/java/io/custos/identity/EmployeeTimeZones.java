package io.custos.identity;

import java.time.ZoneId;
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
}
