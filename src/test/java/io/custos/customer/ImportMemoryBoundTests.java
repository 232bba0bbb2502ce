package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.11, the attack itself: a 1.3 MB workbook whose one cell expands to 95 million characters
 * (as a shared string, and inline in the sheet) and a 49 MB CSV file of one huge field, each read six
 * times at once in a JVM with a 64 MB heap. Before, every copy materialised the whole text (the
 * workbook's part in memory, then the string: hundreds of megabytes each) and the JVM ran out of
 * memory; now every copy is refused while the text is read, and the JVM never comes near its limit.
 */
class ImportMemoryBoundTests {

    @TempDir Path directory;

    @Test
    void sixCopiesOfEachBombAreRefusedInA64MegabyteHeap() throws Exception {
        Path shared = ImportBombs.workbook(directory.resolve("shared.xlsx"), 95_000_000L, false);
        Path inline = ImportBombs.workbook(directory.resolve("inline.xlsx"), 95_000_000L, true);
        Path csv = ImportBombs.csv(directory.resolve("huge.csv"), 49L * 1024 * 1024);
        assertThat(Files.size(shared)).as("a small file").isLessThan(3L * 1024 * 1024);
        assertThat(Files.size(csv)).isGreaterThan(49L * 1024 * 1024);

        Path output = directory.resolve("probe.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Djava.io.tmpdir=" + directory, "-cp", System.getProperty("java.class.path"),
                ImportBombProbe.class.getName(), "6", "XLSX:" + shared, "XLSX:" + inline, "CSV:" + csv)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not end: " + Files.readString(output));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(printed).isZero();
        List<String> outcomes = printed.lines().filter(l -> l.startsWith("outcome ")).toList();
        assertThat(outcomes).as(printed).hasSize(18);
        assertThat(outcomes.subList(0, 6)).containsOnly("outcome XLSX import-cell-too-large");
        assertThat(outcomes.subList(6, 12)).containsOnly("outcome XLSX import-cell-too-large-in-row");
        assertThat(outcomes.subList(12, 18)).containsOnly("outcome CSV import-row-too-large");
        assertThat(printed).doesNotContain("OutOfMemoryError", "out-of-memory");
        // POI's temporary copies of the workbook parts are gone with their packages.
        try (var left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("shared.xlsx", "inline.xlsx", "huge.csv", "probe.txt", "poifiles");
        }
    }
}
