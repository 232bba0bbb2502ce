package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags that only the holder of a key wrapped by the master key can make (issue 13.7). */
class MessageTagsTest {

    @TempDir Path directory;
    KeysFixture keys;

    @BeforeEach
    void start() {
        keys = new KeysFixture(directory.resolve("node"), 200);
    }

    @AfterEach
    void stop() {
        keys.close();
    }

    @Test
    void aTagVerifiesOnlyForItsOwnBytesAndKeyAcrossRestarts() {
        byte[] event = "event one".getBytes(StandardCharsets.UTF_8);
        byte[] tag = keys.messageTags.tag("audit-events", event);

        assertThat(keys.messageTags.verifies("audit-events", tag, event)).isTrue();
        assertThat(keys.messageTags.verifies("audit-events", tag, "event two".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(keys.messageTags.verifies("other-key", tag, event)).isFalse();
        assertThat(keys.restart().messageTags.verifies("audit-events", tag, event)).isTrue();
    }

    @Test
    void keepsTheKeyOnlyWrappedInTheDatabaseAndAnotherInstallationCannotForgeATag() {
        byte[] event = "event one".getBytes(StandardCharsets.UTF_8);
        byte[] tag = keys.messageTags.tag("audit-events", event);
        Map<String, Object> row = keys.database.jdbc()
                .sql("select * from managed_keyset where name = 'audit-events'").query().singleRow();
        assertThat((String) row.get("encrypted_keyset")).contains("encryptedKeyset").doesNotContain("keyMaterialType");
        assertThat(row.get("public_keyset")).isNull();
        try (KeysFixture other = new KeysFixture(directory.resolve("other"), 200)) {
            assertThat(other.messageTags.verifies("audit-events", other.messageTags.tag("audit-events", event), event))
                    .isTrue();
            assertThat(other.messageTags.verifies("audit-events", tag, event)).isFalse();
        }
    }
}
