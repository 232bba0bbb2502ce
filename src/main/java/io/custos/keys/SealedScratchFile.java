package io.custos.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import org.jspecify.annotations.Nullable;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;

/**
 * A temporary file for data that must not sit on disk in clear (an uploaded file of customers while
 * it is read, and while its import runs): written and read through Tink's streaming AEAD under a key made for this
 * file alone and held only in memory. Once the key is gone (closed, or the process ended) the bytes
 * left behind, if any, are unreadable. Owner-only permissions where the file system has them.
 */
public final class SealedScratchFile implements AutoCloseable {

    private final Path path;
    private final StreamingAead aead;
    private final byte[] associatedData;
    private volatile boolean closed;

    private SealedScratchFile(Path path, StreamingAead aead) {
        this.path = path;
        this.aead = aead;
        this.associatedData = ("custos:scratch:" + path.getFileName()).getBytes(StandardCharsets.UTF_8);
    }

    /** @param directory where the file goes; null for the system's temporary folder */
    public static SealedScratchFile create(@Nullable Path directory, String prefix) {
        TinkSetup.register();
        try {
            Path file;
            boolean posix = Files.getFileStore(directory == null ? Path.of(System.getProperty("java.io.tmpdir"))
                    : directory).supportsFileAttributeView("posix");
            if (directory != null) {
                Files.createDirectories(directory);
            }
            if (posix) {
                file = directory == null
                        ? Files.createTempFile(prefix, ".sealed", PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")))
                        : Files.createTempFile(directory, prefix, ".sealed", PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            } else {
                file = directory == null ? Files.createTempFile(prefix, ".sealed")
                        : Files.createTempFile(directory, prefix, ".sealed");
            }
            StreamingAead aead = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                    .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
            return new SealedScratchFile(file, aead);
        } catch (IOException e) {
            throw new UncheckedIOException("A temporary file could not be made", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The key of a temporary file could not be made", e);
        }
    }

    /** Replaces the content; the stream must be closed for the content to be complete. */
    public OutputStream write() throws IOException {
        requireOpen();
        try {
            return aead.newEncryptingStream(Files.newOutputStream(path, StandardOpenOption.TRUNCATE_EXISTING),
                    associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("The temporary file could not be sealed", e);
        }
    }

    /** The content from its start; a tampered or cut-off file fails while it is read. */
    public InputStream read() throws IOException {
        requireOpen();
        try {
            return aead.newDecryptingStream(Files.newInputStream(path), associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("The temporary file could not be opened", e);
        }
    }

    /** Deletes the file; further reads fail. Safe to call more than once. */
    @Override
    public void close() {
        closed = true;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("A temporary file could not be deleted", e);
        }
    }

    /** Where the sealed bytes are (for checks and clean-up; reading them needs {@link #read}). */
    public Path path() {
        return path;
    }

    public boolean closed() {
        return closed;
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("The temporary file was deleted");
        }
    }

    @Override
    public String toString() {
        return "SealedScratchFile[" + path.getFileName() + "]";
    }
}
