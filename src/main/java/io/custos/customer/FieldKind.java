package io.custos.customer;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.custos.shared.ControlCharacters;

/**
 * How a field's values look: what a valid value is, how it is normalized for exact search, and how
 * it is masked. Adding a field to the catalog means choosing one of these.
 */
public enum FieldKind {

    /** Free text on one line. */
    TEXT(500),
    /** Free text over several lines (addresses, notes, statements). */
    LONG_TEXT(4000),
    /** A telephone number: digits, optionally with a country code, spaces or dashes. */
    PHONE(32),
    EMAIL(254),
    /** A mainland resident identity card (18 characters) or another identity document number. */
    ID_NUMBER(32),
    /** A bank account or card number. */
    ACCOUNT_NUMBER(40);

    private static final Pattern PHONE_SHAPE = Pattern.compile("\\+?[0-9][0-9 ()-]{5,30}");
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern ID_SHAPE = Pattern.compile("[0-9A-Za-z -]{6,32}");
    private static final Pattern ACCOUNT_SHAPE = Pattern.compile("[0-9 -]{8,40}");

    private final int maxLength;

    FieldKind(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The code of the reason a value is refused, or null when it is acceptable. Never echoes the value. */
    @Nullable
    String problem(String value) {
        if (value.isBlank()) {
            return "blank";
        }
        if (value.length() > maxLength) {
            return "too-long";
        }
        if (this != LONG_TEXT && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            return "multi-line";
        }
        if (ControlCharacters.present(value, this == LONG_TEXT)) {
            return ControlCharacters.CODE;
        }
        boolean shaped = switch (this) {
            case PHONE -> PHONE_SHAPE.matcher(value.strip()).matches() && digits(value).length() >= 6
                    && digits(value).length() <= 15;
            case EMAIL -> EMAIL_SHAPE.matcher(value.strip()).matches();
            case ID_NUMBER -> ID_SHAPE.matcher(value.strip()).matches();
            case ACCOUNT_NUMBER -> ACCOUNT_SHAPE.matcher(value.strip()).matches();
            default -> true;
        };
        return shaped ? null : "malformed";
    }

    /**
     * The form compared by exact search: digits of a phone without a +86 / 0086 prefix, a lower-cased
     * e-mail, an upper-cased identity number without spaces, the digits of an account number.
     */
    String normalize(String value) {
        String v = value.strip();
        return switch (this) {
            case PHONE -> {
                String digits = digits(v);
                if (digits.startsWith("0086")) {
                    digits = digits.substring(4);
                } else if (digits.startsWith("86") && digits.length() == 13) {
                    digits = digits.substring(2);
                }
                yield digits;
            }
            case EMAIL -> v.toLowerCase(Locale.ROOT);
            case ID_NUMBER -> v.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
            case ACCOUNT_NUMBER -> digits(v);
            default -> v.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * What people see instead of the value: at most its last 4 characters (2 of a short one), and of
     * an e-mail only its domain. Anything more narrows the candidates enough for a guess to be
     * confirmed elsewhere: {@code 139****9876} leaves 10,000 phones, {@code *******9876} does not
     * say which network or region to start from.
     */
    String mask(String value) {
        String v = value.strip();
        return switch (this) {
            case PHONE, ID_NUMBER, ACCOUNT_NUMBER -> tail(normalize(v));
            case EMAIL -> {
                int at = v.lastIndexOf('@');
                yield at < 0 ? "***" : "***" + v.substring(at);
            }
            default -> "••••••";
        };
    }

    private static String tail(String compact) {
        int shown = compact.length() >= 8 ? 4 : compact.length() >= 4 ? 2 : 0;
        return "*".repeat(Math.max(4, compact.length() - shown)) + compact.substring(compact.length() - shown);
    }

    private static String digits(String value) {
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
