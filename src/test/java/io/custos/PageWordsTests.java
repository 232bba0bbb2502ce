package io.custos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * A person reads words, never codes (R-X-1): every page each demo account can reach from its home
 * page, in Chinese and in English, is read as text (what the browser shows, plus placeholders,
 * button values and option labels; never {@code title} or {@code data-} attributes, where codes
 * belong), and any string that looks like an internal code fails the test with the page it is on.
 */
@IntegrationTest
@ActiveProfiles("demo")
class PageWordsTests {

    /** The demo company of the README (its secrets are public there, for the demo only). */
    private static final Map<String, @Nullable String> DEMO = demoAccounts();
    private static final String DEMO_PASSWORD = "Demo#2026";

    /** Pages of one shape (same path with the ids taken out) visited at most this often per person. */
    private static final int PER_SHAPE = 2;
    private static final int MAX_PAGES = 120;

    private static final Pattern UPPER_SNAKE = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final Pattern CAMEL_CASE = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z0-9]*\\b");
    /** Dotted action or message codes: {@code customer.revealed}, {@code identity.sign-in}. */
    private static final Pattern DOTTED = Pattern.compile("\\b[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)+\\b");
    /** English plurals a person should never have to decode. */
    private static final Pattern LAZY_PLURAL = Pattern.compile("[A-Za-z]\\((?:e?s)\\)");
    private static final Pattern UNRESOLVED_MESSAGE = Pattern.compile("\\?\\?[^?]+\\?\\?");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]*@[\\w-]+(?:\\.[\\w-]+)+");
    /** Record digests ({@code sha256:} and base64url) are evidence to compare, not words; any letters may show. */
    private static final Pattern DIGEST = Pattern.compile("sha256:[A-Za-z0-9_-]+");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    static Stream<Arguments> everyDemoAccountInEachLanguage() {
        return DEMO.keySet().stream().flatMap(u -> Stream.of(Arguments.of(u, "zh-CN"), Arguments.of(u, "en")));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyDemoAccountInEachLanguage")
    void noPageShowsAnInternalCode(String username, String language) throws Exception {
        MockHttpSession session = signIn(username);
        Set<String> data = dataValues();
        Set<String> codes = codesThatAreNotWords();
        Set<String> departmentCodes = Set.copyOf(jdbc.sql("select code from department").query(String.class).list());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/"));
        int visited = 0;
        while (!queue.isEmpty() && visited < MAX_PAGES) {
            String url = queue.removeFirst();
            if (!seen.add(url) || shapes.merge(shape(url), 1, Integer::sum) > PER_SHAPE) {
                continue;
            }
            MockHttpServletResponse response = mvc.perform(get(URI.create(url)).session(session)
                    .header("Accept-Language", language)).andReturn().getResponse();
            String type = response.getContentType();
            // A page that sends the person on (a partner's home) is read where it sends them.
            if (response.getStatus() / 100 == 3 && response.getRedirectedUrl() != null) {
                String next = sameSite(response.getRedirectedUrl(), url);
                if (next != null && !seen.contains(next)) {
                    queue.addFirst(next);
                }
                continue;
            }
            if (response.getStatus() != 200 || type == null || !type.startsWith("text/html")) {
                continue;
            }
            visited++;
            Document page = Jsoup.parse(response.getContentAsString(), "http://localhost" + url);
            Set<String> codesHere = codesOn(url, codes, departmentCodes);
            for (String text : visibleTexts(page)) {
                for (String code : codesIn(text, data, codesHere)) {
                    problems.add(url + " shows \"" + code + "\" in \"" + abbreviate(text) + "\"");
                }
            }
            for (Element link : page.select("a[href]")) {
                String next = sameSite(link.attr("href"), url);
                if (next != null && !seen.contains(next)) {
                    queue.addLast(next);
                }
            }
        }
        assertThat(visited).as("pages read").isGreaterThan(1);
        assertThat(new LinkedHashSet<>(problems)).as("codes shown to %s (%s)", username, language).isEmpty();
    }

    /**
     * A bad value on the customer forms is named by the field's label from the catalog, in the page's
     * language, never by its key ("The value of companyName is not valid"): create and edit, with a
     * phone, an e-mail and an ID number that are not valid and an empty company name.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh-CN", "en"})
    void customerFormErrorsNameTheFieldByItsLabel(String language) throws Exception {
        MockHttpSession session = signIn("liu.yang");
        Set<String> data = dataValues();
        Set<String> codes = codesThatAreNotWords();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("phone", "12-ab");
        bad.put("email", "not an address");
        bad.put("idNumber", "123");
        bad.put("companyName", "");
        // One of her own customers: a colleague's record may be seen but not edited.
        String customer = "/customers/" + jdbc.sql("select c.id from customer c join employee e on e.id = c.owner_id "
                + "where e.username = 'liu.yang' order by c.created_at, c.id fetch first 1 rows only")
                .query(java.util.UUID.class).single();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> field : bad.entrySet()) {
            for (String form : List.of("/customers/new", customer + "/edit")) {
                Map<String, String> params = formValues(page(form, session, language));
                params.put("f.companyName", "Words Test " + field.getKey());
                params.put("f." + field.getKey(), field.getValue());
                MockHttpServletRequestBuilder submit = post(form.endsWith("/new") ? "/customers" : customer)
                        .session(session).with(csrf()).header("Accept-Language", language);
                params.forEach(submit::param);
                MockHttpServletResponse response = mvc.perform(submit).andReturn().getResponse();
                Document answer = Jsoup.parse(response.getContentAsString());
                assertThat(answer.select("#problem").text()).as("%s with a bad %s", form, field.getKey()).isNotBlank();
                for (String text : visibleTexts(answer)) {
                    for (String code : codesIn(text, data, codes)) {
                        problems.add(form + " with a bad " + field.getKey() + " shows \"" + code + "\" in \""
                                + abbreviate(text) + "\"");
                    }
                }
            }
        }
        assertThat(problems).as("codes in the form errors (%s)", language).isEmpty();
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("%s answers (redirected to %s)", url, response.getRedirectedUrl())
                .isEqualTo(200);
        return Jsoup.parse(response.getContentAsString(), "http://localhost" + url);
    }

    /** What the form would send as it stands, with every consent box ticked. */
    private static Map<String, String> formValues(Document page) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        Element form = page.selectFirst("#customer-form");
        assertThat(form).isNotNull();
        for (Element input : form.select("input[name], textarea[name], select[name]")) {
            String type = input.attr("type");
            if (type.equals("submit") || input.attr("name").startsWith("clear.")) {
                continue;
            }
            if (input.tagName().equals("select")) {
                Element option = input.selectFirst("option[selected]");
                params.put(input.attr("name"), (option != null ? option : input.selectFirst("option")).attr("value"));
            } else if (type.equals("checkbox")) {
                if (input.attr("name").startsWith("consent.")) {
                    params.put(input.attr("name"), input.attr("value"));
                }
            } else {
                params.put(input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.attr("value"));
            }
        }
        return params;
    }

    private MockHttpSession signIn(String username) throws Exception {
        clock.advance(Duration.ofSeconds(31));
        MockHttpSession session = new MockHttpSession();
        MockHttpServletRequestBuilder login = post("/login").session(session).with(csrf())
                .param("username", username).param("password", DEMO_PASSWORD);
        String secret = DEMO.get(username);
        if (secret != null) {
            login = login.param("otp", TestAccounts.totp(secret, clock.instant()));
        }
        String target = mvc.perform(login).andReturn().getResponse().getRedirectedUrl();
        assertThat(target).as("%s signs in", username).isEqualTo("/");
        return session;
    }

    /** Text the person reads: text nodes outside scripts and styles, and the words of controls. */
    @Test
    void aRecordDigestIsEvidenceNotACodeButACodeBesideItIsStillFound() {
        // A base64url digest may hold "-zV7Y…", which reads as camelCase; it failed CI once by chance.
        assertThat(codesIn("sha256:FffqUPTld4RnuHrjUiG9XN8EEv-zV7YJN8WHgDFDzpI", Set.of(), Set.of())).isEmpty();
        assertThat(codesIn("sha256:FffqUPTld4RnuHrjUiG9XN8EEv-zV7YJN8WHgDFDzpI customerId", Set.of(), Set.of()))
                .containsExactly("customerId");
    }

    static List<String> visibleTexts(Document page) {
        List<String> texts = new ArrayList<>();
        page.select("script, style, template, noscript").remove();
        NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
            if (node instanceof TextNode text && !text.isBlank()) {
                texts.add(text.text().strip());
            }
        }, page.body());
        for (Element control : page.select("[placeholder], input[type=submit][value], input[type=button][value], img[alt]")) {
            for (String attribute : List.of("placeholder", "value", "alt")) {
                if (control.hasAttr(attribute) && !control.attr(attribute).isBlank()
                        && !(attribute.equals("value") && !control.attr("type").matches("submit|button"))) {
                    texts.add(control.attr(attribute));
                }
            }
        }
        return texts;
    }

    /** The code-like strings of one text, leaving out values that are data (names, e-mails, ids). */
    static List<String> codesIn(String text, Set<String> data, Set<String> codes) {
        String words = DIGEST.matcher(UUID.matcher(EMAIL.matcher(text).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        for (String value : data) {
            if (words.contains(value)) {
                words = words.replace(value, " ");
            }
        }
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(UPPER_SNAKE, CAMEL_CASE, DOTTED, LAZY_PLURAL, UNRESOLVED_MESSAGE)) {
            Matcher m = pattern.matcher(words);
            while (m.find()) {
                found.add(m.group());
            }
        }
        for (String token : words.split("[^A-Za-z0-9_]+")) {
            if (codes.contains(token)) {
                found.add(token);
            }
        }
        return found;
    }

    /** Values people typed or imported: shown as they are, whatever their shape. */
    private Set<String> dataValues() {
        Set<String> values = new HashSet<>();
        values.addAll(jdbc.sql("select username from employee").query(String.class).list());
        values.addAll(jdbc.sql("select display_name from employee").query(String.class).list());
        values.addAll(jdbc.sql("select name_en from department").query(String.class).list());
        values.addAll(jdbc.sql("select plain_value from customer_value where plain_value is not null and length(plain_value) < 200")
                .query(String.class).list());
        values.removeIf(v -> v == null || v.isBlank());
        return values;
    }

    /**
     * Codes that look like ordinary words to the patterns: roles, purposes and department codes
     * (where a department has a name, the name is what a person reads).
     */
    private Set<String> codesThatAreNotWords() {
        Set<String> codes = new HashSet<>(List.of("EMPLOYEE", "DEPT_HEAD", "ADMIN_OFFICER", "SECURITY_ADMIN",
                "SYSTEM_ADMIN", "AUDITOR", "MANAGEMENT", "PARTNER", "CUSTOMER", "SHOW", "MASK", "DENY", "ALLOWED",
                "DENIED", "ACTIVE", "DEPARTED", "ON_NOTICE", "SECURITY", "ADMINISTRATION", "ACCESS"));
        codes.addAll(jdbc.sql("select code from purpose").query(String.class).list());
        codes.addAll(jdbc.sql("select code from department").query(String.class).list());
        return codes;
    }

    /**
     * The system administrator's department pages are where department codes are typed and kept, so
     * there a code is the data being edited; everywhere else a person reads the department's name.
     */
    static Set<String> codesOn(String url, Set<String> codes, Set<String> departmentCodes) {
        if (!url.startsWith("/admin/departments")) {
            return codes;
        }
        Set<String> here = new HashSet<>(codes);
        here.removeAll(departmentCodes);
        return here;
    }

    /** A same-site page address worth reading, or null (sign-out, downloads, the API, fragments). */
    static @Nullable String sameSite(String href, String from) {
        if (href.isBlank() || href.startsWith("#") || href.startsWith("mailto:") || href.startsWith("javascript:")) {
            return null;
        }
        URI target = URI.create("http://localhost" + from).resolve(href.replace(" ", "%20"));
        if (!"localhost".equals(target.getHost()) || target.getPort() != -1) {
            return null;
        }
        String path = target.getRawPath();
        if (path.startsWith("/api/") || path.startsWith("/logout") || path.startsWith("/webjars/")
                || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/swagger")
                || path.startsWith("/v3/") || path.startsWith("/actuator") || path.endsWith("/export")
                || path.contains("/export/") || path.endsWith(".csv") || path.endsWith(".xlsx")
                || path.endsWith(".pdf") || path.endsWith("/report")) {
            return null;
        }
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }

    /** The path with ids and numbers taken out, and the names of its query parameters. */
    static String shape(String url) {
        String[] parts = url.split("\\?", 2);
        String path = parts[0].replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}").replaceAll("/\\d+", "/{n}");
        String query = parts.length > 1 ? parts[1].replaceAll("=[^&]*", "") : "";
        return path + "?" + query;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    private static Map<String, @Nullable String> demoAccounts() {
        Map<String, @Nullable String> accounts = new java.util.LinkedHashMap<>();
        accounts.put("zhang.wei", null);
        accounts.put("liu.yang", null);
        accounts.put("li.na", null);
        accounts.put("huang.li", null);
        accounts.put("wang.fang", null);
        accounts.put("zhao.lei", "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU");
        accounts.put("sun.hao", "ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S");
        accounts.put("zhou.min", "MF2WI2LUN5ZCAZDFNVXSA43FMNZGK5BA");
        accounts.put("chen.jie", "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S");
        accounts.put("ocean.agent", null);
        return accounts;
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
