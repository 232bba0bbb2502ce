package io.custos.sharing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.google.crypto.tink.StreamingAead;

import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The passwords of downloaded package files, between the download and the password step, in the
 * database so that the step may reach another node than the download (issue 23, R-X-3). A password
 * is never stored in clear: each is sealed under a key of its own, stored wrapped by the master key
 * and bound to the package, the person and the download, so a row moved onto another cannot be
 * opened. It waits for at most {@link #TTL}, for the person and package it belongs to, and leaves
 * once: of two requests taking it at once, only the one whose delete removed the row gets it. A later
 * download of the same package replaces it. After the TTL the file cannot be opened: download it
 * again (a new file, a new code). Not copied by backups.
 */
@Component
class ExportPasswords {

    static final Duration TTL = Duration.ofMinutes(30);
    /** Letters and digits a person can copy without confusing them (no 0/O, 1/l/I), and a few signs. */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!#%+=?"
            .toCharArray();
    /** 20 characters of 64: 120 bits. */
    static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(ExportPasswords.class);

    record Pending(UUID downloadId, String password) {
        @Override
        public String toString() {
            return "Pending[download=" + downloadId + "]";
        }
    }

    private record Held(UUID downloadId, String wrappedKey, byte[] password) {
    }

    private final JdbcTemplate jdbc;
    private final MasterKeyProvider master;
    private final Clock clock;

    ExportPasswords(JdbcTemplate jdbc, MasterKeyProvider master, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.clock = clock;
    }

    static String generate() {
        char[] password = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            password[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(password);
    }

    /** A code naming one download: a letter, then 24 hex digits (96 random bits). */
    static String code() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "W" + java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /**
     * Keeps the password of a download, replacing the one of an earlier download of the package by
     * this person. Called inside the download's transaction: the password waits only if the download
     * is recorded.
     */
    void hold(UUID packageId, UUID personId, UUID downloadId, String password) {
        // The database keeps microseconds: the expiry compares with the clock as stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BackupKeys.Sealing key = BackupKeys.newKey(master, associatedData(packageId, personId, downloadId, "key"));
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = key.aead().newEncryptingStream(sealed,
                associatedData(packageId, personId, downloadId, "password"))) {
            out.write(password.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("A package password could not be sealed", e);
        }
        jdbc.update("delete from export_password_pending where package_id = ? and person_id = ?", packageId,
                personId);
        jdbc.update("insert into export_password_pending (download_id, package_id, person_id, held_at, expires_at, "
                + "wrapped_key, password) values (?, ?, ?, ?, ?, ?, ?)", downloadId, packageId, personId, utc(now),
                utc(now.plus(TTL)), key.wrappedKeyset(), sealed.toByteArray());
    }

    /**
     * The password waiting for this person and package, removed as it is taken; an earlier download's
     * that a download at the same moment left behind is removed with it.
     */
    Optional<Pending> take(UUID packageId, UUID personId) {
        Instant now = clock.instant();
        List<Held> held = jdbc.query("select download_id, wrapped_key, password from export_password_pending "
                + "where package_id = ? and person_id = ? and expires_at > ? order by held_at desc, download_id",
                (rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)), packageId, personId,
                utc(now));
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Held latest = held.get(0);
        // Whoever deletes the row has the password; a request that took it first leaves nothing to delete.
        if (jdbc.update("delete from export_password_pending where download_id = ?", latest.downloadId()) == 0) {
            return Optional.empty();
        }
        held.stream().skip(1).forEach(h -> jdbc.update("delete from export_password_pending where download_id = ?",
                h.downloadId()));
        try {
            StreamingAead aead = BackupKeys.open(master, latest.wrappedKey(),
                    associatedData(packageId, personId, latest.downloadId(), "key"));
            try (InputStream in = aead.newDecryptingStream(new java.io.ByteArrayInputStream(latest.password()),
                    associatedData(packageId, personId, latest.downloadId(), "password"))) {
                return Optional.of(new Pending(latest.downloadId(), new String(in.readAllBytes(),
                        StandardCharsets.UTF_8)));
            }
        } catch (BackupKeys.WrongKeyException | IOException | GeneralSecurityException e) {
            // Another master key's, or a row moved onto this package or person: nobody's password.
            LOG.warn("The pending password of download {} cannot be opened; it is dropped", latest.downloadId());
            return Optional.empty();
        }
    }

    /** Deletes passwords past their TTL, on one node at a time. */
    @Scheduled(fixedDelay = 60_000)
    @SchedulerLock(name = "custos-export-password-expiry", lockAtLeastFor = "PT30S", lockAtMostFor = "PT5M")
    void expire() {
        jdbc.update("delete from export_password_pending where expires_at <= ?", utc(clock.instant()));
    }

    private static byte[] associatedData(UUID packageId, UUID personId, UUID downloadId, String part) {
        return ("custos:export-password/1:" + packageId + ":" + personId + ":" + downloadId + ":" + part)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
