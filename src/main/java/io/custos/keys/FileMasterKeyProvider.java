package io.custos.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * A master keyset kept in one file, in a form each subclass chooses (clear JSON for the local file,
 * encrypted JSON for the operator's file). Rotation is read-modify-write under a lock, and the new
 * file replaces the old by an atomic rename, so a crash leaves either the old keyset or the new one,
 * never half of one, and two nodes sharing the file never drop each other's new key.
 */
abstract class FileMasterKeyProvider implements MasterKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(FileMasterKeyProvider.class);

    /** Two providers over one file in one JVM (tests, a restart in place) must take turns too. */
    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private record Loaded(String content, KeysetHandle handle, Aead aead) {
    }

    final Path file;
    private volatile Loaded current;

    FileMasterKeyProvider(Path file) {
        TinkSetup.register();
        this.file = file;
    }

    /** Turns the file's text into the keyset; a wrong key or a damaged file throws. */
    abstract KeysetHandle parse(String content) throws GeneralSecurityException;

    /** The file's text for a keyset. */
    abstract String serialize(KeysetHandle handle) throws GeneralSecurityException;

    /** The start fails with this when the file cannot be read or opened. */
    abstract RuntimeException unusable(String reason, Exception cause);

    /** Reads the file for the first time; subclasses call it from their constructor. */
    final void load() {
        try {
            current = read();
        } catch (IOException e) {
            throw unusable("cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw unusable("cannot be opened", e);
        }
    }

    @Override
    public final Aead masterKey() {
        return current.aead();
    }

    @Override
    public final int primaryKeyId() {
        return current.handle().getPrimary().getId();
    }

    @Override
    public final int rotate() {
        Path key = file.toAbsolutePath().normalize();
        synchronized (IN_PROCESS_LOCKS.computeIfAbsent(key, k -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                // Start from the file, not from memory: another node may have rotated since we read it.
                Loaded latest = read();
                KeysetHandle rotated = KeysetHandle.newBuilder(latest.handle())
                        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                                .withRandomId().makePrimary())
                        .build();
                String content = serialize(rotated);
                replace(file, content);
                current = new Loaded(content, rotated, primitive(rotated));
                log.info("Master key rotated in {}: new primary key {}, {} keys in the keyset", description(),
                        Integer.toUnsignedString(rotated.getPrimary().getId()), rotated.size());
                return rotated.getPrimary().getId();
            } catch (IOException e) {
                throw new IllegalStateException("The master keyset " + file + " cannot be rewritten; it is unchanged",
                        e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The master keyset " + file + " cannot be opened for rotation", e);
            }
        }
    }

    @Override
    public final void reload() {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.equals(current.content())) {
                return;
            }
            KeysetHandle handle = parse(content);
            current = new Loaded(content, handle, primitive(handle));
            log.info("Master keyset {} read again: primary key {}, {} keys", file,
                    Integer.toUnsignedString(handle.getPrimary().getId()), handle.size());
        } catch (IOException | GeneralSecurityException e) {
            // Keep the keyset in memory: it still opens everything wrapped so far.
            log.warn("The master keyset {} changed but cannot be read again; keeping the one in memory", file, e);
        }
    }

    private Loaded read() throws IOException, GeneralSecurityException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        KeysetHandle handle = parse(content);
        return new Loaded(content, handle, primitive(handle));
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static Aead primitive(KeysetHandle handle) throws GeneralSecurityException {
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** A fresh single-key master keyset. */
    static KeysetHandle newKeyset() throws GeneralSecurityException {
        TinkSetup.register();
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    /** Writes a new file; never overwrites one, so two nodes starting at once cannot each mint a key. */
    static boolean createNew(Path file, String content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            Files.move(temporary, file);
            return true;
        } catch (FileAlreadyExistsException lostTheRace) {
            Files.delete(temporary);
            return false;
        }
    }

    /** Replaces the file in one rename: readers see the old keyset or the new one. */
    static void replace(Path file, String content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceDirectory(file.toAbsolutePath().getParent());
    }

    private static Path writeTemporary(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        ownerOnly(temporary);
        Files.writeString(temporary, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        return temporary;
    }

    private static void forceDirectory(Path directory) {
        // The rename itself must survive a power cut; not every platform can sync a directory.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            log.debug("Cannot sync directory {}", directory);
        }
    }

    static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("Cannot restrict {} to its owner on this file system; restrict it by hand", path);
        }
    }
}
