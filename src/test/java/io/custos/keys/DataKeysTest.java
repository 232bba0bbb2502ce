package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/** Per-customer data keys: field encryption bound to owner and field, and crypto-shredding (R-STO-1, R-STO-5, R-STO-6). */
class DataKeysTest {

    private static final String PHONE = "13812345678";
    private static final String NAME = "张伟";

    @TempDir Path directory;
    KeysFixture keys;

    @BeforeEach
    void start() {
        keys = new KeysFixture(directory, 200);
    }

    @AfterEach
    void stop() {
        keys.close();
    }

    @Test
    void encryptsAFieldAndDecryptsItForTheSameOwnerAndField() {
        UUID owner = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        String name = keys.dataKeys.encrypt(owner, "name", NAME);

        assertThat(phone).doesNotContain(PHONE).isNotEqualTo(keys.dataKeys.encrypt(owner, "phone", PHONE));
        assertThat(Base64.getDecoder().decode(phone)).isNotEmpty();
        assertThat(keys.dataKeys.decrypt(owner, "phone", phone)).isEqualTo(PHONE);
        assertThat(keys.dataKeys.decrypt(owner, "name", name)).isEqualTo(NAME);
        assertThat(keys.restart().dataKeys.decrypt(owner, "phone", phone)).isEqualTo(PHONE);
    }

    @Test
    void keysMadeInABatchEncryptForTheirOwnersOnlyAndAreStoredWrapped() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        DataKeys.NewDataKeys batch = keys.dataKeys.createAll(java.util.List.of(first, second));
        String phone = batch.encrypt(first, "phone", PHONE);
        String name = batch.encrypt(second, "name", NAME);

        assertThat(keys.restart().dataKeys.decrypt(first, "phone", phone)).isEqualTo(PHONE);
        assertThat(keys.dataKeys.decrypt(second, "name", name)).isEqualTo(NAME);
        assertThatThrownBy(() -> keys.dataKeys.decrypt(second, "phone", phone))
                .isInstanceOf(UnreadableCiphertextException.class);
        assertThatThrownBy(() -> batch.encrypt(UUID.randomUUID(), "phone", PHONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PHONE);
        assertThat(keys.database.jdbc().sql("select count(*) from data_key where owner_id in (?, ?) "
                + "and wrapped_keyset is not null").params(first, second).query(Long.class).single()).isEqualTo(2);
        assertThatThrownBy(() -> keys.dataKeys.createAll(java.util.List.of(UUID.randomUUID(), first)))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(first.toString());
    }

    @Test
    void aCiphertextCopiedToAnotherOwnerOrFieldDoesNotDecryptAndTheErrorHoldsOnlyIds() {
        UUID owner = ownerWithKey();
        UUID other = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);

        assertThatThrownBy(() -> keys.dataKeys.decrypt(other, "phone", phone))
                .isInstanceOf(UnreadableCiphertextException.class)
                .hasMessageContaining(other.toString())
                .hasMessageNotContaining(PHONE).hasMessageNotContaining(phone);
        assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "mobile", phone))
                .isInstanceOf(UnreadableCiphertextException.class)
                .hasMessageContaining("mobile")
                .hasMessageNotContaining(phone);
    }

    @Test
    void aFlippedByteOrGarbageDoesNotDecrypt() {
        UUID owner = ownerWithKey();
        byte[] bytes = Base64.getDecoder().decode(keys.dataKeys.encrypt(owner, "phone", PHONE));
        bytes[bytes.length / 2] ^= 0x01;
        String flipped = Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "phone", flipped))
                .isInstanceOf(UnreadableCiphertextException.class)
                .hasMessageNotContaining(flipped);
        assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "phone", "not-base64!" + PHONE))
                .isInstanceOf(UnreadableCiphertextException.class)
                .hasMessageNotContaining(PHONE)
                .hasNoCause();
    }

    @Test
    void anOwnerWithoutADataKeyCannotDecryptNorEncrypt() {
        UUID owner = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> keys.dataKeys.decrypt(unknown, "phone", phone))
                .isInstanceOf(UnreadableCiphertextException.class);
        assertThatThrownBy(() -> keys.dataKeys.encrypt(unknown, "phone", PHONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(PHONE);
        assertThat(keys.dataKeys.isDestroyed(unknown)).isFalse();
    }

    @Test
    void storesTheDataKeyOnlyWrappedByTheMasterKeyAndBoundToItsRow() {
        UUID owner = ownerWithKey();
        UUID other = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        Map<String, Object> row = keys.database.jdbc().sql("select * from data_key where owner_id = ?").param(owner)
                .query().singleRow();

        assertThat((String) row.get("wrapped_keyset")).contains("encryptedKeyset")
                .doesNotContain("keyMaterialType", "\"value\"", "AesGcmKey\",\"value");
        assertThat(((Number) row.get("master_key_id")).longValue())
                .isEqualTo(Integer.toUnsignedLong(keys.master.primaryKeyId()));
        assertThat(row.get("created_at")).isNotNull();
        assertThat(row.get("destroyed_at")).isNull();

        // Someone with database access swaps the owner's wrapped key for another's: it does not open.
        keys.database.jdbc().sql("update data_key set wrapped_keyset = (select wrapped_keyset from data_key "
                + "where owner_id = ?) where owner_id = ?").params(other, owner).update();
        assertThatThrownBy(() -> keys.restart().dataKeys.decrypt(owner, "phone", phone))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(owner.toString(), "master key");
    }

    @Test
    void destroyingTheKeyMakesEveryCopyOfItsCiphertextsUnreadableAndLeavesNoKeyMaterial() {
        UUID owner = ownerWithKey();
        UUID neighbour = ownerWithKey();
        String backupCopy = keys.dataKeys.encrypt(owner, "phone", PHONE);
        String neighbours = keys.dataKeys.encrypt(neighbour, "phone", PHONE);
        assertThat(keys.dataKeys.decrypt(owner, "phone", backupCopy)).isEqualTo(PHONE);

        keys.clock.advance(Duration.ofMinutes(1));
        keys.dataKeys.destroy(owner);

        assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "phone", backupCopy))
                .isInstanceOf(DataKeyDestroyedException.class)
                .hasMessageContaining(owner.toString())
                .hasMessageNotContaining(PHONE);
        assertThatThrownBy(() -> keys.restart().dataKeys.decrypt(owner, "phone", backupCopy))
                .isInstanceOf(DataKeyDestroyedException.class);
        assertThatThrownBy(() -> keys.dataKeys.encrypt(owner, "phone", PHONE))
                .isInstanceOf(DataKeyDestroyedException.class);
        assertThat(keys.dataKeys.isDestroyed(owner)).isTrue();
        assertThat(keys.dataKeys.decrypt(neighbour, "phone", neighbours)).isEqualTo(PHONE);

        Map<String, Object> row = keys.database.jdbc().sql("select * from data_key where owner_id = ?").param(owner)
                .query().singleRow();
        assertThat(row.get("wrapped_keyset")).isNull();
        assertThat(row.get("master_key_id")).isNull();
        assertThat(row.get("destroyed_at")).isNotNull();
        assertThat(keys.events(DataKeyDestroyed.class)).containsExactly(new DataKeyDestroyed(owner));

        keys.dataKeys.destroy(owner);
        assertThat(keys.events(DataKeyDestroyed.class)).hasSize(1);
        assertThatThrownBy(() -> keys.dataKeys.create(owner)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.dataKeys.destroy(UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherNodesDestructionReachesThisNodesCacheWhenTheEntryExpires() {
        UUID owner = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        DataKeys thisNode = keys.dataKeys;
        assertThat(thisNode.decrypt(owner, "phone", phone)).isEqualTo(PHONE);

        keys.restart().dataKeys.destroy(owner);
        assertThat(thisNode.decrypt(owner, "phone", phone)).as("cached for up to the TTL").isEqualTo(PHONE);
        keys.clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> thisNode.decrypt(owner, "phone", phone)).isInstanceOf(DataKeyDestroyedException.class);
    }

    /** Issue 16, R-DEL-3: another node's destruction stops this node's cached key at its next poll, not at expiry. */
    @Test
    void anotherNodesDestructionReachesThisNodesCacheAtTheNextPoll() {
        UUID owner = ownerWithKey();
        UUID other = ownerWithKey();
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        String others = keys.dataKeys.encrypt(other, "phone", PHONE);
        DataKeys thisNode = keys.dataKeys;
        DataKeyDestructionPoll poll = new DataKeyDestructionPoll(keys.database.jdbc(), thisNode);
        assertThat(poll.poll()).isZero();
        assertThat(thisNode.decrypt(owner, "phone", phone)).isEqualTo(PHONE);

        // As another node does it: the row only, straight in the database.
        keys.database.jdbc().sql("update data_key set wrapped_keyset = null, master_key_id = null, destroyed_at = ? "
                + "where owner_id = ?").params(keys.clock.instant().atOffset(java.time.ZoneOffset.UTC), owner).update();
        assertThat(thisNode.decrypt(owner, "phone", phone)).as("cached until the poll").isEqualTo(PHONE);
        assertThat(poll.poll()).isOne();
        assertThatThrownBy(() -> thisNode.decrypt(owner, "phone", phone)).isInstanceOf(DataKeyDestroyedException.class);
        assertThat(thisNode.isDestroyed(owner)).isTrue();
        assertThat(thisNode.decrypt(other, "phone", others)).isEqualTo(PHONE);
        assertThat(poll.poll()).as("already held as destroyed").isZero();
    }

    /** Issue 16, R-DEL-3: many owners' keys destroyed in one call, one event, again nothing. */
    @Test
    void destroysManyKeysAtOnceAndAgainNothing() {
        List<UUID> owners = new java.util.ArrayList<>();
        List<String> phones = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID owner = ownerWithKey();
            owners.add(owner);
            phones.add(keys.dataKeys.encrypt(owner, "phone", PHONE));
        }
        UUID spared = ownerWithKey();
        keys.dataKeys.destroy(owners.get(0));
        List<UUID> asked = new java.util.ArrayList<>(owners);
        asked.add(UUID.randomUUID());

        assertThat(keys.dataKeys.destroyAll(asked)).containsExactlyInAnyOrderElementsOf(owners.subList(1, 5));

        for (int i = 0; i < owners.size(); i++) {
            UUID owner = owners.get(i);
            String phone = phones.get(i);
            assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "phone", phone))
                    .isInstanceOf(DataKeyDestroyedException.class);
            assertThat(keys.dataKeys.isDestroyed(owner)).isTrue();
        }
        assertThat(keys.dataKeys.isDestroyed(spared)).isFalse();
        assertThat(keys.events(DataKeysDestroyed.class)).hasSize(1);
        assertThat(keys.events(DataKeysDestroyed.class).get(0).ownerIds())
                .containsExactlyInAnyOrderElementsOf(owners.subList(1, 5));
        assertThat(keys.dataKeys.destroyAll(owners)).isEmpty();
        assertThat(keys.events(DataKeysDestroyed.class)).hasSize(1);
    }

    @Test
    void aKeyCreatedInATransactionThatRolledBackIsNeitherStoredNorCached() {
        UUID owner = UUID.randomUUID();
        TransactionTemplate transaction = new TransactionTemplate(keys.database.transactions());
        String[] lost = new String[1];
        transaction.executeWithoutResult(status -> {
            keys.dataKeys.create(owner);
            lost[0] = keys.dataKeys.encrypt(owner, "phone", PHONE);
            status.setRollbackOnly();
        });
        assertThat(keys.dataKeys.cachedEntries()).isZero();

        transaction.executeWithoutResult(status -> keys.dataKeys.create(owner));
        String phone = keys.dataKeys.encrypt(owner, "phone", PHONE);
        assertThat(keys.dataKeys.decrypt(owner, "phone", phone)).isEqualTo(PHONE);
        assertThatThrownBy(() -> keys.dataKeys.decrypt(owner, "phone", lost[0]))
                .isInstanceOf(UnreadableCiphertextException.class);
    }

    private UUID ownerWithKey() {
        UUID owner = UUID.randomUUID();
        keys.dataKeys.create(owner);
        return owner;
    }
}
