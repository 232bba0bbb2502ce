package io.custos.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.keys.SignatureVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custos.jar audit-verify [options]}: verifies the audit log straight from the
 * database and the checkpoint file, with no Custos server running and no key but the public one.
 * Exit status 0 = valid, 1 = broken (the first broken place of each chain is printed), 2 = could
 * not verify (bad arguments, database unreachable).
 */
public final class AuditVerifyCommand {

    public static final String NAME = "audit-verify";

    private static final String USAGE = """
            Usage: java -jar custos.jar audit-verify [options]
              --db-url=URL           JDBC URL (default: $CUSTOS_DB_URL, else the embedded ./data/custos database)
              --db-user=NAME         database user (default: $CUSTOS_DB_USER, else custos)
              --db-password=SECRET   database password (default: $CUSTOS_DB_PASSWORD, else empty)
              --checkpoints=CHAIN=FILE  a node's checkpoint file; repeat for each node
                                     (default: node-1=./data/audit/checkpoints.log)
              --public-key=FILE      the public key exported from /api/v1/audit/public-key; without it the
                                     copy in the database is used, which whoever controls the database controls
              --archive-dir=DIR      where archives of events past their retention are
                                     (default: ./data/audit/archive)
              --json                 print the result as JSON
            Exit status: 0 valid, 1 broken, 2 could not verify.
            The embedded H2 database can only be opened while Custos is stopped; PostgreSQL any time.""";

    private AuditVerifyCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault("CUSTOS_DB_URL", "jdbc:h2:file:./data/custos;IFEXISTS=TRUE;ACCESS_MODE_DATA=r");
        String user = env.getOrDefault("CUSTOS_DB_USER", "custos");
        String password = env.getOrDefault("CUSTOS_DB_PASSWORD", "");
        Map<String, Path> files = new LinkedHashMap<>();
        Path publicKey = null;
        Path archives = Path.of("./data/audit/archive");
        boolean json = false;
        for (String arg : args) {
            if (arg.equals(NAME)) {
                continue;
            } else if (arg.startsWith("--db-url=")) {
                url = value(arg);
            } else if (arg.startsWith("--db-user=")) {
                user = value(arg);
            } else if (arg.startsWith("--db-password=")) {
                password = value(arg);
            } else if (arg.startsWith("--checkpoints=") && value(arg).contains("=")) {
                String pair = value(arg);
                files.put(pair.substring(0, pair.indexOf('=')), Path.of(pair.substring(pair.indexOf('=') + 1)));
            } else if (arg.startsWith("--public-key=")) {
                publicKey = Path.of(value(arg));
            } else if (arg.startsWith("--archive-dir=")) {
                archives = Path.of(value(arg));
            } else if (arg.equals("--json")) {
                json = true;
            } else {
                err.println(arg.equals("--help") ? "" : "Unknown option: " + arg.split("=", 2)[0]);
                err.println(USAGE);
                return 2;
            }
        }
        if (files.isEmpty()) {
            files.put("node-1", Path.of("./data/audit/checkpoints.log"));
        }
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            String keyset = publicKey != null ? Files.readString(publicKey, StandardCharsets.UTF_8)
                    : storedPublicKey(connection);
            if (keyset == null) {
                err.println("No public key: the database holds no audit signing key and --public-key was not given.");
                return 2;
            }
            AuditVerification result = new ChainVerifier(connection, SignatureVerifier.of(keyset), files, Map.of(), archives)
                    .verify(Instant.now(), publicKey == null);
            connection.rollback();
            if (json) {
                out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } else {
                print(result, files, out);
            }
            return result.valid() ? 0 : 1;
        } catch (SQLException e) {
            err.println("Cannot read the audit log from " + url.split("[;?]", 2)[0] + ": " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static @Nullable String storedPublicKey(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select public_keyset from managed_keyset where name = ?")) {
            statement.setString(1, AuditProperties.SIGNING_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void print(AuditVerification result, Map<String, Path> files, PrintStream out) {
        out.println("Custos audit log verification at " + result.checkedAt());
        if (result.publicKeyFromDatabase()) {
            out.println("Note: checkpoints checked with the public key stored in the database; pin an exported copy "
                    + "with --public-key for a check that does not trust the database.");
        }
        for (AuditVerification.Chain chain : result.chains()) {
            out.printf("chain %s: %d events checked (last seq %d), %d checkpoints, %s, %d not yet sealed%s%n",
                    chain.chain(), chain.events(), chain.lastSeq(), chain.checkpoints(),
                    chain.fileCheckpoints() == null ? "no checkpoint file given"
                            : chain.fileCheckpoints() + " matched in " + files.get(chain.chain()),
                    chain.unsealed(),
                    chain.archivedThrough() == null ? "" : ", archived through seq " + chain.archivedThrough());
        }
        for (AuditVerification.Problem problem : result.problems()) {
            out.printf("BROKEN chain %s%s: %s: %s%n", problem.chain(),
                    problem.seq() == null ? "" : " at seq " + problem.seq(), problem.kind(), problem.detail());
        }
        out.println(result.valid() ? "VALID" : "INVALID");
    }
}
