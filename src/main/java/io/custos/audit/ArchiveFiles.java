package io.custos.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import io.custos.keys.SignatureVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an archive file written by {@link AuditArchive}: present, its content hashing to the
 * SHA-256 the database recorded, and that hash signed by the audit key for this chain and range.
 */
final class ArchiveFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TRAILER = 1024;

    private ArchiveFiles() {
    }

    /** What is wrong with the file, or null when it is the signed archive the database says it is. */
    static @Nullable String problem(Path file, String chain, long from, long to, String recordedSha256,
            SignatureVerifier signatures) {
        if (!Files.isRegularFile(file)) {
            return "the archive file " + file.getFileName() + " is missing";
        }
        try {
            long size = Files.size(file);
            byte[] tail = readTail(file, size);
            int trailerStart = trailerStart(tail);
            if (trailerStart < 0) {
                return "the archive file " + file.getFileName() + " has no trailer";
            }
            long bodyLength = size - (tail.length - trailerStart);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long remaining = bodyLength;
                while (remaining > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (read < 0) {
                        break;
                    }
                    digest.update(buffer, 0, read);
                    remaining -= read;
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            JsonNode trailer = JSON.readTree(new String(tail, trailerStart, tail.length - trailerStart,
                    java.nio.charset.StandardCharsets.UTF_8));
            String claimed = trailer.path("sha256").asString("");
            String signature = trailer.path("signature").asString("");
            if (!actual.equals(claimed) || !actual.equals(recordedSha256)) {
                return "the archive file " + file.getFileName() + " was changed after it was written";
            }
            if (!signatures.verifies(Base64.getDecoder().decode(signature),
                    AuditArchive.signedBytes(chain, from, to, actual))) {
                return "the archive file " + file.getFileName() + " is not signed by the audit key";
            }
            return null;
        } catch (IOException e) {
            return "the archive file " + file.getFileName() + " cannot be read";
        } catch (JacksonException | IllegalArgumentException e) {
            return "the archive file " + file.getFileName() + " has a damaged trailer";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readTail(Path file, long size) throws IOException {
        int length = (int) Math.min(size, MAX_TRAILER);
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
            channel.read(buffer, size - length);
            return buffer.array();
        }
    }

    /** Start of the last line (the trailer), which must end the file with a newline. */
    private static int trailerStart(byte[] tail) {
        if (tail.length == 0 || tail[tail.length - 1] != '\n') {
            return -1;
        }
        for (int i = tail.length - 2; i >= 0; i--) {
            if (tail[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
