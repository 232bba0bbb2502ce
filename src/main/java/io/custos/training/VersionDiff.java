package io.custos.training;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import org.jspecify.annotations.Nullable;

/**
 * What a version changes against the version in force, line by line (java-diff-utils' Myers
 * diff), for management to read before approving it (issue 14.11): per language, the title and
 * the text, with long unchanged stretches folded to a few lines of context around each change.
 */
public record VersionDiff(int fromNumber, int toNumber, Section chinese, Section english) {

    /** Lines of context kept around each change. */
    static final int CONTEXT = 2;

    public enum Kind { SAME, REMOVED, ADDED, FOLDED }

    /** One line: kept, removed, added, or a fold standing for {@code folded} unchanged lines. */
    public record Line(Kind kind, String text, int folded) {
    }

    public record Section(List<Line> lines) {
        public Section {
            lines = List.copyOf(lines);
        }

        public boolean changed() {
            return lines.stream().anyMatch(l -> l.kind() == Kind.ADDED || l.kind() == Kind.REMOVED);
        }
    }

    public boolean changed() {
        return chinese.changed() || english.changed();
    }

    /** {@code to} against {@code from}; null when there is nothing to compare with. */
    static @Nullable VersionDiff of(@Nullable VersionView from, VersionView to) {
        if (from == null) {
            return null;
        }
        DocumentContent a = from.content();
        DocumentContent b = to.content();
        return new VersionDiff(from.number(), to.number(), section(a.titleZh(), a.bodyZh(), b.titleZh(), b.bodyZh()),
                section(a.titleEn(), a.bodyEn(), b.titleEn(), b.bodyEn()));
    }

    private static Section section(String oldTitle, String oldBody, String newTitle, String newBody) {
        return new Section(lines(text(oldTitle, oldBody), text(newTitle, newBody)));
    }

    /** The title as the first line, as a Markdown heading, then the text. */
    private static List<String> text(String title, String body) {
        List<String> lines = new ArrayList<>();
        lines.add("# " + title);
        lines.add("");
        lines.addAll(body.lines().toList());
        return lines;
    }

    static List<Line> lines(List<String> original, List<String> revised) {
        Patch<String> patch = DiffUtils.diff(original, revised);
        List<Line> lines = new ArrayList<>();
        int position = 0;
        boolean first = true;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int start = delta.getSource().getPosition();
            same(lines, original.subList(position, start), first, false);
            delta.getSource().getLines().forEach(l -> lines.add(new Line(Kind.REMOVED, l, 0)));
            delta.getTarget().getLines().forEach(l -> lines.add(new Line(Kind.ADDED, l, 0)));
            position = start + delta.getSource().size();
            first = false;
        }
        same(lines, original.subList(position, original.size()), first, true);
        return lines;
    }

    /**
     * Unchanged lines, folded but for {@link #CONTEXT} lines next to a change: none before the first
     * change or after the last, all of them where a fold would hide no more than one line.
     */
    private static void same(List<Line> lines, List<String> same, boolean first, boolean last) {
        int head = first ? 0 : CONTEXT;
        int tail = last ? 0 : CONTEXT;
        if (same.size() <= head + tail + 1) {
            same.forEach(l -> lines.add(new Line(Kind.SAME, l, 0)));
            return;
        }
        same.subList(0, head).forEach(l -> lines.add(new Line(Kind.SAME, l, 0)));
        lines.add(new Line(Kind.FOLDED, "", same.size() - head - tail));
        same.subList(same.size() - tail, same.size()).forEach(l -> lines.add(new Line(Kind.SAME, l, 0)));
    }
}
