package io.custos.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The chain's hash: {@code hash = SHA-256(prev_hash || canonical bytes of the event)}, where the
 * canonical bytes are every stored column in a fixed order, each length-prefixed (absent = -1), so
 * no two different events share an encoding. The first event of a chain links to a genesis value
 * derived from the chain's name. The same code runs in the sealer, the verifier and the offline tool.
 */
final class EventHashing {

    private static final HexFormat HEX = HexFormat.of();
    private static final String VERSION = "custos-audit-event/v1";
    private static final String TAG_VERSION = "custos-audit-tag/v1";

    private EventHashing() {
    }

    static String genesis(String chain) {
        return HEX.formatHex(sha256(("custos-audit-genesis/v1:" + chain).getBytes(StandardCharsets.UTF_8)));
    }

    static String hash(String prevHash, long seq, StoredEvent event) {
        MessageDigest digest = digest();
        digest.update(HEX.parseHex(prevHash));
        digest.update(canonical(VERSION, seq, event));
        return HEX.formatHex(digest.digest());
    }

    /**
     * What an event's authentication tag covers: the same columns as the hash, without the sequence
     * number (unknown when the event is written), under a version of its own so a tag can never be
     * taken for a hash input or the other way round.
     */
    static byte[] tagged(StoredEvent event) {
        return canonical(TAG_VERSION, 0, event);
    }

    private static byte[] canonical(String version, long seq, StoredEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, version);
            text(out, e.chain());
            out.writeLong(seq);
            text(out, e.eventId().toString());
            out.writeLong(micros(e.at()));
            text(out, e.category());
            text(out, e.action());
            text(out, e.outcome());
            text(out, e.actorType());
            text(out, e.actorId() == null ? null : e.actorId().toString());
            text(out, e.actorName());
            text(out, e.targetType());
            text(out, e.targetId());
            text(out, e.purpose());
            text(out, e.clientAddress());
            text(out, e.requestId());
            text(out, e.details());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static void text(DataOutputStream out, @Nullable String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
