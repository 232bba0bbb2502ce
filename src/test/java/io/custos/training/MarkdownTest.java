package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Documents and lessons are written by people: what they write is shown, never run. */
class MarkdownTest {

    @Test
    void rendersMarkdownAndShowsRawHtmlAsText() {
        String html = Markdown.toHtml("## 规定\n\n- **Lock** it\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assertThat(html).contains("<h2>规定</h2>", "<li><strong>Lock</strong> it</li>", "&lt;script&gt;",
                "&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<script", "<img");
    }

    @Test
    void keepsOnlyRelativeHttpAndMailtoAddresses() {
        assertThat(Markdown.toHtml("[a](https://example.com/x) [b](/training) [c](mailto:a@example.com)"))
                .contains("href=\"https://example.com/x\"", "href=\"/training\"", "href=\"mailto:a@example.com\"");
        assertThat(Markdown.toHtml("[x](javascript:alert(1)) [y](<java\tscript:alert(1)>) [z](data:text/html,hi) "
                + "[w](//evil.example/) ![i](vbscript:x)"))
                .doesNotContain("javascript", "script:", "data:", "evil.example", "vbscript");
    }
}
