package io.custos.backup.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.backup.BackupCheck;
import io.custos.backup.BackupRecord;
import io.custos.backup.Backups;
import io.custos.backup.RestoreDrill;
import io.custos.backup.RestoreDrills;
import io.custos.identity.CustosUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Backups and restore drills over HTTP (issue 17, R-STO-3). Records only: no endpoint serves a
 * backup's files, and an id is a record's UUID, never a path.
 */
@RestController
@RequestMapping("/api/v1/backups")
@Tag(name = "Backups")
class BackupApi {

    private final Backups backups;
    private final RestoreDrills drills;

    BackupApi(Backups backups, RestoreDrills drills) {
        this.backups = backups;
        this.drills = drills;
    }

    /**
     * @param requestedBy the person who asked for it; null for the schedule
     * @param folder the backup's folder in the backup directory (what {@code restore --from} takes)
     * @param problem why it failed: NOT_A_BACKUP, NEWER_SCHEMA, WRONG_KEY, DAMAGED, TARGET_NOT_EMPTY,
     *        DATABASE, STORAGE, INTERRUPTED or UNEXPECTED
     */
    record BackupJson(UUID id, String status, String trigger, @Nullable UUID requestedBy, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String folder, @Nullable Integer tables, @Nullable Long rows,
            @Nullable Long bytes, @Nullable String schemaVersion, @Nullable String problem, @Nullable Instant deletedAt,
            @Nullable VerificationJson lastVerification) {
        static BackupJson of(BackupRecord b) {
            BackupRecord.Verification v = b.verification();
            return new BackupJson(b.id(), b.status().name(), b.trigger().name(), b.requestedBy(), b.startedAt(),
                    b.finishedAt(), b.folder(), b.tables(), b.rows(), b.bytes(), b.schemaVersion(), b.problem(),
                    b.deletedAt(), v == null ? null
                            : new VerificationJson(v.at(), v.by(), v.valid(), v.problem(), v.file()));
        }
    }

    record VerificationJson(Instant at, @Nullable UUID by, boolean valid, @Nullable String problem,
            @Nullable String file) {
    }

    record BackupsJson(long total, List<BackupJson> backups, @Nullable Instant nextScheduled) {
    }

    record FindingJson(@Nullable String file, String kind) {
    }

    record CheckJson(BackupJson backup, boolean valid, long rowsChecked, List<FindingJson> findings) {
    }

    record DrillJson(UUID id, String status, String trigger, @Nullable UUID backupId, @Nullable UUID requestedBy,
            Instant startedAt, @Nullable Instant finishedAt, @Nullable String database, @Nullable Integer tables,
            @Nullable Long rows, @Nullable Long tookMs, @Nullable String problem) {
        static DrillJson of(RestoreDrill d) {
            return new DrillJson(d.id(), d.status().name(), d.trigger().name(), d.backupId(), d.requestedBy(),
                    d.startedAt(), d.finishedAt(), d.database(), d.tables(), d.rows(), d.tookMs(), d.problem());
        }
    }

    record DrillsJson(List<DrillJson> drills, @Nullable DrillJson lastSuccessful, @Nullable Instant nextScheduled) {
    }

    @PostMapping
    @Operation(summary = "Start a backup now (system administrator)", description = "The backup is written on a "
            + "thread of its own: the answer (202) is its record, status RUNNING, with its address in Location; "
            + "GET it until the status is DONE or FAILED. 409 backup-running while a backup runs on any node.")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(responseCode = "403", description = "backup-not-allowed: only a system administrator")
    @ApiResponse(responseCode = "409", description = "backup-running")
    ResponseEntity<BackupJson> start(@AuthenticationPrincipal CustosUser user) {
        BackupRecord started = backups.start(user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/backups/" + started.id()))
                .body(BackupJson.of(started));
    }

    @GetMapping
    @Operation(summary = "The newest backups first (at most 100), with the total and the next scheduled one",
            description = "System and security administrators and auditors.")
    BackupsJson list(@AuthenticationPrincipal CustosUser user) {
        return new BackupsJson(backups.count(user), backups.list(user).stream().map(BackupJson::of).toList(),
                backups.nextScheduled());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One backup's record", description = "System and security administrators and auditors; "
            + "404 not-found.")
    BackupJson find(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return BackupJson.of(backups.find(id, user));
    }

    @PostMapping("/{id}/verification")
    @Operation(summary = "Verify a backup now (system administrator)", description = "Decrypts every file of the "
            + "backup and compares checksums and row counts with its manifest; answers when done, with every "
            + "problem and the file it is in, and records the result on the backup. 404 not-found; 409 "
            + "backup-not-verifiable when the backup is running, failed or deleted.")
    CheckJson verify(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        BackupCheck check = backups.verify(id, user);
        return new CheckJson(BackupJson.of(check.backup()), check.valid(), check.rowsChecked(),
                check.findings().stream().map(f -> new FindingJson(f.file(), f.kind())).toList());
    }

    @PostMapping("/drills")
    @Operation(summary = "Start a restore drill now (system administrator)", description = "Restores the newest "
            + "complete backup into a scratch database, compares every table's row count with the manifest and "
            + "verifies the audit chain there, then removes the scratch database. The answer (202) is the "
            + "drill's record, status RUNNING; the list shows its outcome (PASSED or FAILED). 409 "
            + "backup-drill-running while a drill runs on any node.")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(responseCode = "403", description = "backup-not-allowed: only a system administrator")
    @ApiResponse(responseCode = "409", description = "backup-drill-running")
    ResponseEntity<DrillJson> drill(@AuthenticationPrincipal CustosUser user) {
        return ResponseEntity.accepted().body(DrillJson.of(drills.start(user)));
    }

    @GetMapping("/drills")
    @Operation(summary = "The newest restore drills first (at most 100), the last that passed, and the next "
            + "scheduled one", description = "System and security administrators and auditors.")
    DrillsJson drills(@AuthenticationPrincipal CustosUser user) {
        List<DrillJson> list = drills.list(user).stream().map(DrillJson::of).toList();
        return new DrillsJson(list, drills.lastSuccessfulDrill().map(DrillJson::of).orElse(null),
                drills.nextScheduled());
    }
}
