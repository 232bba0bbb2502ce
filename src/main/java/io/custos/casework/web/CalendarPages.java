package io.custos.casework.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.casework.CalendarDay;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The working-day calendar page (issue 19.4, R-CUS-2): every member of staff reads a year's public
 * holidays and make-up working days; the administration department adds, replaces and removes them
 * here. A refused entry shows the page again with the reason in words and the form as it was typed.
 */
@Controller
@RequestMapping("/casework/calendar")
class CalendarPages {

    private final WorkingCalendar calendar;
    private final Times times;
    private final Clock clock;

    CalendarPages(WorkingCalendar calendar, Times times, Clock clock) {
        this.calendar = calendar;
        this.times = times;
        this.clock = clock;
    }

    /**
     * One line of the table: the entry with its date as ISO text (Spring's conversion would write a
     * LocalDate the locale's way into ids and links) and its weekday in the reader's language.
     */
    record Row(CalendarDay entry, String day, String weekday, String name) {
    }

    /** What the form shows: empty, an entry to replace, or what was typed before a refusal. */
    record Form(String day, boolean working, String nameZh, String nameEn) {
        static final Form EMPTY = new Form("", false, "", "");
    }

    @GetMapping
    String show(@RequestParam(required = false) @Nullable String year,
            @RequestParam(required = false) @Nullable String edit, @AuthenticationPrincipal CustosUser me,
            Model model) {
        int shown = CalendarInput.year(year, today().getYear());
        Form form = Form.EMPTY;
        if (edit != null && !edit.isBlank()) {
            LocalDate day = CalendarInput.day(edit);
            form = calendar.year(day.getYear()).stream().filter(d -> d.day().equals(day)).findFirst()
                    .map(d -> new Form(d.day().toString(), d.working(), d.nameZh(), d.nameEn()))
                    .orElse(new Form(day.toString(), false, "", ""));
        }
        return page(shown, me, form, null, model);
    }

    @PostMapping
    String set(@RequestParam(required = false) @Nullable String year, @RequestParam(required = false) @Nullable String day,
            @RequestParam(defaultValue = "false") boolean working, @RequestParam(required = false) @Nullable String nameZh,
            @RequestParam(required = false) @Nullable String nameEn, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        int shown = CalendarInput.year(year, today().getYear());
        Form typed = new Form(day == null ? "" : day, working, nameZh == null ? "" : nameZh,
                nameEn == null ? "" : nameEn);
        try {
            CalendarDay saved = calendar.set(CalendarInput.day(day), working, nameZh, nameEn, me);
            redirect.addFlashAttribute("calendarNotice", "casework.calendar.saved");
            redirect.addFlashAttribute("noticeDay", saved.day().toString());
            return "redirect:/casework/calendar?year=" + saved.day().getYear();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            // The refusal's status (422, 403, 409), so nothing takes the page for a saved entry.
            response.setStatus(e.status().value());
            return page(shown, me, typed, e, model);
        }
    }

    @PostMapping("/{date}/remove")
    String remove(@PathVariable String date, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        LocalDate day = CalendarInput.day(date);
        try {
            calendar.remove(day, me);
            redirect.addFlashAttribute("calendarNotice", "casework.calendar.removed");
            redirect.addFlashAttribute("noticeDay", day.toString());
            return "redirect:/casework/calendar?year=" + day.getYear();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(day.getYear(), me, Form.EMPTY, e, model);
        }
    }

    private String page(int year, CustosUser me, Form form, @Nullable DomainException problem, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Row> rows = calendar.year(year).stream()
                .map(d -> new Row(d, d.day().toString(), d.day().getDayOfWeek().getDisplayName(TextStyle.FULL, locale), d.name(locale)))
                .toList();
        model.addAttribute("year", String.valueOf(year));
        model.addAttribute("previousYear", year > WorkingCalendar.FIRST_YEAR ? String.valueOf(year - 1) : null);
        model.addAttribute("nextYear", year < WorkingCalendar.LAST_YEAR ? String.valueOf(year + 1) : null);
        model.addAttribute("rows", rows);
        model.addAttribute("covered", calendar.covers(year));
        model.addAttribute("officer", me.hasRole(Role.ADMIN_OFFICER));
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("problemField", problem == null ? null : problem.properties().get("field"));
        return "casework/calendar";
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }
}
