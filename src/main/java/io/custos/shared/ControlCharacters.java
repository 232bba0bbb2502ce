package io.custos.shared;

/**
 * Text people type never holds control characters: a NUL, an escape or a C1 control in a stored name
 * breaks exports, terminals, other systems reading the database and comparisons that look equal on
 * screen. Tab and line breaks are text only in fields that hold several lines.
 */
public final class ControlCharacters {

    /** The reason code of a refusal, the same in every module and in import reports. */
    public static final String CODE = "control-characters";

    private ControlCharacters() {
    }

    /**
     * @param multiLine whether tab, line feed and carriage return belong to the value
     * @return true when the value holds a character it may not
     */
    public static boolean present(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                return true;
            }
        }
        return false;
    }
}
