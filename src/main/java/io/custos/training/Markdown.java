package io.custos.training;

import java.util.Locale;
import java.util.regex.Pattern;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Turns the Markdown of policy documents and lessons into HTML that is safe to put into a page:
 * raw HTML in the source is escaped, not passed through, and a link or image address is kept only
 * when it is relative or uses http, https or mailto, so a {@code <script>} or a
 * {@code javascript:} link written into a document shows up as text or goes nowhere.
 */
public final class Markdown {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final UrlSanitizer ADDRESSES = new UrlSanitizer() {
        @Override
        public String sanitizeLinkUrl(String url) {
            return allowed(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return allowed(url) ? url : "";
        }
    };
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(ADDRESSES).build();

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }

    static boolean allowed(String url) {
        // Browsers drop white space and control characters inside a scheme ("java\tscript:"), so the
        // check looks at the address without them.
        String address = CONTROL.matcher(url).replaceAll("").toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(address).find()) {
            return !address.startsWith("//");
        }
        return address.startsWith("http:") || address.startsWith("https:") || address.startsWith("mailto:");
    }
}
