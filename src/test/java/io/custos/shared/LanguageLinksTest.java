package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.custos.shared.web.LanguageLinks;

/** The language switch links back to the page being shown, with its query, and never to another site (issue 14.10). */
class LanguageLinksTest {

    final LanguageLinks links = new LanguageLinks();

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void keepsThePathAndTheQueryAndReplacesOnlyTheLanguage() {
        on("/customers", "name=%E8%B4%B8%E6%98%93&page=2&lang=zh-CN");
        assertThat(links.to("en")).isEqualTo("/customers?name=%E8%B4%B8%E6%98%93&page=2&lang=en");
    }

    @Test
    void cannotBeTurnedIntoALinkToAnotherSite() {
        on("//evil.example/phish", null);
        assertThat(links.to("en")).isEqualTo("/evil.example/phish?lang=en");
        on("/customers", "next=https://evil.example&x=%ZZ");
        assertThat(links.to("en")).startsWith("/").doesNotStartWith("//");
    }

    @Test
    void anErrorPageSwitchesRelativelyWithoutWritingTheFailedAddressIntoThePage() {
        MockHttpServletRequest request = on("/error", null);
        request.setAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/problems/13800138000");
        assertThat(links.to("zh-CN")).isEqualTo("?lang=zh-CN");
    }

    private static MockHttpServletRequest on(String path, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setQueryString(query);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }
}
