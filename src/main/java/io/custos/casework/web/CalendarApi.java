package io.custos.casework.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.casework.CalendarDay;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The working-day calendar over HTTP (R-CUS-2): every member of staff reads a year; the
 * administration department adds, replaces and removes days. Who may change it is decided by
 * {@link WorkingCalendar} (403 {@code forbidden} otherwise); a date that is not one answers 422.
 */
@RestController
@RequestMapping("/api/v1/casework/calendar")
@Tag(name = "Casework calendar")
class CalendarApi {

    private final WorkingCalendar calendar;

    CalendarApi(WorkingCalendar calendar) {
        this.calendar = calendar;
    }

    /** A holiday ({@code working} false) or a make-up working day on a weekend ({@code working} true). */
    record DayJson(@NotNull Boolean working, @Nullable String nameZh, @Nullable String nameEn) {
    }

    @GetMapping("/{year}")
    @Operation(summary = "The year's public holidays and make-up working days, by date; empty when the year's "
            + "notice has not been entered (deadlines then count only weekends as days off)")
    List<CalendarDay> year(@PathVariable String year) {
        return calendar.year(CalendarInput.year(year, 0));
    }

    @PutMapping("/{date}")
    @Operation(summary = "Adds or replaces a day (ADMIN_OFFICER): date as 2026-10-01; a make-up working day must "
            + "fall on a weekend; names 1 to 60 characters in both languages")
    CalendarDay set(@PathVariable String date, @Valid @RequestBody DayJson body,
            @AuthenticationPrincipal CustosUser me) {
        return calendar.set(CalendarInput.day(date), body.working(), body.nameZh(), body.nameEn(), me);
    }

    @DeleteMapping("/{date}")
    @Operation(summary = "Removes a day's entry (ADMIN_OFFICER): the day is again what its weekday makes it")
    ResponseEntity<Void> remove(@PathVariable String date, @AuthenticationPrincipal CustosUser me) {
        calendar.remove(CalendarInput.day(date), me);
        return ResponseEntity.noContent().build();
    }
}
