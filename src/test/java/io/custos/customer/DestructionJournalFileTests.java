package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The destruction journal as a file (issue 17), without Spring: the exact line format, lines of at
 * most 1,000 customers, a torn last line cut off at start and passed over by readers, damaged lines
 * reported by number while the good lines around them are still read.
 */
class DestructionJournalFileTests {

    static final Instant AT = Instant.parse("2026-03-01T02:30:00.123456Z");

    @TempDir
    Path directory;

    DestructionJournal journal(Path file) {
        // The database is not touched by writing or reading; only reconcile() queries it.
        return new DestructionJournal(new JournalProperties(file), JdbcClient.create(new DriverManagerDataSource()),
                Clock.fixed(AT, ZoneOffset.UTC));
    }

    @Test
    void writesOneExactLinePerThousandCustomersIdsOnly() throws IOException {
        Path file = directory.resolve("journal/destructions.log");
        UUID batch = UUID.fromString("5b0e7c52-9d1a-4c4e-8f3e-2f7a9c1d0e11");
        UUID customer = UUID.fromString("3b1e2f40-1111-4222-8333-944455566677");

        journal(file).append(batch, List.of(customer));

        assertThat(Files.readString(file)).isEqualTo("{\"at\":\"2026-03-01T02:30:00.123456Z\",\"batch\":"
                + "\"5b0e7c52-9d1a-4c4e-8f3e-2f7a9c1d0e11\",\"customers\":[\"3b1e2f40-1111-4222-8333-944455566677\"]}\n");

        List<UUID> many = IntStream.range(0, 2500).mapToObj(i -> UUID.randomUUID()).toList();
        journal(file).append(batch, many);
        List<DestructionJournal.Entry> entries = new ArrayList<>();
        DestructionJournal.ReadReport report = journal(file).read(file, entries::add);
        assertThat(entries).extracting(e -> e.customers().size()).containsExactly(1, 1000, 1000, 500);
        assertThat(entries.subList(1, 4).stream().flatMap(e -> e.customers().stream()).toList()).isEqualTo(many);
        assertThat(entries).allSatisfy(e -> assertThat(e.batch()).isEqualTo(batch));
        assertThat(report.entries()).isEqualTo(4);
        assertThat(report.customers()).isEqualTo(2501);
        assertThat(report.damagedLines()).isZero();
        assertThat(report.tornTail()).isFalse();
        assertThat(Files.readAllLines(file)).allSatisfy(line -> assertThat(line.length())
                .isLessThan(DestructionJournal.MAX_LINE));
    }

    @Test
    void aTornLastLineIsCutOffAtStartAndTheNextLineStartsOnItsOwn() throws IOException {
        Path file = directory.resolve("destructions.log");
        UUID first = UUID.randomUUID();
        journal(file).append(UUID.randomUUID(), List.of(first));
        String whole = Files.readString(file);
        // A crash in the middle of the next write.
        Files.writeString(file, whole.substring(0, 60), StandardOpenOption.APPEND);

        DestructionJournal.ReadReport torn = journal(file).read(file, e -> { });
        assertThat(torn.tornTail()).as("readers pass over a torn tail").isTrue();
        assertThat(torn.entries()).isEqualTo(1);
        assertThat(torn.damagedLines()).as("a torn tail is not damage").isZero();

        DestructionJournal restarted = journal(file);
        restarted.open();
        assertThat(Files.readString(file)).isEqualTo(whole);
        assertThat(restarted.behind()).as("its customers come back with the reconciliation").isTrue();

        UUID second = UUID.randomUUID();
        restarted.append(UUID.randomUUID(), List.of(second));
        List<UUID> named = new ArrayList<>();
        DestructionJournal.ReadReport after = restarted.read(file, e -> named.addAll(e.customers()));
        assertThat(named).containsExactly(first, second);
        assertThat(after.damagedLines()).isZero();
    }

    @Test
    void anAppendOntoATornTailCutsItFirstInsteadOfGluingALineOntoIt() throws IOException {
        Path file = directory.resolve("destructions.log");
        DestructionJournal journal = journal(file);
        journal.append(UUID.randomUUID(), List.of(UUID.randomUUID()));
        Files.writeString(file, "{\"at\":\"2026-03-01T02:3", StandardOpenOption.APPEND);

        journal.append(UUID.randomUUID(), List.of(UUID.randomUUID()));

        DestructionJournal.ReadReport report = journal.read(file, e -> { });
        assertThat(report.entries()).isEqualTo(2);
        assertThat(report.damagedLines()).isZero();
        assertThat(report.tornTail()).isFalse();
        assertThat(journal.behind()).isTrue();
    }

    @Test
    void damagedLinesAreReportedByNumberWithoutTheirContentAndTheGoodLinesAroundThemAreRead() throws IOException {
        Path file = directory.resolve("destructions.log");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String good = DestructionJournal.format(new DestructionJournal.Entry(AT, UUID.randomUUID(), List.of(a)));
        String secret = "13924681357";
        List<String> lines = List.of(good,
                "not json " + secret,
                good.replace("\"customers\"", " \"customers\""),
                good.replace(a.toString(), a.toString().toUpperCase()),
                good.replace("}", ",\"name\":\"x\"}"),
                good.replace("[\"" + a + "\"]", "[]"),
                "{\"at\":\"yesterday\",\"batch\":\"" + UUID.randomUUID() + "\",\"customers\":[\"" + a + "\"]}",
                good.replace("\"at\"", "\"batch\":\"" + UUID.randomUUID() + "\",\"at\""),
                "x".repeat(DestructionJournal.MAX_LINE + 10),
                DestructionJournal.format(new DestructionJournal.Entry(AT, UUID.randomUUID(), List.of(b))));
        Files.writeString(file, String.join("\n", lines) + "\n");

        List<UUID> named = new ArrayList<>();
        DestructionJournal.ReadReport report = journal(file).read(file, e -> named.addAll(e.customers()));

        assertThat(named).containsExactly(a, b);
        assertThat(report.entries()).isEqualTo(2);
        assertThat(report.damagedLines()).isEqualTo(8);
        assertThat(report.damage()).extracting(DestructionJournal.Damage::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L,
                8L, 9L);
        assertThat(report.damage()).allSatisfy(d -> {
            assertThat(d.file()).isEqualTo(file);
            assertThat(d.reason()).doesNotContain(secret, a.toString());
        });
        assertThat(report.damage().get(0).reason()).isEqualTo("not JSON");
        assertThat(report.damage().get(1).reason()).isEqualTo("not in the journal's exact form");
        assertThat(report.damage().get(7).reason()).startsWith("longer than");
    }

    @Test
    void readingAMissingFileFailsAndReadingChangesNothing() throws IOException {
        Path missing = directory.resolve("nowhere.log");
        assertThatThrownBy(() -> journal(missing).read(missing, e -> { })).isInstanceOf(NoSuchFileException.class);
        assertThat(missing).doesNotExist();

        Path other = directory.resolve("other-node.log");
        Files.writeString(other, "{\"at\":", StandardCharsets.US_ASCII);
        journal(directory.resolve("own.log")).read(List.of(other), e -> { });
        assertThat(Files.readString(other)).as("another node's file is only read").isEqualTo("{\"at\":");
    }

    @Test
    void aJournalThatCannotBeWrittenFailsTheAppendAndLeavesNothingHalfWritten() throws IOException {
        Path file = directory.resolve("destructions.log");
        Files.createDirectories(file);
        assertThatThrownBy(() -> journal(file).append(UUID.randomUUID(), List.of(UUID.randomUUID())))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void theIdSetHoldsManyIdsWithoutLosingOne() {
        IdSet set = new IdSet();
        Set<UUID> expected = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            UUID id = UUID.randomUUID();
            expected.add(id);
            assertThat(set.add(id)).isTrue();
        }
        assertThat(set.add(expected.iterator().next())).isFalse();
        assertThat(set.size()).isEqualTo(50_000);
        assertThat(expected).allSatisfy(id -> assertThat(set.contains(id)).isTrue());
        assertThat(set.contains(UUID.randomUUID())).isFalse();
        assertThat(set.add(DestructionJournal.RECONCILED)).isFalse();
        assertThat(set.contains(DestructionJournal.RECONCILED)).isFalse();
        // Ids that differ in one half only.
        assertThat(set.add(new UUID(1, 2))).isTrue();
        assertThat(set.contains(new UUID(2, 1))).isFalse();
        assertThat(set.contains(new UUID(1, 2))).isTrue();
    }
}
