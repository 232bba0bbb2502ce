package io.custos.whistleblowing;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * One message of a report, decrypted for someone allowed to read it.
 *
 * @param handler the display name of the handler who answered (empty for a former employee); null
 *        for the reporter's words and always null when the reporter reads it
 */
public record ReportMessage(MessageAuthor author, LocalDate writtenOn, String text, @Nullable String handler) {

    @Override
    public String toString() {
        return "ReportMessage[" + author + ", " + writtenOn + "]";
    }
}
