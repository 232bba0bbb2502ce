package io.custos.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The 100,000 most common passwords (ASVS 6.2.4), bundled with the application rather than fetched,
 * so the check works offline and cannot be switched off by an unreachable server. Compared without
 * regard to case: "Password1" is as guessable as "password1", and the composition rules would
 * otherwise push people to exactly such variants. Held as a sorted array (about 5 MB) rather than
 * a hash set, for half the memory at the cost of a binary search per password change.
 * Provenance and licence: identity/common-passwords.NOTICE.
 */
@Component
class CommonPasswords {

    static final String RESOURCE = "identity/common-passwords.txt.gz";
    static final int EXPECTED_LINES = 100_000;

    private final String[] sorted;

    CommonPasswords() {
        this.sorted = load();
    }

    /** Whether this password, ignoring case, is one of the common ones. */
    boolean contains(String candidate) {
        return Arrays.binarySearch(sorted, candidate.toLowerCase(Locale.ROOT)) >= 0;
    }

    /** Distinct entries once case is ignored. */
    int size() {
        return sorted.length;
    }

    private static String[] load() {
        try (InputStream in = new GZIPInputStream(new ClassPathResource(RESOURCE).getInputStream());
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] all = lines.lines().map(line -> line.toLowerCase(Locale.ROOT)).toArray(String[]::new);
            // A truncated or swapped file would silently weaken the check; better not to start.
            if (all.length != EXPECTED_LINES) {
                throw new IllegalStateException(RESOURCE + " holds " + all.length + " passwords, not "
                        + EXPECTED_LINES);
            }
            Arrays.sort(all);
            return Arrays.stream(all).distinct().toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled list of common passwords " + RESOURCE, e);
        }
    }
}
