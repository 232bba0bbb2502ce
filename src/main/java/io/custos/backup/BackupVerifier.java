package io.custos.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.custos.keys.MasterKeyProvider;

/**
 * Checks a backup without restoring it: opens its key, compares the sealed manifest with the clear
 * one, and reads every table file to its end (checksum, decryption of every segment, row count).
 * Reports every problem with the file it is in; finding one does not stop the others being checked.
 */
public final class BackupVerifier {

    /** @param file the backup's file, relative to its folder */
    public record Problem(@Nullable String file, String kind, String detail) {
    }

    /** @param manifest null when the backup could not even be opened */
    public record Verification(Path folder, @Nullable Manifest manifest, long rowsChecked, List<Problem> problems) {
        public boolean valid() {
            return manifest != null && problems.isEmpty();
        }
    }

    private BackupVerifier() {
    }

    public static Verification verify(Path folder, MasterKeyProvider master) {
        BackupReader reader;
        try {
            reader = BackupReader.open(folder, master);
        } catch (BackupException e) {
            return new Verification(folder, null, 0, List.of(problem(e)));
        }
        List<Problem> problems = new ArrayList<>();
        long rows = 0;
        Set<String> listed = new HashSet<>();
        for (Manifest.Table table : reader.manifest().tables()) {
            listed.add(table.file());
            long[] count = {0};
            try {
                reader.read(table, new BackupReader.RowHandler() {
                    @Override
                    public void columns(List<BackupReader.Column> columns) {
                    }

                    @Override
                    public void row(Object[] values) {
                        count[0]++;
                    }
                });
                rows += count[0];
            } catch (BackupException e) {
                problems.add(problem(e));
            } catch (Exception e) {
                problems.add(new Problem(table.file(), BackupException.Problem.DAMAGED.name(), table.file()
                        + " cannot be read"));
            }
        }
        try (var files = Files.list(folder.resolve(BackupFormat.TABLES))) {
            files.map(f -> BackupFormat.TABLES + "/" + f.getFileName()).filter(f -> !listed.contains(f)).sorted()
                    .forEach(f -> problems.add(new Problem(f, BackupException.Problem.DAMAGED.name(),
                            f + " is not in the manifest")));
        } catch (IOException e) {
            problems.add(new Problem(BackupFormat.TABLES, BackupException.Problem.DAMAGED.name(),
                    "the folder " + BackupFormat.TABLES + " cannot be listed"));
        }
        return new Verification(folder, reader.manifest(), rows, List.copyOf(problems));
    }

    private static Problem problem(BackupException e) {
        return new Problem(e.file(), e.problem().name(), e.getMessage());
    }
}
