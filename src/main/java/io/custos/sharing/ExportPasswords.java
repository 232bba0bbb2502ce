package io.custos.sharing;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The passwords of downloaded package files, between the download and the password step. A password
 * is never stored: it lives here, in memory, for at most {@link #TTL}, for the person and package it
 * belongs to, and leaves once (taken, it is gone); a later download of the same package replaces it.
 * After a restart or the TTL the file cannot be opened: download it again (a new file, a new code).
 */
@Component
class ExportPasswords {

    static final Duration TTL = Duration.ofMinutes(30);
    /** Letters and digits a person can copy without confusing them (no 0/O, 1/l/I), and a few signs. */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!#%+=?"
            .toCharArray();
    /** 20 characters of 64: 120 bits. */
    static final int LENGTH = 20;

    record Pending(UUID downloadId, String password) {
        @Override
        public String toString() {
            return "Pending[download=" + downloadId + "]";
        }
    }

    private record Key(UUID packageId, UUID personId) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Cache<Key, Pending> pending = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

    String generate() {
        char[] password = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(password);
    }

    /** A code naming one download: a letter, then 24 hex digits (96 random bits). */
    String code() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "W" + java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }

    void hold(UUID packageId, UUID personId, UUID downloadId, String password) {
        pending.put(new Key(packageId, personId), new Pending(downloadId, password));
    }

    /** The password waiting for this person and package, removed as it is taken. */
    Optional<Pending> take(UUID packageId, UUID personId) {
        return Optional.ofNullable(pending.asMap().remove(new Key(packageId, personId)));
    }
}
