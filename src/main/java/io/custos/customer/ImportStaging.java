package io.custos.customer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.google.crypto.tink.StreamingAead;

import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;
import io.custos.keys.SealedScratchFile;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded files waiting for their column mapping, in the database, so that the mapping request may
 * reach another node than the upload (issue 23, R-X-3). They hold personal data, L3-L4 in clear, so
 * each upload is sealed with Tink's streaming AEAD under a key of its own, stored wrapped by the
 * master key and bound to the upload's id and owner: the file in parts of {@link #PART_BYTES} (table
 * {@code import_upload_part}, so neither writing nor reading it holds the file in memory), its name,
 * headings and sample rows beside it. A row copied onto another id or owner cannot be opened.
 * <p>
 * An upload is visible to the person who uploaded it alone (anyone else's id looks like none), for
 * {@code custos.customer.import.staging-ttl} (30 minutes) at the most, at most
 * {@code max-staged-per-person} per person (a further upload replaces the oldest). Taking it for its
 * import copies the file to a {@link SealedScratchFile} of the node that runs the import and deletes
 * the row; of two nodes taking it at once, only the one whose delete removed the row gets it. Expired
 * uploads are deleted by a sweep that runs on one node at a time. Uploads are not copied by backups.
 */
@Component
class ImportStaging {

    /** The most ciphertext one row of {@code import_upload_part} holds. */
    static final int PART_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ImportStaging.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, owner_id, staged_at, format, charset, import_mode, total_rows, "
            + "wrapped_key, preview";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MasterKeyProvider master;
    private final ImportProperties properties;
    private final Clock clock;

    ImportStaging(JdbcTemplate jdbc, TransactionTemplate transactions, MasterKeyProvider master,
            ImportProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.master = master;
        this.properties = properties;
        this.clock = clock;
    }

    /** An upload, parsed for its headings, a few sample rows and its row count. */
    record Staged(UUID id, UUID ownerId, Instant stagedAt, String fileName, ImportFormat format, Charset charset,
            ImportMode mode, List<String> headers, List<ImportFile.Row> samples, int totalRows) {
        @Override
        public String toString() {
            return "Staged[" + id + ", " + format + ", " + totalRows + " rows]";
        }
    }

    /**
     * An upload taken out for its import, its file copied to this node's sealed scratch file, which
     * the import deletes when it ends.
     */
    record Taken(Staged staged, SealedScratchFile file) {
        ImportFormat format() {
            return staged.format();
        }

        ImportMode mode() {
            return staged.mode();
        }

        Charset charset() {
            return staged.charset();
        }

        @Override
        public String toString() {
            return "Taken[" + staged + "]";
        }
    }

    /** What is sealed beside the file: its name is as personal as its headings and samples can be. */
    record Preview(String fileName, List<String> headers, List<Sample> samples) {
    }

    record Sample(int number, List<String> cells) {
    }

    /**
     * Stores the upload with the content of {@code file}, replacing the person's oldest beyond
     * {@code max-staged-per-person}; all of it or nothing. The caller still deletes {@code file}.
     */
    Staged put(Staged given, SealedScratchFile file) {
        // The database keeps microseconds: the expiry compares with the clock as stored, not as given.
        Staged upload = new Staged(given.id(), given.ownerId(), given.stagedAt().truncatedTo(ChronoUnit.MICROS),
                given.fileName(), given.format(), given.charset(), given.mode(), given.headers(), given.samples(),
                given.totalRows());
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            List<UUID> own = jdbc.queryForList("select id from import_upload where owner_id = ? and expires_at > ? "
                    + "order by staged_at, id", UUID.class, upload.ownerId(), utc(now));
            for (int i = 0; i <= own.size() - properties.maxStagedPerPerson(); i++) {
                jdbc.update("delete from import_upload where id = ?", own.get(i));
            }
            jdbc.update("delete from import_upload where owner_id = ? and expires_at <= ?", upload.ownerId(),
                    utc(now));
            BackupKeys.Sealing key = BackupKeys.newKey(master, associatedData(upload.id(), upload.ownerId(), "key"));
            byte[] preview = seal(key.aead(), associatedData(upload.id(), upload.ownerId(), "preview"),
                    JSON.writeValueAsBytes(new Preview(upload.fileName(), upload.headers(), upload.samples().stream()
                            .map(r -> new Sample(r.number(), r.cells())).toList())));
            jdbc.update("insert into import_upload (" + COLUMNS + ", expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ps -> {
                        ps.setObject(1, upload.id());
                        ps.setObject(2, upload.ownerId());
                        ps.setObject(3, utc(upload.stagedAt()));
                        ps.setString(4, upload.format().name());
                        ps.setString(5, upload.charset().name());
                        ps.setString(6, upload.mode().name());
                        ps.setInt(7, upload.totalRows());
                        ps.setString(8, key.wrappedKeyset());
                        ps.setBinaryStream(9, new ByteArrayInputStream(preview), preview.length);
                        ps.setObject(10, utc(upload.stagedAt().plus(properties.stagingTtl())));
                    });
            try (InputStream in = file.read();
                    OutputStream out = key.aead().newEncryptingStream(new PartWriter(upload.id()),
                            associatedData(upload.id(), upload.ownerId(), "file"))) {
                in.transferTo(out);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("An upload could not be stored", e);
            }
        });
        return upload;
    }

    /** The upload, if it is this person's and has not expired; someone else's looks like none. */
    Optional<Staged> find(UUID id, UUID ownerId) {
        return row(id, ownerId).map(Row::staged);
    }

    /**
     * Takes the upload out, for its import to start: its file is copied to a sealed scratch file of
     * this node's and the row is deleted. Empty when it is not there, or another request took it first.
     */
    Optional<Taken> take(UUID id, UUID ownerId) {
        Optional<Row> found = row(id, ownerId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        SealedScratchFile copy = SealedScratchFile.create(properties.stagingDirectory(), "custos-import-");
        try {
            try (InputStream in = row.aead().newDecryptingStream(new PartReader(id),
                    associatedData(id, ownerId, "file")); OutputStream out = copy.write()) {
                in.transferTo(out);
            } catch (IOException | GeneralSecurityException e) {
                if (jdbc.queryForObject("select count(*) from import_upload where id = ?", Integer.class, id) == 0) {
                    // Taken or dropped while it was being copied: its parts went with it.
                    copy.close();
                    return Optional.empty();
                }
                throw new IllegalStateException("A staged upload could not be read", e);
            }
            // Whoever deletes the row has the upload; a request that took it first leaves nothing to delete.
            if (jdbc.update("delete from import_upload where id = ? and owner_id = ? and expires_at > ?", id, ownerId,
                    utc(clock.instant())) == 0) {
                copy.close();
                return Optional.empty();
            }
            return Optional.of(new Taken(row.staged(), copy));
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** Deletes the upload, if it is this person's. */
    void drop(UUID id, UUID ownerId) {
        jdbc.update("delete from import_upload where id = ? and owner_id = ?", id, ownerId);
    }

    /** Deletes expired uploads, on one node at a time; their parts go with them. */
    @Scheduled(fixedDelay = 60_000)
    @SchedulerLock(name = "custos-import-upload-expiry", lockAtLeastFor = "PT30S", lockAtMostFor = "PT5M")
    void expire() {
        int deleted = jdbc.update("delete from import_upload where expires_at <= ?", utc(clock.instant()));
        if (deleted > 0) {
            LOG.info("Deleted {} expired import uploads", deleted);
        }
    }

    private record Row(Staged staged, StreamingAead aead) {
    }

    private Optional<Row> row(UUID id, UUID ownerId) {
        List<Optional<Row>> rows = jdbc.query("select " + COLUMNS + " from import_upload where id = ? and owner_id = ? "
                + "and expires_at > ?", (rs, n) -> {
                    StreamingAead aead;
                    try {
                        aead = BackupKeys.open(master, rs.getString(8), associatedData(id, ownerId, "key"));
                    } catch (BackupKeys.WrongKeyException e) {
                        // Another master key's, or a row moved onto this id or owner: it cannot be anyone's upload.
                        LOG.warn("Staged upload {} cannot be opened with this master key; it is ignored", id);
                        return Optional.empty();
                    }
                    Preview preview;
                    try (InputStream in = rs.getBinaryStream(9)) {
                        preview = JSON.readValue(open(aead, associatedData(id, ownerId, "preview"), in),
                                Preview.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException("A staged upload's preview could not be read", e);
                    }
                    List<ImportFile.Row> samples = preview.samples().stream()
                            .map(s -> new ImportFile.Row(s.number(), List.copyOf(s.cells()))).toList();
                    Instant stagedAt = rs.getObject(3, OffsetDateTime.class).toInstant();
                    return Optional.of(new Row(new Staged(id, ownerId, stagedAt, preview.fileName(),
                            ImportFormat.valueOf(rs.getString(4)), Charset.forName(rs.getString(5)),
                            ImportMode.valueOf(rs.getString(6)), List.copyOf(preview.headers()), samples,
                            rs.getInt(7)), aead));
                }, id, ownerId, utc(clock.instant()));
        return rows.stream().flatMap(Optional::stream).findFirst();
    }

    private static byte[] seal(StreamingAead aead, byte[] associatedData, byte[] plaintext) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = aead.newEncryptingStream(sealed, associatedData)) {
            out.write(plaintext);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("An upload's preview could not be sealed", e);
        }
        return sealed.toByteArray();
    }

    private static byte[] open(StreamingAead aead, byte[] associatedData, InputStream sealed) throws IOException {
        try (InputStream in = aead.newDecryptingStream(sealed, associatedData)) {
            return in.readAllBytes();
        } catch (GeneralSecurityException e) {
            throw new IOException("An upload's preview could not be opened", e);
        }
    }

    private static byte[] associatedData(UUID id, UUID ownerId, String part) {
        return ("custos:import-upload/1:" + id + ":" + ownerId + ":" + part).getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime utc(Instant at) {
        return CustomerRepository.utc(at);
    }

    /** Writes ciphertext as parts of {@link #PART_BYTES}, each its own row, so at most one part is in memory. */
    private final class PartWriter extends OutputStream {

        private final UUID uploadId;
        private final byte[] buffer = new byte[PART_BYTES];
        private int length;
        private int seq;

        PartWriter(UUID uploadId) {
            this.uploadId = uploadId;
        }

        @Override
        public void write(int b) {
            if (length == buffer.length) {
                flushPart();
            }
            buffer[length++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            while (count > 0) {
                if (length == buffer.length) {
                    flushPart();
                }
                int n = Math.min(count, buffer.length - length);
                System.arraycopy(bytes, offset, buffer, length, n);
                length += n;
                offset += n;
                count -= n;
            }
        }

        @Override
        public void close() {
            if (length > 0 || seq == 0) {
                flushPart();
            }
        }

        private void flushPart() {
            int size = length;
            int number = seq++;
            jdbc.update("insert into import_upload_part (upload_id, seq, content) values (?, ?, ?)", ps -> {
                ps.setObject(1, uploadId);
                ps.setInt(2, number);
                ps.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, size), size);
            });
            length = 0;
        }
    }

    /** Reads the parts back in order, one at a time. */
    private final class PartReader extends InputStream {

        private final UUID uploadId;
        private byte[] part = new byte[0];
        private int position;
        private int seq;
        private boolean ended;

        PartReader(UUID uploadId) {
            this.uploadId = uploadId;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            while (position == part.length) {
                if (ended || !next()) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(count, part.length - position);
            System.arraycopy(part, position, bytes, offset, n);
            position += n;
            return n;
        }

        private boolean next() {
            List<byte[]> found = jdbc.query("select content from import_upload_part where upload_id = ? and seq = ?",
                    (rs, n) -> {
                        try (InputStream in = rs.getBinaryStream(1)) {
                            return in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, uploadId, seq);
            if (found.isEmpty()) {
                return false;
            }
            seq++;
            part = found.get(0);
            position = 0;
            return true;
        }
    }
}
