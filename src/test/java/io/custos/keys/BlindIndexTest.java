package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Equality search over encrypted values through a keyed hash (R-STO-1). */
class BlindIndexTest {

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
    void isDeterministicAcrossRestartsAndNodesAndDiffersByKindAndValue() {
        String phone = keys.blindIndex.of("phone", "13812345678");

        assertThat(phone).matches("[0-9a-f]{32}").doesNotContain("13812345678");
        assertThat(keys.blindIndex.of("phone", "13812345678")).isEqualTo(phone);
        assertThat(keys.blindIndex.of("phone", "13812345679")).isNotEqualTo(phone);
        assertThat(keys.blindIndex.of("id-number", "13812345678")).isNotEqualTo(phone);
        assertThat(keys.restart().blindIndex.of("phone", "13812345678")).isEqualTo(phone);
    }

    @Test
    void keepsItsKeyOnlyWrappedInTheDatabaseAndAnotherInstallationGetsAnotherKey() {
        String phone = keys.blindIndex.of("phone", "13812345678");
        Map<String, Object> row = keys.database.jdbc()
                .sql("select * from managed_keyset where name = 'blind-index'").query().singleRow();

        assertThat((String) row.get("encrypted_keyset")).contains("encryptedKeyset").doesNotContain("keyMaterialType");
        assertThat(row.get("public_keyset")).isNull();
        assertThat(((Number) row.get("master_key_id")).longValue())
                .isEqualTo(Integer.toUnsignedLong(keys.master.primaryKeyId()));
        try (KeysFixture other = new KeysFixture(directory.resolve("other"), 200)) {
            assertThat(other.blindIndex.of("phone", "13812345678")).isNotEqualTo(phone);
        }
    }

    @Test
    void refusesAKindThatCouldRunIntoTheValue() {
        assertThatThrownBy(() -> keys.blindIndex.of("phone:cn", "138")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("138");
        assertThatThrownBy(() -> keys.blindIndex.of("", "138")).isInstanceOf(IllegalArgumentException.class);
    }
}
