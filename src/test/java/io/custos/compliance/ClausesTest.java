package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Issue 22.1: the policy in force is split into its numbered clauses, in both languages alike. */
class ClausesTest {

    @Test
    void splitsTheTemplatePolicyIntoChaptersAndTheirItemsPairedAcrossLanguages() throws IOException {
        List<Clause> clauses = Clauses.of(read("training/template-policy.zh.md"), read("training/template-policy.en.md"));

        assertThat(clauses).extracting(Clause::key).containsExactly("1", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2",
                "3.3", "3.4", "3.5", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "6.1", "6.2",
                "6.3", "7", "8", "9", "10");
        Clause reveal = clauses.stream().filter(c -> c.key().equals("4.3")).findFirst().orElseThrow();
        assertThat(reveal.numberZh()).isEqualTo("四.3");
        assertThat(reveal.numberEn()).isEqualTo("4.3");
        assertThat(reveal.headingZh()).isEqualTo("客户信息的收集和使用");
        assertThat(reveal.headingEn()).isEqualTo("Collecting and using customer information");
        assertThat(reveal.textZh()).startsWith("只能出于可以说明的业务目的查看客户信息");
        assertThat(reveal.textEn()).startsWith("Look at customer information only for");
        assertThat(reveal.textZh()).doesNotContain("**", "#");
    }

    @Test
    void readsAPolicyPastedAsPlainTextByItsNumbering() {
        String text = """
                贸易公司员工客户信息保密管理制度

                一、总则

                1.目的

                为保护贸易公司及其客户的合法权益，特制定本制度。

                三、管理流程

                1.客户信息的收集与获取

                员工在业务活动中收集客户信息时，必须明确告知客户。

                2.客户信息的存储与保管

                客户信息应存储在公司安全的信息系统中，采用加密技术。
                """;

        List<Clause> clauses = Clauses.of(text, text);

        assertThat(clauses).extracting(Clause::key).containsExactly("1.1", "2.1", "2.2");
        assertThat(clauses.get(2).numberZh()).isEqualTo("三.2");
        assertThat(clauses.get(2).headingZh()).isEqualTo("管理流程");
        assertThat(clauses.get(2).textZh()).contains("2.客户信息的存储与保管").contains("采用加密技术");
    }

    @Test
    void aChapterWithoutItemsIsOneClauseAndLongTextIsShortened() {
        String zh = "## 七、离职\n\n" + "交接".repeat(300) + "\n";
        String en = "## 7. Leaving\n\nHand over.\n";

        List<Clause> clauses = Clauses.of(zh, en);

        assertThat(clauses).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("1");
            assertThat(c.numberZh()).isEqualTo("七");
            assertThat(c.textZh()).hasSizeLessThanOrEqualTo(280).endsWith("…");
            assertThat(c.textEn()).isEqualTo("Hand over.");
        });
    }

    @Test
    void theDefaultMapRecognisesTheTemplateAndTheCompanysOriginalText() throws IOException {
        List<Clause> template = Clauses.of(read("training/template-policy.zh.md"), read("training/template-policy.en.md"));
        Map<String, Set<Control>> map = DefaultMaps.of(template);

        assertThat(map.get("5.1")).containsExactlyInAnyOrder(Control.SHARING_GRANTS, Control.EXPORT_APPROVAL);
        assertThat(map.get("7")).containsExactly(Control.HANDOVER);
        assertThat(map).doesNotContainKeys("1", "5.3", "6.2");

        List<Clause> original = Clauses.of("三、管理流程\n\n1.客户信息的收集与获取\n\n告知。\n\n2.客户信息的存储与保管\n\n加密。\n", "x");
        assertThat(DefaultMaps.of(original).get("1.2")).contains(Control.CLASSIFICATION_AND_ENCRYPTION, Control.BACKUPS);

        List<Clause> rewritten = Clauses.of("## 一、我们的规定\n\n1. 加密。\n", "## 1. Our rules\n\n1. Encrypt.\n");
        assertThat(DefaultMaps.of(rewritten)).isEmpty();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ClausesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
