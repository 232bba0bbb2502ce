package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload waiting on disk is readable only through the key in memory, and gone once closed (issue 13.11). */
class SealedScratchFileTest {

    @TempDir Path directory;

    @Test
    void holdsOnlyCiphertextOnDiskReadsBackAndIsDeletedWhenClosed() throws IOException {
        String content = "companyName,phone\r\n青岛远航,13912345678\r\n";
        SealedScratchFile file = SealedScratchFile.create(directory, "t-");
        try (OutputStream out = file.write()) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }

        byte[] raw = Files.readAllBytes(file.path());
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("13912345678", "companyName");
        assertThat(new String(file.read().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(new String(file.read().readAllBytes(), StandardCharsets.UTF_8)).as("read again").isEqualTo(content);

        raw[raw.length - 5] ^= 1;
        Files.write(file.path(), raw);
        assertThatThrownBy(() -> file.read().readAllBytes()).isInstanceOf(IOException.class);

        file.close();
        assertThat(file.path()).doesNotExist();
        assertThatThrownBy(file::read).isInstanceOf(IOException.class);
    }
}
