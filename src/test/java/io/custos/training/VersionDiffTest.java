package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The changes management reads before approving a version, without Spring. */
class VersionDiffTest {

    @Test
    void marksRemovedAndAddedLinesAndFoldsTheUnchangedOnesAwayFromAChange() {
        List<String> before = IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).toList();
        List<String> after = new java.util.ArrayList<>(before);
        after.set(9, "line ten, changed");
        List<VersionDiff.Line> lines = VersionDiff.lines(before, after);
        assertThat(lines).extracting(l -> l.kind() + ":" + (l.kind() == VersionDiff.Kind.FOLDED ? l.folded() : l.text()))
                .containsExactly("FOLDED:7", "SAME:line 8", "SAME:line 9", "REMOVED:line 10", "ADDED:line ten, changed",
                        "SAME:line 11", "SAME:line 12", "FOLDED:8");
    }

    @Test
    void comparesTitleAndTextPerLanguageAgainstTheVersionInForce() {
        VersionView inForce = version(1, new DocumentContent("规定", "Rules", "甲\n乙", "A\nB"));
        VersionView draft = version(2, new DocumentContent("规定", "New rules", "甲\n乙", "A\nB"));
        VersionDiff diff = VersionDiff.of(inForce, draft);
        assertThat(diff.chinese().changed()).isFalse();
        assertThat(diff.english().lines()).extracting(VersionDiff.Line::text).contains("# Rules", "# New rules");
        assertThat(diff.changed()).isTrue();
        assertThat(VersionDiff.of(null, draft)).isNull();
        assertThat(VersionDiff.of(inForce, inForce).changed()).isFalse();
    }

    private static VersionView version(int number, DocumentContent content) {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T08:00:00Z");
        return new VersionView(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), DocumentKind.POLICY, number,
                VersionState.SUBMITTED, content, null, now, now, null, null, null, null, null);
    }
}
