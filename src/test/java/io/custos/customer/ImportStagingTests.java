package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.MasterKeyProvider;
import io.custos.keys.SealedScratchFile;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;

/**
 * Issue 23 (R-X-3): an upload waits for its mapping in the database, so a second node, sharing
 * nothing with the first but the database and the master key, finds it, takes it and reads it.
 * What is stored is ciphertext only, bound to the upload's id and owner.
 */
@IntegrationTest
class ImportStagingTests {

    @Autowired ImportStaging nodeA;
    @Autowired JdbcTemplate jdbcTemplate;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired MasterKeyProvider master;
    @Autowired ImportProperties properties;
    @Autowired MutableClock clock;

    private final List<UUID> owners = new ArrayList<>();
    private final List<SealedScratchFile> files = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        owners.forEach(o -> jdbc.sql("delete from import_upload where owner_id = ?").param(o).update());
        files.forEach(SealedScratchFile::close);
        clock.reset();
    }

    /** Node B: its own instance, sharing only the database, the master key and the configuration. */
    private ImportStaging nodeB() {
        return new ImportStaging(jdbcTemplate, transactions, master, properties, clock);
    }

    @Test
    void anUploadStagedOnOneNodeIsFoundTakenAndReadOnAnother() throws Exception {
        UUID owner = owner();
        String content = csv("Node Trading", "13812345678", 3000);
        ImportStaging.Staged staged = stage(nodeA, owner, content);

        ImportStaging nodeB = nodeB();
        ImportStaging.Staged found = nodeB.find(staged.id(), owner).orElseThrow();
        assertThat(found.fileName()).isEqualTo("客户 list.csv");
        assertThat(found.headers()).containsExactly("companyName", "phone");
        assertThat(found.samples()).hasSize(2);
        assertThat(found.samples().get(0).cells()).containsExactly("Node Trading 0", "13812345678");
        assertThat(found.samples().get(0).number()).isEqualTo(2);
        assertThat(found.totalRows()).isEqualTo(3000);
        assertThat(found.format()).isEqualTo(ImportFormat.CSV);
        assertThat(found.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(found.mode()).isEqualTo(ImportMode.SKIP_INVALID);
        assertThat(found.stagedAt()).isEqualTo(staged.stagedAt());

        ImportStaging.Taken taken = nodeB.take(staged.id(), owner).orElseThrow();
        files.add(taken.file());
        assertThat(new String(taken.file().read().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(nodeA.find(staged.id(), owner)).isEmpty();
        assertThat(nodeA.take(staged.id(), owner)).isEmpty();
        assertThat(count("import_upload_part", staged.id())).isZero();
    }

    @Test
    void aFileOfSeveralPartsIsStoredAndReadBackWhole() throws Exception {
        UUID owner = owner();
        // Over 2 MB: three parts of import_upload_part.
        String content = csv("Parts Trading", "13700000000", 80_000);
        assertThat(content.length()).isGreaterThan(2 * ImportStaging.PART_BYTES);
        ImportStaging.Staged staged = stage(nodeA, owner, content);
        assertThat(count("import_upload_part", staged.id())).isEqualTo(3);
        // No row, so no read or write of one, holds more than a part of the file.
        assertThat(jdbc.sql("select max(octet_length(content)) from import_upload_part where upload_id = ?")
                .param(staged.id()).query(Integer.class).single()).isEqualTo(ImportStaging.PART_BYTES);

        ImportStaging.Taken taken = nodeB().take(staged.id(), owner).orElseThrow();
        files.add(taken.file());
        assertThat(new String(taken.file().read().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
    }

    @Test
    void storesNeitherTheFileNorItsNameHeadingsOrSamplesInClear() throws Exception {
        UUID owner = owner();
        ImportStaging.Staged staged = stage(nodeA, owner, csv("Clear Trading", "13912340000", 10));

        String raw = rawBytes(jdbc, staged.id());
        assertThat(raw).isNotEmpty().doesNotContain("Clear Trading", "13912340000", "companyName", "phone",
                "list.csv", "客户");
    }

    @Test
    void someoneElsesUploadLooksLikeNone() throws Exception {
        UUID owner = owner();
        UUID other = owner();
        ImportStaging.Staged staged = stage(nodeA, owner, csv("Own Trading", "13600000000", 5));

        assertThat(nodeB().find(staged.id(), other)).isEmpty();
        assertThat(nodeB().take(staged.id(), other)).isEmpty();
        nodeB().drop(staged.id(), other);
        assertThat(nodeB().find(staged.id(), owner)).isPresent();

        nodeB().drop(staged.id(), owner);
        assertThat(nodeA.find(staged.id(), owner)).isEmpty();
        assertThat(count("import_upload", staged.id())).isZero();
    }

    @Test
    void aRowCopiedOntoAnotherOwnerCannotBeOpened() throws Exception {
        UUID owner = owner();
        UUID thief = owner();
        ImportStaging.Staged staged = stage(nodeA, owner, csv("Moved Trading", "13500000000", 5));

        UUID copy = UUID.randomUUID();
        jdbc.sql("insert into import_upload (id, owner_id, staged_at, expires_at, format, charset, import_mode, "
                + "total_rows, wrapped_key, preview) select ?, ?, staged_at, expires_at, format, charset, import_mode, "
                + "total_rows, wrapped_key, preview from import_upload where id = ?").params(copy, thief, staged.id())
                .update();
        jdbc.sql("insert into import_upload_part (upload_id, seq, content) select ?, seq, content from "
                + "import_upload_part where upload_id = ?").params(copy, staged.id()).update();

        assertThat(nodeB().find(copy, thief)).isEmpty();
        assertThat(nodeB().take(copy, thief)).isEmpty();
        assertThat(nodeB().find(staged.id(), owner)).isPresent();
    }

    @Test
    void anUploadExpiresAfterTheStagingTtlAndTheSweepDeletesIt() throws Exception {
        UUID owner = owner();
        ImportStaging.Staged staged = stage(nodeA, owner, csv("Late Trading", "13400000000", 5));

        clock.advance(properties.stagingTtl().minusSeconds(1));
        assertThat(nodeB().find(staged.id(), owner)).isPresent();
        nodeB().expire();
        assertThat(count("import_upload", staged.id())).isOne();

        clock.advance(Duration.ofSeconds(1));
        assertThat(nodeB().find(staged.id(), owner)).isEmpty();
        assertThat(nodeB().take(staged.id(), owner)).isEmpty();
        nodeB().expire();
        assertThat(count("import_upload", staged.id())).isZero();
        assertThat(count("import_upload_part", staged.id())).isZero();
    }

    @Test
    void aFurtherUploadReplacesThePersonsOldest() throws Exception {
        UUID owner = owner();
        UUID other = owner();
        ImportStaging.Staged others = stage(nodeA, other, csv("Other Trading", "13300000000", 5));
        List<ImportStaging.Staged> staged = new ArrayList<>();
        for (int i = 0; i < properties.maxStagedPerPerson(); i++) {
            staged.add(stage(i % 2 == 0 ? nodeA : nodeB(), owner, csv("Many Trading " + i, "13300000000", 5)));
            clock.advance(Duration.ofSeconds(1));
        }
        staged.forEach(s -> assertThat(nodeA.find(s.id(), owner)).isPresent());

        ImportStaging.Staged newest = stage(nodeB(), owner, csv("Newest Trading", "13300000000", 5));

        assertThat(nodeA.find(staged.get(0).id(), owner)).isEmpty();
        assertThat(count("import_upload", staged.get(0).id())).isZero();
        assertThat(count("import_upload_part", staged.get(0).id())).isZero();
        staged.subList(1, staged.size()).forEach(s -> assertThat(nodeA.find(s.id(), owner)).isPresent());
        assertThat(nodeA.find(newest.id(), owner)).isPresent();
        assertThat(nodeA.find(others.id(), other)).isPresent();
    }

    @Test
    void ofTwoNodesTakingTheSameUploadAtOnceOnlyOneGetsIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                UUID owner = owner();
                ImportStaging.Staged staged = stage(nodeA, owner, csv("Race Trading", "13200000000", 20_000));
                ImportStaging a = nodeA;
                ImportStaging b = nodeB();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Optional<ImportStaging.Taken>> first = threads.submit(() -> {
                    together.await();
                    return a.take(staged.id(), owner);
                });
                Future<Optional<ImportStaging.Taken>> second = threads.submit(() -> {
                    together.await();
                    return b.take(staged.id(), owner);
                });
                Optional<ImportStaging.Taken> one = first.get(60, TimeUnit.SECONDS);
                Optional<ImportStaging.Taken> other = second.get(60, TimeUnit.SECONDS);
                one.ifPresent(t -> files.add(t.file()));
                other.ifPresent(t -> files.add(t.file()));
                assertThat(one.isPresent() ^ other.isPresent()).as("exactly one node takes the upload").isTrue();
                assertThat(count("import_upload", staged.id())).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every stored byte of the upload's rows, as text in two readings, for "not in clear" checks. */
    static String rawBytes(JdbcClient jdbc, UUID id) {
        StringBuilder raw = new StringBuilder();
        List<byte[]> blobs = new ArrayList<>();
        jdbc.sql("select preview, wrapped_key from import_upload where id = ?").param(id).query((rs, n) -> {
                    blobs.add(rs.getBytes(1));
                    blobs.add(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    return n;
                }).list();
        blobs.addAll(jdbc.sql("select content from import_upload_part where upload_id = ? order by seq").param(id)
                .query((rs, n) -> rs.getBytes(1)).list());
        for (byte[] bytes : blobs) {
            raw.append(new String(bytes, StandardCharsets.ISO_8859_1))
                    .append(new String(bytes, StandardCharsets.UTF_8));
        }
        return raw.toString();
    }

    private ImportStaging.Staged stage(ImportStaging node, UUID owner, String content) throws IOException {
        SealedScratchFile file = SealedScratchFile.create(null, "custos-import-test-");
        files.add(file);
        try (OutputStream out = file.write()) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        String[] lines = content.split("\r\n");
        List<ImportFile.Row> samples = new ArrayList<>();
        for (int i = 1; i < Math.min(lines.length, 3); i++) {
            samples.add(new ImportFile.Row(i + 1, List.of(lines[i].split(","))));
        }
        Instant now = clock.instant();
        return node.put(new ImportStaging.Staged(UUID.randomUUID(), owner, now, "客户 list.csv", ImportFormat.CSV,
                StandardCharsets.UTF_8, ImportMode.SKIP_INVALID, List.of(lines[0].split(",")), samples,
                lines.length - 1), file);
    }

    private static String csv(String company, String phone, int rows) {
        StringBuilder csv = new StringBuilder("companyName,phone\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append(company).append(' ').append(i).append(',').append(phone).append("\r\n");
        }
        return csv.toString();
    }

    private UUID owner() {
        UUID owner = UUID.randomUUID();
        owners.add(owner);
        return owner;
    }

    private int count(String table, UUID id) {
        String column = table.equals("import_upload") ? "id" : "upload_id";
        return jdbc.sql("select count(*) from " + table + " where " + column + " = ?").param(id).query(Integer.class)
                .single();
    }
}
