package io.custos.backup;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The backup format, version 1. A backup is a folder named {@code custos-backup-<UTC time>-<id>}:
 * <pre>
 * backup.json                 clear: format, id, time, and the backup's own key wrapped by the master key
 * manifest.json               clear, for people: schema version, tables with row counts and checksums,
 *                             the audit chains' heads
 * manifest.json.sealed        the same bytes, encrypted: what verification trusts
 * tables/&lt;table&gt;.jsonl.gz.sealed  one per table: gzip'd JSON lines, encrypted
 * </pre>
 * Every {@code .sealed} file is Tink streaming AEAD (AES256-GCM-HKDF, 1 MB segments) under the
 * backup's key, with associated data {@code custos-backup/1:<id>:<file>}: a file cannot be swapped
 * for another file or another backup's file without the decryption failing. A table file holds a
 * header line {@code {"table":…,"columns":[{"name":…,"type":…}]}}, one JSON array per row in column
 * order, and a trailer {@code {"end":true,"rows":N}}. Column types are portable words ({@link #tag}),
 * so a backup of H2 restores into PostgreSQL and back. The manifest lists each file's SHA-256 over
 * its encrypted bytes, so a changed byte is found even without the key.
 */
final class BackupFormat {

    static final String FORMAT = "custos-backup/1";
    static final String HEADER = "backup.json";
    static final String MANIFEST = "manifest.json";
    static final String SEALED_MANIFEST = "manifest.json.sealed";
    static final String TABLES = "tables";
    static final String TABLE_SUFFIX = ".jsonl.gz.sealed";
    static final String FOLDER_PREFIX = "custos-backup-";
    /** A backup being written; renamed to its final name only once complete. */
    static final String PARTIAL_PREFIX = ".partial-";
    /** Flyway's own table: a restore recreates the schema with Flyway, so it is not copied. */
    static final String FLYWAY_TABLE = "flyway_schema_history";
    /**
     * ShedLock's lock rows: who runs a job now, on this database. Not copied: a backup is taken while
     * its own job holds a lock, and a restored copy of that row would keep backups from starting.
     */
    static final String LOCK_TABLE = "shedlock";
    /**
     * What waits between two requests of a person (issue 23): import uploads waiting for their
     * mapping and package passwords waiting for their step, for 30 minutes at most, and the page
     * sessions. Not copied: they hold personal data that is no record of the company's, would be
     * expired long before any restore, and a restore is no way to bring an upload back; a restored
     * session would sign someone in again. A restore leaves them empty.
     */
    static final Set<String> TRANSIENT_TABLES = Set.of("import_upload", "import_upload_part",
            "export_password_pending", "spring_session", "spring_session_attributes",
            // A link to a one-time password dies within a day; a restored one would only confuse (issue 24.4).
            "credential_link", "throttle_bucket");

    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private BackupFormat() {
    }

    static byte[] keyAssociatedData(String id) {
        return (FORMAT + ":" + id).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fileAssociatedData(String id, String file) {
        return (FORMAT + ":" + id + ":" + file).getBytes(StandardCharsets.UTF_8);
    }

    static String tableFile(String table) {
        return TABLES + "/" + table + TABLE_SUFFIX;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The portable word for a column's type, from what the JDBC driver says about it. */
    static String tag(int jdbcType, String typeName) {
        String name = typeName.toLowerCase(Locale.ROOT);
        if (name.equals("uuid")) {
            return "uuid";
        }
        if (name.equals("timestamptz") || name.contains("with time zone")) {
            return name.startsWith("time with") || name.equals("timetz") ? "text" : "timestamptz";
        }
        return switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT -> "boolean";
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> "integer";
            case Types.NUMERIC, Types.DECIMAL -> "decimal";
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> "double";
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> "text";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "binary";
            case Types.DATE -> "date";
            case Types.TIME -> "time";
            case Types.TIMESTAMP -> "timestamp";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
            default -> throw new BackupException(BackupException.Problem.DATABASE,
                    "A column of type " + typeName + " cannot be backed up portably");
        };
    }
}
