package io.custos.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.shared.DomainException;

/** Checks new passwords against the configured rules and makes one-time passwords that pass them. */
@Component
class PasswordPolicy {

    /** BCrypt reads at most 72 bytes; a longer password would be silently truncated. */
    private static final int BCRYPT_MAX_BYTES = 72;
    private static final String ALPHABET_LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String ALPHABET_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String ALPHABET_DIGITS = "23456789";
    private static final String ALPHABET_SYMBOLS = "#%+=@$";

    private final SecurityProperties.Password rules;
    private final CommonPasswords common;
    private final SecureRandom random = new SecureRandom();

    PasswordPolicy(SecurityProperties properties, CommonPasswords common) {
        this.rules = properties.password();
        this.common = common;
    }

    /** @return the codes of every rule the candidate breaks, empty when it is acceptable */
    List<String> violations(String candidate, String username) {
        List<String> violations = new ArrayList<>();
        if (candidate.length() < rules.minLength()) {
            violations.add("too-short");
        }
        if (candidate.length() > rules.maxLength()
                || candidate.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            violations.add("too-long");
        }
        if (characterClasses(candidate) < rules.minCharacterClasses()) {
            violations.add("too-few-character-classes");
        }
        if (!username.isBlank()
                && candidate.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            violations.add("contains-username");
        }
        return violations;
    }

    /**
     * Refuses a candidate that breaks the composition rules, then one that is common: two answers,
     * so the person learns which advice to follow. Whether it is one of their own earlier passwords
     * is {@link PasswordHistory}'s question, asked by the caller that knows whose it is.
     */
    void require(String candidate, String username) {
        List<String> violations = violations(candidate, username);
        if (!violations.isEmpty()) {
            throw new DomainException("password-policy", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("violations", violations), rules.minLength(), rules.minCharacterClasses());
        }
        if (common.contains(candidate)) {
            throw new DomainException("password-too-common", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "newPassword"));
        }
    }

    /** A random 16-character password with all four classes, for new accounts and resets. */
    String oneTimePassword() {
        String[] classes = {ALPHABET_LOWER, ALPHABET_UPPER, ALPHABET_DIGITS, ALPHABET_SYMBOLS};
        String all = String.join("", classes);
        char[] chars = new char[16];
        for (int i = 0; i < chars.length; i++) {
            String from = i < classes.length ? classes[i] : all;
            chars[i] = from.charAt(random.nextInt(from.length()));
        }
        for (int i = chars.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char t = chars[i];
            chars[i] = chars[j];
            chars[j] = t;
        }
        return new String(chars);
    }

    SecurityProperties.Password rules() {
        return rules;
    }

    static int characterClasses(String s) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }
}
