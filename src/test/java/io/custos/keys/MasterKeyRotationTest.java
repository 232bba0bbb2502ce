package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Master key rotation: old data stays readable throughout, the background re-wrap moves every key
 * under the new master key while others write, and resumes after a crash (R-STO-2).
 */
class MasterKeyRotationTest {

    private static final int BATCH = 40;
    private static final byte[] CHECKPOINT = "checkpoint".getBytes(StandardCharsets.UTF_8);

    @TempDir Path directory;
    KeysFixture keys;
    /** Owner → the ciphertext of its phone number, which is "phone-" + owner. */
    final Map<UUID, String> phones = new ConcurrentHashMap<>();
    final Set<UUID> destroyed = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        keys = new KeysFixture(directory, BATCH);
    }

    @AfterEach
    void stop() {
        keys.close();
    }

    @Test
    void reWrapsEveryKeyUnderTheNewMasterKeyWhileOthersCreateEncryptDecryptAndDestroy() throws Exception {
        createCustomers(keys.dataKeys, 200);
        String index = keys.blindIndex.of("phone", "13812345678");
        byte[] signature = keys.signatures.sign("audit-checkpoints", CHECKPOINT);
        long oldKey = Integer.toUnsignedLong(keys.master.primaryKeyId());

        RotationStatus rotated = keys.rotation.rotate();

        long newKey = rotated.primaryKeyId();
        assertThat(newKey).isNotEqualTo(oldKey).isEqualTo(Integer.toUnsignedLong(keys.master.primaryKeyId()));
        assertThat(rotated.rewrapPending()).isTrue();
        assertThat(rotated.rotatedAt()).isEqualTo(keys.clock.instant());
        assertThat(rotated.keys()).contains(new RotationStatus.KeyUsage(oldKey, false, 200, 2));
        assertThat(keys.events(MasterKeyRotated.class)).containsExactly(new MasterKeyRotated(keys.master.primaryKeyId()));

        List<UUID> before = new ArrayList<>(phones.keySet());
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            running.add(workers.submit(() -> createCustomers(keys.dataKeys, 60)));
            running.add(workers.submit(() -> {
                for (int round = 0; round < 3; round++) {
                    for (UUID owner : before.subList(30, before.size())) {
                        assertThat(keys.dataKeys.decrypt(owner, "phone", phones.get(owner))).isEqualTo("phone-" + owner);
                    }
                }
            }));
            running.add(workers.submit(() -> {
                for (UUID owner : before.subList(0, 30)) {
                    keys.dataKeys.destroy(owner);
                    destroyed.add(owner);
                }
            }));
            while (running.stream().anyMatch(f -> !f.isDone())) {
                keys.rotation.rewrapBatch();
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdown();
            assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        while (keys.rotation.rewrapBatch() > 0) {
            // until nothing is left under the old key
        }

        RotationStatus done = keys.rotation.status();
        assertThat(done.rewrapPending()).isFalse();
        assertThat(done.keys()).containsExactly(new RotationStatus.KeyUsage(newKey, true, 230, 2));
        assertThat(done.rewrapFinishedAt()).isNotNull();
        assertThat(keys.events(MasterKeyRewrapFinished.class)).singleElement()
                .satisfies(e -> assertThat(Integer.toUnsignedLong(e.keyId())).isEqualTo(newKey))
                .satisfies(e -> assertThat(e.rewrapped()).isBetween(170L + 2, 230L + 2));
        assertThat(keys.database.jdbc().sql("select count(*) from data_key where master_key_id <> ?").param(newKey)
                .query(Long.class).single()).isZero();
        assertThat(keys.database.jdbc().sql("select count(*) from data_key where wrapped_keyset is null")
                .query(Long.class).single()).as("a destroyed key is never re-wrapped back to life").isEqualTo(30);
        everythingReadsBack(keys.restart());
        assertThat(keys.blindIndex.of("phone", "13812345678")).isEqualTo(index);
        assertThat(SignatureVerifier.of(keys.signatures.publicKeyset("audit-checkpoints")).verifies(signature, CHECKPOINT))
                .isTrue();
    }

    @Test
    void aReWrapKilledHalfWayResumesAfterARestartAndASecondRotationWorksToo() {
        createCustomers(keys.dataKeys, 100);
        keys.blindIndex.of("email", "li.na@example.com");
        keys.signatures.sign("audit-checkpoints", CHECKPOINT);
        // A keyset stored before master key ids were recorded is re-wrapped too.
        keys.database.jdbc().sql("update managed_keyset set master_key_id = null where name = 'blind-index'").update();
        long first = keys.rotation.rotate().primaryKeyId();

        assertThat(keys.rotation.rewrapBatch()).isEqualTo(BATCH);
        keys.restart();

        RotationStatus resumed = keys.rotation.status();
        assertThat(resumed.primaryKeyId()).isEqualTo(first);
        assertThat(resumed.rewrapPending()).isTrue();
        assertThat(resumed.keys()).filteredOn(RotationStatus.KeyUsage::primary).singleElement()
                .satisfies(k -> assertThat(k.dataKeys()).isEqualTo(BATCH));
        everythingReadsBack(keys);
        while (keys.rotation.rewrapBatch() > 0) {
            // the restarted node finishes what the killed one began
        }
        assertThat(keys.rotation.status().keys()).containsExactly(new RotationStatus.KeyUsage(first, true, 100, 2));
        assertThat(keys.events(MasterKeyRewrapFinished.class)).containsExactly(new MasterKeyRewrapFinished((int) first, 102));
        everythingReadsBack(keys.restart());

        long second = keys.rotation.rotate().primaryKeyId();
        createCustomers(keys.dataKeys, 5);
        while (keys.rotation.rewrapBatch() > 0) {
            // second rotation
        }
        RotationStatus twice = keys.rotation.status();
        assertThat(second).isNotEqualTo(first);
        assertThat(twice.keys()).containsExactly(new RotationStatus.KeyUsage(second, true, 105, 2));
        assertThat(twice.rewrapPending()).isFalse();
        assertThat(keys.events(MasterKeyRewrapFinished.class)).last().isEqualTo(new MasterKeyRewrapFinished((int) second, 102));
        everythingReadsBack(keys.restart());
        keys.signatures.checkStoredKeysets();
    }

    @Test
    void withNothingToReWrapTheJobDoesNothingAndAnnouncesNothing() {
        createCustomers(keys.dataKeys, 3);
        assertThat(keys.rotation.rewrapBatch()).isZero();
        keys.rotation.rewrapInBackground();
        RotationStatus status = keys.rotation.status();
        assertThat(status.rewrapPending()).isFalse();
        assertThat(status.rotatedAt()).isNull();
        assertThat(keys.events).isEmpty();
    }

    private void createCustomers(DataKeys dataKeys, int count) {
        for (int i = 0; i < count; i++) {
            UUID owner = UUID.randomUUID();
            dataKeys.create(owner);
            String phone = dataKeys.encrypt(owner, "phone", "phone-" + owner);
            assertThat(dataKeys.decrypt(owner, "phone", phone)).isEqualTo("phone-" + owner);
            phones.put(owner, phone);
        }
    }

    private void everythingReadsBack(KeysFixture node) {
        phones.forEach((owner, phone) -> {
            if (!destroyed.contains(owner)) {
                assertThat(node.dataKeys.decrypt(owner, "phone", phone)).isEqualTo("phone-" + owner);
            }
        });
    }
}
