package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.custos.CustosApplication;

/** With the operator's master key misconfigured the application does not start, and says why (R-STO-2). */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyStartupTests {

    @TempDir Path directory;

    @Test
    void refusesToStartWithoutTheOperatorKeysetFileNamingThePropertyButNeverTheKey(CapturedOutput output) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String kek = Base64.getEncoder().encodeToString(bytes);
        Path missing = directory.resolve("master.keyset.json");

        // Command-line arguments, as an operator would pass them: they override application.yml.
        assertThatThrownBy(() -> new SpringApplicationBuilder(CustosApplication.class)
                .run("--server.port=0", "--custos.keys.master.provider=operator",
                        "--custos.keys.master.keyset-file=" + missing, "--custos.keys.master.kek-base64=" + kek)
                .close())
                .hasRootCauseInstanceOf(MasterKeyUnavailableException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "custos.keys.master.keyset-file",
                "keys-init").doesNotContain(kek);
    }
}
