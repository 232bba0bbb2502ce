package io.custos.compliance;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The record of processing activities in one language, every code in words, as the page shows it
 * and the files print it: the header's facts, then one row per activity with its lines per column.
 */
public record ProcessingSheet(String title, List<Fact> facts, List<String> columns, List<Row> rows) {

    public ProcessingSheet {
        facts = List.copyOf(facts);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public record Fact(String label, String value) {
    }

    /**
     * @param crossBorder whether a recipient of the activity is abroad
     */
    public record Row(String purposeCode, String purpose, List<String> categories, List<String> subjects,
            List<Line> recipients, List<String> retention, List<String> safeguards, boolean crossBorder) {

        public Row {
            categories = List.copyOf(categories);
            subjects = List.copyOf(subjects);
            recipients = List.copyOf(recipients);
            retention = List.copyOf(retention);
            safeguards = List.copyOf(safeguards);
        }

        /** The cells of the row, each a list of lines, in the order of the columns. */
        public List<List<String>> cells() {
            return List.of(List.of(purpose), categories, subjects,
                    recipients.stream().map(Line::full).toList(), retention, safeguards);
        }
    }

    /** A recipient in words; {@code mark} is the cross-border note when it is abroad. */
    public record Line(String text, @Nullable String mark) {

        public String full() {
            return mark == null ? text : text + " · " + mark;
        }
    }
}
