package io.custos.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;

import com.google.crypto.tink.StreamingAead;

import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens a backup: the header, the backup's key (only this installation's master key opens it), and
 * the sealed manifest, which must match the clear one byte for byte. Table files are read as
 * streams of rows, checked against the manifest's checksum and row count as they are read.
 */
final class BackupReader {

    /** The parser must not close the stream at its end: what follows the JSON is still to be authenticated. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private static final long MAX_CLEAR_FILE = 16L * 1024 * 1024;

    /** A table file's columns, from its header line. */
    record Column(String name, String type) {
    }

    interface RowHandler {
        void columns(List<Column> columns) throws Exception;

        /** @param values JSON scalars in column order: String, Long, Double, Boolean or null */
        void row(Object[] values) throws Exception;
    }

    private final Path folder;
    private final String id;
    private final StreamingAead aead;
    private final Manifest manifest;

    private BackupReader(Path folder, String id, StreamingAead aead, Manifest manifest) {
        this.folder = folder;
        this.id = id;
        this.aead = aead;
        this.manifest = manifest;
    }

    /**
     * @throws BackupException NOT_A_BACKUP, WRONG_KEY, or DAMAGED (naming the file) when the backup
     *         cannot be opened
     */
    static BackupReader open(Path folder, MasterKeyProvider master) {
        if (!Files.isDirectory(folder)) {
            throw new BackupException(BackupException.Problem.NOT_A_BACKUP, folder + " is not a folder");
        }
        JsonNode header = readClearJson(folder, BackupFormat.HEADER, BackupException.Problem.NOT_A_BACKUP);
        String format = header.path("format").asString("");
        String id = header.path("id").asString("");
        String key = header.path("key").asString("");
        if (!format.equals(BackupFormat.FORMAT)) {
            throw new BackupException(BackupException.Problem.NOT_A_BACKUP, folder + " holds a backup in format '"
                    + format + "', which this version of Custos does not read (it reads " + BackupFormat.FORMAT + ")");
        }
        if (!BackupFormat.ID.matcher(id).matches() || key.isEmpty()) {
            throw BackupException.damaged(BackupFormat.HEADER, "is damaged");
        }
        StreamingAead aead;
        try {
            aead = BackupKeys.open(master, key, BackupFormat.keyAssociatedData(id));
        } catch (BackupKeys.WrongKeyException e) {
            throw new BackupException(BackupException.Problem.WRONG_KEY, "The backup's key cannot be opened with this "
                    + "installation's master key: the backup was made by another installation, under a master key "
                    + "this one does not have, or " + BackupFormat.HEADER + " was changed", e);
        }
        byte[] sealed;
        try (InputStream in = decrypting(aead, Files.newInputStream(folder.resolve(BackupFormat.SEALED_MANIFEST)),
                BackupFormat.fileAssociatedData(id, BackupFormat.SEALED_MANIFEST))) {
            sealed = in.readNBytes((int) MAX_CLEAR_FILE);
        } catch (NoSuchFileException e) {
            throw BackupException.damaged(BackupFormat.SEALED_MANIFEST, "is missing");
        } catch (IOException e) {
            throw BackupException.damaged(BackupFormat.SEALED_MANIFEST, "cannot be decrypted: it was changed or cut short");
        }
        byte[] clear;
        try {
            clear = Files.readAllBytes(folder.resolve(BackupFormat.MANIFEST));
        } catch (IOException e) {
            throw BackupException.damaged(BackupFormat.MANIFEST, "is missing");
        }
        if (!Arrays.equals(sealed, clear)) {
            throw BackupException.damaged(BackupFormat.MANIFEST, "differs from its sealed copy: it was changed");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(sealed, Manifest.class);
        } catch (JacksonException e) {
            throw BackupException.damaged(BackupFormat.MANIFEST, "is not a manifest");
        }
        if (!manifest.id().equals(id) || !manifest.format().equals(format)
                || !manifest.takenAt().equals(header.path("takenAt").asString(""))) {
            throw BackupException.damaged(BackupFormat.HEADER, "does not match the manifest: it was changed");
        }
        for (Manifest.Table table : manifest.tables()) {
            if (!BackupFormat.TABLE_NAME.matcher(table.name()).matches()
                    || !table.file().equals(BackupFormat.tableFile(table.name()))) {
                throw BackupException.damaged(BackupFormat.MANIFEST, "names a table file it must not: " + table.file());
            }
        }
        return new BackupReader(folder, id, aead, manifest);
    }

    /** The header alone, without the key: for listing backups on a page. */
    static @Nullable Manifest peekManifest(Path folder) {
        try {
            return JSON.readValue(readClear(folder, BackupFormat.MANIFEST), Manifest.class);
        } catch (IOException | JacksonException | BackupException e) {
            return null;
        }
    }

    Manifest manifest() {
        return manifest;
    }

    Path folder() {
        return folder;
    }

    /**
     * Reads a table file row by row. Its checksum, trailer and row count are checked at the end:
     * rows handed out before a damage shows are not to be trusted, so callers load into a database
     * they throw away when this fails.
     *
     * @throws BackupException DAMAGED naming the file
     */
    void read(Manifest.Table table, RowHandler handler) throws Exception {
        long rows = 0;
        Path path = folder.resolve(table.file());
        // The checksum first, over the encrypted bytes: a changed byte is named as such, not as a decryption error.
        MessageDigest sha = BackupWriter.sha256();
        try (InputStream raw = new DigestInputStream(Files.newInputStream(path), sha)) {
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw damaged(table, "is missing");
        }
        if (!BackupFormat.hex(sha.digest()).equals(table.sha256())) {
            throw damaged(table, "was changed: its checksum differs from the manifest's");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
                InputStream decrypted = decrypting(aead, raw, BackupFormat.fileAssociatedData(id, table.file()));
                InputStream plain = new GZIPInputStream(decrypted, 64 * 1024);
                JsonParser json = JSON.createParser(plain)) {
            JsonNode head = json.nextToken() == JsonToken.START_OBJECT ? json.readValueAsTree() : null;
            if (head == null || !table.name().equals(head.path("table").asString(""))
                    || !head.path("columns").isArray()) {
                throw damaged(table, "has no header for its table");
            }
            List<Column> columns = new ArrayList<>();
            for (JsonNode column : head.path("columns")) {
                columns.add(new Column(column.path("name").asString(""), column.path("type").asString("")));
            }
            handler.columns(columns);
            Object[] values = new Object[columns.size()];
            while (true) {
                JsonToken token = json.nextToken();
                if (token == JsonToken.START_OBJECT) {
                    JsonNode trailer = json.readValueAsTree();
                    if (!trailer.path("end").asBoolean(false) || trailer.path("rows").asLong(-1) != rows) {
                        throw damaged(table, "ends with a wrong row count");
                    }
                    break;
                }
                if (token != JsonToken.START_ARRAY) {
                    throw damaged(table, "is cut short or not rows");
                }
                int i = 0;
                for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
                    if (i >= values.length) {
                        throw damaged(table, "has a row with too many values");
                    }
                    values[i++] = switch (t) {
                        case VALUE_NULL -> null;
                        case VALUE_STRING -> json.getString();
                        case VALUE_NUMBER_INT -> json.getLongValue();
                        case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        default -> throw damaged(table, "has a value that is not a scalar");
                    };
                }
                if (i != values.length) {
                    throw damaged(table, "has a row with too few values");
                }
                handler.row(values);
                rows++;
            }
            if (json.nextToken() != null) {
                throw damaged(table, "goes on after its end");
            }
            // Read to the very end: the last segment is authenticated only when it is reached.
            plain.transferTo(java.io.OutputStream.nullOutputStream());
            decrypted.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw damaged(table, "is missing");
        } catch (IOException | JacksonException e) {
            throw damaged(table, "cannot be decrypted or read: it was cut short or changed");
        }
        if (rows != table.rows()) {
            throw damaged(table, "holds " + rows + " rows, the manifest says " + table.rows());
        }
    }

    private static BackupException damaged(Manifest.Table table, String what) {
        return BackupException.damaged(table.file(), what);
    }

    private static InputStream decrypting(StreamingAead aead, InputStream in, byte[] associatedData) throws IOException {
        try {
            return aead.newDecryptingStream(in, associatedData);
        } catch (GeneralSecurityException e) {
            in.close();
            throw new IOException("cannot decrypt", e);
        }
    }

    private static JsonNode readClearJson(Path folder, String file, BackupException.Problem missing) {
        try {
            return JSON.readTree(readClear(folder, file));
        } catch (JacksonException e) {
            throw BackupException.damaged(file, "is not JSON");
        } catch (IOException e) {
            throw new BackupException(missing, folder + " is not a Custos backup: it has no " + file, e);
        }
    }

    private static byte[] readClear(Path folder, String file) throws IOException {
        Path path = folder.resolve(file);
        if (Files.size(path) > MAX_CLEAR_FILE) {
            throw new IOException(file + " is too large");
        }
        return Files.readAllBytes(path);
    }
}
