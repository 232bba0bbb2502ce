package io.custos.backup.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.backup.BackupCheck;
import io.custos.backup.BackupProperties;
import io.custos.backup.BackupRecord;
import io.custos.backup.BackupStatus;
import io.custos.backup.Backups;
import io.custos.backup.DrillStatus;
import io.custos.backup.RestoreDrill;
import io.custos.backup.RestoreDrills;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The backups page (issue 17, R-STO-3): the last successful restore drill first, when the next
 * backup and drill are due, the backups with who asked for each, their size and rows and the latest
 * verification, and the drills. System administrators start a backup, a verification or a drill
 * here; security administrators and auditors read. A refused or failed action shows the page again
 * with the reason in words.
 */
@Controller
class BackupPages {

    /** Drills the page lists; the API lists more. */
    static final int DRILLS_SHOWN = 12;

    private final Backups backups;
    private final RestoreDrills drills;
    private final BackupProperties properties;
    private final Employees employees;

    BackupPages(Backups backups, RestoreDrills drills, BackupProperties properties, Employees employees) {
        this.backups = backups;
        this.drills = drills;
        this.properties = properties;
        this.employees = employees;
    }

    /** A backup as the page shows it: the size already in words, the person by name. */
    record Row(BackupRecord backup, @Nullable String size, @Nullable String by) {
    }

    /** A drill as the page shows it, with when its backup was taken. */
    record DrillRow(RestoreDrill drill, @Nullable Instant backupTakenAt, @Nullable String by) {
    }

    @GetMapping("/backups")
    String page(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        List<BackupRecord> list = backups.list(me);
        Map<UUID, String> people = new HashMap<>();
        Map<UUID, Instant> takenAt = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (BackupRecord b : list) {
            takenAt.put(b.id(), b.startedAt());
            rows.add(new Row(b, b.bytes() == null ? null : size(b.bytes(), locale), name(b.requestedBy(), people)));
        }
        List<DrillRow> drillRows = new ArrayList<>();
        for (RestoreDrill d : drills.list(me).stream().limit(DRILLS_SHOWN).toList()) {
            drillRows.add(new DrillRow(d, backupTime(d, takenAt, me), name(d.requestedBy(), people)));
        }
        Optional<RestoreDrill> lastPassed = drills.lastSuccessfulDrill();
        Optional<RestoreDrill> lastFinished = drills.lastFinished(me);
        model.addAttribute("rows", rows);
        model.addAttribute("total", backups.count(me));
        model.addAttribute("drills", drillRows);
        model.addAttribute("lastPassed", lastPassed.map(d -> new DrillRow(d, backupTime(d, takenAt, me),
                name(d.requestedBy(), people))).orElse(null));
        // A drill that failed after the last one that passed is said next to it: the proof is stale.
        model.addAttribute("lastFailed", lastFinished.filter(d -> d.status() == DrillStatus.FAILED)
                .filter(d -> lastPassed.isEmpty() || d.startedAt().isAfter(lastPassed.get().startedAt()))
                .orElse(null));
        model.addAttribute("running", list.stream().anyMatch(b -> b.status() == BackupStatus.RUNNING));
        model.addAttribute("drillRunning", drillRows.stream().anyMatch(d -> d.drill().status() == DrillStatus.RUNNING));
        model.addAttribute("nextBackup", backups.nextScheduled());
        model.addAttribute("nextDrill", drills.nextScheduled());
        model.addAttribute("keepDaily", properties.keepDaily());
        model.addAttribute("keepMonthly", properties.keepMonthly());
        model.addAttribute("mayRun", Backups.mayRun(me));
        return "backup/backups";
    }

    @PostMapping("/backups")
    String backUp(@AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            backups.start(me);
            redirect.addFlashAttribute("notice", "backup.notice.started");
            return "redirect:/backups";
        } catch (DomainException e) {
            return refused(e, me, model, locale, response);
        }
    }

    @PostMapping("/backups/{id}/verification")
    String verify(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            BackupCheck check = backups.verify(id, me);
            redirect.addFlashAttribute("verified", check.valid() ? "intact" : "damaged");
            redirect.addFlashAttribute("verifiedId", id);
            return "redirect:/backups";
        } catch (DomainException e) {
            return refused(e, me, model, locale, response);
        }
    }

    @PostMapping("/backups/drills")
    String drill(@AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            drills.start(me);
            redirect.addFlashAttribute("notice", "backup.notice.drillStarted");
            return "redirect:/backups";
        } catch (DomainException e) {
            return refused(e, me, model, locale, response);
        }
    }

    /** The page again with the reason, translated, and the refusal's status; a 404 is the error page. */
    private String refused(DomainException e, CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        if (e.status().value() == 404) {
            throw e;
        }
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        return page(me, model, locale);
    }

    private @Nullable Instant backupTime(RestoreDrill drill, Map<UUID, Instant> known, CustosUser me) {
        if (drill.backupId() == null) {
            return null;
        }
        Instant at = known.get(drill.backupId());
        if (at == null) {
            try {
                at = backups.find(drill.backupId(), me).startedAt();
                known.put(drill.backupId(), at);
            } catch (DomainException e) {
                return null;
            }
        }
        return at;
    }

    private @Nullable String name(@Nullable UUID person, Map<UUID, String> people) {
        if (person == null) {
            return null;
        }
        return people.computeIfAbsent(person, id -> employees.byId(id).map(EmployeeView::displayName).orElse("—"));
    }

    /** Bytes as people read them: 1.2 MB, 1,234 KB; the same units in both languages. */
    static String size(long bytes, Locale locale) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(unit == 0 || value >= 100 ? 0 : 1);
        return format.format(BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP)) + " " + units[unit];
    }
}
