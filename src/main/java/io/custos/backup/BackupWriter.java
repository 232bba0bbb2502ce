package io.custos.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import com.google.crypto.tink.StreamingAead;

import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a backup (see {@link BackupFormat}) of every table in one read-only transaction at
 * snapshot isolation: one consistent moment of the whole database, taken while people keep working
 * (PostgreSQL's REPEATABLE READ and H2's SNAPSHOT read without blocking writers). The folder is
 * written under a hidden name and given its real one only when everything in it is on disk; any
 * failure on the way (a full disk included) removes it, so a half-written backup never looks like a
 * backup.
 */
public final class BackupWriter {

    static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FETCH_SIZE = 1000;

    /** Opens the files a backup writes; a test puts a disk that fills up here. */
    interface Sink {
        OutputStream open(Path file) throws IOException;
    }

    /** @param folder the finished backup's folder */
    public record Written(Path folder, Manifest manifest) {
    }

    private final DataSource dataSource;
    private final MasterKeyProvider master;
    private final Clock clock;
    private final Sink sink;

    public BackupWriter(DataSource dataSource, MasterKeyProvider master, Clock clock) {
        this(dataSource, master, clock, Files::newOutputStream);
    }

    BackupWriter(DataSource dataSource, MasterKeyProvider master, Clock clock, Sink sink) {
        this.dataSource = dataSource;
        this.master = master;
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * Writes a new backup into a folder of its own under {@code parent}.
     *
     * @throws BackupException STORAGE when the folder cannot be written (nothing is left behind),
     *         DATABASE when the database cannot be read
     */
    public Written write(Path parent) {
        Instant takenAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        String name = BackupFormat.FOLDER_PREFIX + FOLDER_TIME.format(takenAt) + "-" + id;
        Path partial;
        try {
            Files.createDirectories(parent);
            Path folder = parent.resolve(BackupFormat.PARTIAL_PREFIX + name);
            // Owner only, where the file system knows owners: the files are encrypted, the names and counts are not.
            partial = Files.getFileStore(parent).supportsFileAttributeView("posix")
                    ? Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                    : Files.createDirectory(folder);
        } catch (IOException e) {
            throw new BackupException(BackupException.Problem.STORAGE, "Cannot create the backup folder in " + parent
                    + ": " + e.getMessage(), e);
        }
        try {
            Manifest manifest = writeInto(partial, id, takenAt);
            // On disk before it gets its name: a power cut must not leave a named backup with missing bytes.
            forceToDisk(partial);
            Path folder = parent.resolve(name);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(parent);
            return new Written(folder, manifest);
        } catch (IOException | tools.jackson.core.exc.JacksonIOException e) {
            removeQuietly(partial);
            throw new BackupException(BackupException.Problem.STORAGE, "The backup could not be written to " + parent
                    + " (" + e.getMessage() + "); the partial backup was removed", e);
        } catch (SQLException e) {
            removeQuietly(partial);
            throw new BackupException(BackupException.Problem.DATABASE, "The database could not be read for the backup ("
                    + e.getMessage() + "); the partial backup was removed", e);
        } catch (RuntimeException e) {
            removeQuietly(partial);
            throw e;
        }
    }

    private Manifest writeInto(Path folder, String id, Instant takenAt) throws IOException, SQLException {
        BackupKeys.Sealing key = BackupKeys.newKey(master, BackupFormat.keyAssociatedData(id));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", BackupFormat.FORMAT);
        header.put("id", id);
        header.put("takenAt", takenAt.toString());
        header.put("masterKeyId", key.masterKeyId());
        header.put("key", key.wrappedKeyset());
        writeClear(folder.resolve(BackupFormat.HEADER), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
        Files.createDirectory(folder.resolve(BackupFormat.TABLES));

        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            String vendor = DatabaseSchema.vendor(connection);
            try {
                connection.setAutoCommit(false);
                snapshot(connection, vendor);
                connection.setReadOnly(true);
                String schemaVersion = DatabaseSchema.schemaVersion(connection);
                if (schemaVersion == null) {
                    throw new BackupException(BackupException.Problem.DATABASE,
                            "The database has no Custos schema to back up");
                }
                Map<String, String> tables = DatabaseSchema.tables(connection);
                tables.remove(BackupFormat.FLYWAY_TABLE);
                tables.remove(BackupFormat.LOCK_TABLE);
                tables.keySet().removeAll(BackupFormat.TRANSIENT_TABLES);
                List<Manifest.Table> written = new ArrayList<>();
                for (String table : DatabaseSchema.loadPlan(connection, tables).order()) {
                    written.add(writeTable(connection, folder, id, key.aead(), table, tables.get(table)));
                }
                List<Manifest.ChainHead> chains = chainHeads(connection, tables.get("audit_chain"));
                Manifest manifest = new Manifest(BackupFormat.FORMAT, id, takenAt.toString(), schemaVersion,
                        DatabaseSchema.productName(connection), written, chains);
                byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
                writeClear(folder.resolve(BackupFormat.MANIFEST), bytes);
                try (OutputStream out = sealed(folder.resolve(BackupFormat.SEALED_MANIFEST), key.aead(),
                        BackupFormat.fileAssociatedData(id, BackupFormat.SEALED_MANIFEST))) {
                    out.write(bytes);
                }
                connection.rollback();
                return manifest;
            } finally {
                try {
                    connection.rollback();
                    connection.setReadOnly(false);
                    if (vendor.equals("h2")) {
                        try (Statement s = connection.createStatement()) {
                            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
                            s.execute("SET LAZY_QUERY_EXECUTION FALSE");
                        }
                    }
                    connection.setTransactionIsolation(isolation);
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException e) {
                    // The pool replaces a connection it cannot reset; the backup's outcome stands.
                }
            }
        }
    }

    /** One moment for every table, without blocking anyone who writes meanwhile. */
    private static void snapshot(Connection connection, String vendor) throws SQLException {
        if (vendor.equals("h2")) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
                // Rows as they are read: otherwise H2 builds the whole result of the audit log's table
                // (a million rows) before the first one arrives, in the heap the users share (bench/).
                s.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
        } else {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    private Manifest.Table writeTable(Connection connection, Path folder, String id, StreamingAead aead, String table,
            String spelled) throws IOException, SQLException {
        String file = BackupFormat.tableFile(table);
        MessageDigest sha = sha256();
        long rows = 0;
        Path path = folder.resolve(file);
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery("select * from " + DatabaseSchema.quote(spelled));
                    DigestOutputStream digest = new DigestOutputStream(sink.open(path), sha);
                    OutputStream plain = new GZIPOutputStream(encrypting(aead, digest,
                            BackupFormat.fileAssociatedData(id, file)), 64 * 1024);
                    JsonGenerator json = JSON.createGenerator(plain)) {
                ResultSetMetaData meta = rs.getMetaData();
                int count = meta.getColumnCount();
                String[] tags = new String[count];
                json.writeStartObject();
                json.writeStringProperty("table", table);
                json.writeName("columns");
                json.writeStartArray();
                for (int i = 1; i <= count; i++) {
                    tags[i - 1] = BackupFormat.tag(meta.getColumnType(i), meta.getColumnTypeName(i));
                    json.writeStartObject();
                    json.writeStringProperty("name", meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                    json.writeStringProperty("type", tags[i - 1]);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
                while (rs.next()) {
                    json.writeStartArray();
                    for (int i = 1; i <= count; i++) {
                        writeValue(json, rs, i, tags[i - 1]);
                    }
                    json.writeEndArray();
                    json.writeRaw('\n');
                    rows++;
                }
                json.writeStartObject();
                json.writeBooleanProperty("end", true);
                json.writeNumberProperty("rows", rows);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
        return new Manifest.Table(table, rows, file, Files.size(path), BackupFormat.hex(sha.digest()));
    }

    private static void writeValue(JsonGenerator json, ResultSet rs, int i, String tag) throws SQLException {
        switch (tag) {
            case "boolean" -> {
                boolean value = rs.getBoolean(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeBoolean(value);
                }
            }
            case "integer" -> {
                long value = rs.getLong(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case "double" -> {
                double value = rs.getDouble(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case "decimal" -> {
                java.math.BigDecimal value = rs.getBigDecimal(i);
                writeString(json, value == null ? null : value.toPlainString());
            }
            case "binary" -> {
                byte[] value = rs.getBytes(i);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeBinary(value);
                }
            }
            case "uuid" -> {
                Object value = rs.getObject(i);
                writeString(json, value == null ? null : value.toString());
            }
            case "date" -> {
                LocalDate value = rs.getObject(i, LocalDate.class);
                writeString(json, value == null ? null : value.toString());
            }
            case "time" -> {
                LocalTime value = rs.getObject(i, LocalTime.class);
                writeString(json, value == null ? null : value.toString());
            }
            case "timestamp" -> {
                LocalDateTime value = rs.getObject(i, LocalDateTime.class);
                writeString(json, value == null ? null : value.toString());
            }
            case "timestamptz" -> {
                OffsetDateTime value = rs.getObject(i, OffsetDateTime.class);
                writeString(json, value == null ? null : value.toString());
            }
            default -> writeString(json, rs.getString(i));
        }
    }

    private static void writeString(JsonGenerator json, @org.jspecify.annotations.Nullable String value) {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static List<Manifest.ChainHead> chainHeads(Connection connection,
            @org.jspecify.annotations.Nullable String auditChain) throws SQLException {
        List<Manifest.ChainHead> heads = new ArrayList<>();
        if (auditChain == null) {
            return heads;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select chain, last_seq, last_hash, checkpoints from "
                        + DatabaseSchema.quote(auditChain) + " order by chain")) {
            while (rs.next()) {
                heads.add(new Manifest.ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return heads;
    }

    private void writeClear(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = sink.open(file)) {
            out.write(bytes);
        }
    }

    private OutputStream sealed(Path file, StreamingAead aead, byte[] associatedData) throws IOException {
        return encrypting(aead, sink.open(file), associatedData);
    }

    private static OutputStream encrypting(StreamingAead aead, OutputStream out, byte[] associatedData)
            throws IOException {
        try {
            return aead.newEncryptingStream(out, associatedData);
        } catch (GeneralSecurityException e) {
            out.close();
            throw new IOException("The backup key cannot encrypt", e);
        }
    }

    private static void forceToDisk(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                            java.nio.file.StandardOpenOption.READ)) {
                        channel.force(true);
                    }
                } else {
                    forceDirectory(file);
                }
            }
        }
    }

    /** A folder's entries on disk; where the platform cannot open a folder (Windows), the move is left to it. */
    private static void forceDirectory(Path directory) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(directory,
                java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here.
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    static void removeQuietly(Path folder) {
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: what stays has a hidden name and no manifest, so nothing takes it for a backup.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
