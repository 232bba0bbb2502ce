package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.custos.CustosApplication;

/**
 * With the operator's master key misconfigured the application does not start, and says why
 * (R-STO-2). It starts in a JVM of its own, as an operator would start it: a fresh process, with the
 * key in the environment, and no test that ran before (the fuzz tests instrument classes) around it.
 */
class MasterKeyStartupTests {

    @TempDir Path directory;

    @Test
    void refusesToStartWithoutTheOperatorKeysetFileNamingThePropertyButNeverTheKey() throws Exception {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String kek = Base64.getEncoder().encodeToString(bytes);
        Path missing = directory.resolve("master.keyset.json");

        Started started = start(kek, "--custos.keys.master.provider=operator",
                "--custos.keys.master.keyset-file=" + missing);

        assertThat(started.status()).isNotZero();
        assertThat(started.output()).contains("APPLICATION FAILED TO START", "custos.keys.master.keyset-file",
                "does not exist", "keys-init").doesNotContain(kek);
    }

    record Started(int status, String output) {
    }

    private Started start(String kek, String... args) throws IOException, InterruptedException {
        Path output = directory.resolve("output.txt");
        String[] command = new String[args.length + 7];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = CustosApplication.class.getName();
        command[4] = "--server.port=0";
        command[5] = "--logging.file.name=" + directory.resolve("custos.log");
        // The test resources' initializer gives the process an in-memory database and its own folders.
        command[6] = "--spring.main.banner-mode=off";
        System.arraycopy(args, 0, command, 7, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CUSTOS_MASTER_KEK", kek);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Custos neither started nor stopped: " + Files.readString(output));
        }
        return new Started(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
