package io.custos.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.custos.shared.ChangeNotices;
import io.custos.support.MutableClock;
import io.custos.support.OwnDatabase;

/**
 * The keys module without Spring over a database of its own: the services a node would have, built
 * again by {@link #restart()} over the same database and key file, as after a crash.
 */
final class KeysFixture implements AutoCloseable {

    final OwnDatabase database = OwnDatabase.create();
    final Path keyDirectory;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    final List<Object> events = new CopyOnWriteArrayList<>();
    final int batchSize;

    MasterKeyProvider master;
    DataKeys dataKeys;
    MasterKeyRotation rotation;
    BlindIndex blindIndex;
    Signatures signatures;
    MessageTags messageTags;

    KeysFixture(Path keyDirectory, int batchSize) {
        this.keyDirectory = keyDirectory;
        this.batchSize = batchSize;
        restart();
    }

    /** Everything a node holds in memory is gone; the database and the key file stay. */
    KeysFixture restart() {
        KeysProperties properties = properties(keyDirectory, batchSize);
        master = new LocalMasterKeyProvider(keyDirectory, () -> false);
        dataKeys = new DataKeys(database.jdbc(), new org.springframework.jdbc.core.JdbcTemplate(database.dataSource()), master,
                clock, events::add, properties, ChangeNotices.none());
        rotation = new MasterKeyRotation(database.jdbc(), master, database.transactions(), events::add, clock,
                properties);
        blindIndex = new BlindIndex(database.jdbc(), master, clock, database.transactions());
        signatures = new Signatures(database.jdbc(), master, clock, database.transactions());
        messageTags = new MessageTags(database.jdbc(), master, clock, database.transactions());
        return this;
    }

    static KeysProperties properties(Path directory, int batchSize) {
        return new KeysProperties(directory, new KeysProperties.Master("local", null, null, null),
                Duration.ofSeconds(5), batchSize, 10_000, Duration.ofMinutes(10));
    }

    <T> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        database.close();
    }

    Clock clock() {
        return clock;
    }
}
