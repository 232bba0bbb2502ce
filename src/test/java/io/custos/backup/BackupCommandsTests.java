package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line side of issue 17.7: wrong arguments, a folder that is not a backup and a database
 * without Custos in it each get a sentence and exit status 2, never a stack trace or a backup that
 * looks complete.
 */
class BackupCommandsTests {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void unknownOptionsAndMissingValuesPrintTheUsage() {
        assertThat(BackupCommands.backup(new String[] {"backup", "--too", "x"}, stdout(), stderr())).isEqualTo(2);
        assertThat(text(err)).contains("Unknown option: --too").contains("Usage: java -jar custos.jar backup --to DIR");
        assertThat(BackupCommands.backup(new String[] {"backup", "--to"}, stdout(), stderr())).isEqualTo(2);
        assertThat(text(err)).contains("--to needs a value");
        assertThat(RestoreCommand.run(new String[] {"restore"}, Object.class, stdout(), stderr())).isEqualTo(2);
        assertThat(text(err)).contains("Usage: java -jar custos.jar restore --from DIR");
        assertThat(RestoreCommand.run(new String[] {"restore", "--from", dir.resolve("nothing").toString()},
                Object.class, stdout(), stderr())).isEqualTo(2);
        assertThat(text(err)).contains("Not a folder");
    }

    @Test
    void aFolderThatIsNotABackupCannotBeVerified() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a backup");
        int status = BackupCommands.verify(new String[] {"backup-verify", dir.toString(),
                "--custos.keys.directory=" + dir.resolve("keys"),
                "--" + io.custos.support.TestDatabaseInitializer.AS_GIVEN + "=true"}, stdout(), stderr());
        assertThat(status).isEqualTo(2);
        assertThat(text(err)).startsWith("Cannot verify:");
        assertThat(text(out)).doesNotContain("VALID");
    }

    @Test
    void aDatabaseWithoutCustosIsNotBackedUpAndNothingIsLeft() throws Exception {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("master.json"), com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                com.google.crypto.tink.KeysetHandle.generateNew(
                        com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM),
                com.google.crypto.tink.InsecureSecretKeyAccess.get()));
        Path to = dir.resolve("backups");
        int status = BackupCommands.backup(new String[] {"backup", "--to", to.toString(),
                "--spring.datasource.url=jdbc:h2:mem:no_custos_here", "--custos.keys.directory=" + keys,
                "--" + io.custos.support.TestDatabaseInitializer.AS_GIVEN + "=true"},
                stdout(), stderr());
        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("Backup failed").contains("no Custos schema");
        try (var left = Files.list(to)) {
            assertThat(left).isEmpty();
        }
    }

    private PrintStream stdout() {
        out.reset();
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream stderr() {
        err.reset();
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
