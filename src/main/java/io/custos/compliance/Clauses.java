package io.custos.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a policy version into its numbered clauses. A policy is written in Markdown: each level-two
 * heading is a chapter, and the chapter's numbered or bulleted list items and level-three headings
 * are its clauses ({@code 4.3}); a chapter without them is one clause ({@code 7}). A policy pasted as
 * plain text, like the company's original ({@code 一、总则} then {@code 1.目的}), is read the same way
 * from its numbering. Both languages are split alike and paired by position; the Chinese text decides
 * the clauses, since it is the text the company approves.
 */
final class Clauses {

    private static final int EXCERPT = 280;
    private static final Pattern H2 = Pattern.compile("^##\\s+(.+)$");
    private static final Pattern H3 = Pattern.compile("^###\\s+(.+)$");
    private static final Pattern ITEM = Pattern.compile("^(?:\\d+[.)]|[-*+])\\s+(.+)$");
    private static final Pattern PLAIN_CHAPTER = Pattern.compile("^([一二三四五六七八九十]+)、\\s*(.+)$");
    private static final Pattern PLAIN_ITEM = Pattern.compile("^\\d+[.．、]\\s*(.+)$");
    private static final Pattern ORDINAL = Pattern.compile("^([一二三四五六七八九十]+|\\d+)[、.．]?\\s*(.*)$");

    private Clauses() {
    }

    /** A chapter as read: heading (with its ordinal), the text before any item, the items. */
    record Chapter(String heading, StringBuilder lead, List<StringBuilder> items) {
    }

    static List<Clause> of(String bodyZh, String bodyEn) {
        List<Chapter> zh = chapters(bodyZh);
        List<Chapter> en = chapters(bodyEn);
        List<Clause> clauses = new ArrayList<>();
        for (int c = 0; c < zh.size(); c++) {
            Chapter z = zh.get(c);
            Chapter e = c < en.size() ? en.get(c) : z;
            String[] headZh = ordinal(z.heading(), String.valueOf(c + 1));
            String[] headEn = ordinal(e.heading(), String.valueOf(c + 1));
            if (z.items().isEmpty()) {
                clauses.add(new Clause(String.valueOf(c + 1), headZh[0], headEn[0], headZh[1], headEn[1],
                        excerpt(z.lead().toString()), excerpt(e.lead().toString())));
                continue;
            }
            for (int i = 0; i < z.items().size(); i++) {
                String textZh = z.items().get(i).toString();
                String textEn = i < e.items().size() && e != z ? e.items().get(i).toString() : textZh;
                String key = (c + 1) + "." + (i + 1);
                clauses.add(new Clause(key, headZh[0] + "." + (i + 1), headEn[0] + "." + (i + 1), headZh[1],
                        headEn[1], excerpt(textZh), excerpt(textEn)));
            }
        }
        return clauses;
    }

    static List<Chapter> chapters(String body) {
        String[] lines = body.replace("\r\n", "\n").split("\n");
        boolean markdown = false;
        for (String line : lines) {
            if (H2.matcher(line.strip()).matches()) {
                markdown = true;
                break;
            }
        }
        List<Chapter> chapters = new ArrayList<>();
        Chapter current = null;
        StringBuilder item = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                item = markdown ? null : item;
                continue;
            }
            Matcher chapter = (markdown ? H2 : PLAIN_CHAPTER).matcher(line);
            if (chapter.matches()) {
                current = new Chapter(markdown ? chapter.group(1).strip() : line, new StringBuilder(), new ArrayList<>());
                chapters.add(current);
                item = null;
                continue;
            }
            if (current == null) {
                continue; // the title and any preamble before the first chapter
            }
            Matcher h3 = H3.matcher(line);
            Matcher listItem = (markdown ? ITEM : PLAIN_ITEM).matcher(line);
            boolean topLevel = !raw.startsWith(" ") && !raw.startsWith("\t");
            if (h3.matches() || (listItem.matches() && topLevel)) {
                item = new StringBuilder(h3.matches() ? h3.group(1) : markdown ? listItem.group(1) : line);
                current.items().add(item);
            } else if (item != null) {
                item.append(' ').append(line);
            } else if (current.items().isEmpty()) {
                current.lead().append(current.lead().isEmpty() ? "" : " ").append(line);
            }
        }
        return chapters;
    }

    /** The chapter's ordinal as written ({@code 四}, {@code 4}) and its heading without it. */
    private static String[] ordinal(String heading, String fallback) {
        String text = plain(heading);
        Matcher m = ORDINAL.matcher(text);
        if (m.matches() && !m.group(2).isBlank()) {
            return new String[] {m.group(1), m.group(2).strip()};
        }
        return new String[] {fallback, text};
    }

    static String excerpt(String markdown) {
        String text = plain(markdown);
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 1).strip() + "…";
    }

    /** Markdown marks removed: emphasis, links' targets, heading and quote signs. */
    static String plain(String markdown) {
        return markdown.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("[*_`>#]+", "")
                .replaceAll("\\s+", " ").strip();
    }
}
