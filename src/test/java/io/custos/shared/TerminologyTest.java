package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One term per concept in both languages (issue 14.7, R-X-1): L4 is 绝密 (never 秘密) and masking is
 * 掩码 (never 脱敏) in the bundles, pages, mail, training templates, demo quiz and docs, and the
 * glossary names both.
 */
class TerminologyTest {

    /** The word not to use, and the one the glossary chose instead. */
    static final Map<String, String> REPLACED = Map.of("秘密", "绝密", "脱敏", "掩码");

    @Test
    void everyChineseTextUsesTheGlossarysTerm() throws IOException {
        List<Path> texts;
        try (Stream<Path> main = Files.walk(Path.of("src/main"))) {
            texts = Stream.concat(main.filter(Files::isRegularFile)
                            .filter(p -> p.toString().matches(".*\\.(java|properties|html|md|txt|sql)$")),
                    Stream.of(Path.of("README.md")))
                    .filter(p -> !p.toString().contains("db/migration")) // applied migrations never change
                    .toList();
        }
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            texts = Stream.concat(texts.stream(), docs.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals("glossary.md"))).toList();
        }
        assertThat(texts).hasSizeGreaterThan(50);
        for (Path text : texts) {
            String content = Files.readString(text, StandardCharsets.UTF_8);
            REPLACED.forEach((avoided, chosen) -> assertThat(content)
                    .as("%s uses %s where the glossary says %s", text, avoided, chosen).doesNotContain(avoided));
        }
    }

    @Test
    void theGlossaryNamesTheChosenTerms() throws IOException {
        String glossary = Files.readString(Path.of("docs/glossary.md"), StandardCharsets.UTF_8);
        assertThat(glossary).contains("| L4 secret | 绝密", "| masked | 掩码", "| reveal | 查看明文");
    }
}
