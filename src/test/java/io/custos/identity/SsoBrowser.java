package io.custos.identity;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A person's browser for the single sign-on tests (issue 24.1): keeps cookies, follows the real
 * redirects between Custos and the provider by hand, and stops where Custos answers for itself.
 */
final class SsoBrowser {

    static final String ISSUER_ID = "corp";
    static final String CLIENT_ID = "custos-test";

    private final HttpClient http;
    private final String base;

    SsoBrowser(int port) {
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = "http://localhost:" + port;
    }

    /** The provider's next ID token: this subject, these claims, this audience, this many seconds to live. */
    static void nextToken(MockOAuth2Server provider, String subject, Map<String, Object> claims,
            List<String> audience, long lifetimeSeconds) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", audience, claims,
                lifetimeSeconds));
    }

    static void nextToken(MockOAuth2Server provider, String subject, Map<String, Object> claims) {
        nextToken(provider, subject, claims, List.of(CLIENT_ID), 3600);
    }

    static String newSubject() {
        return "sub-" + UUID.randomUUID();
    }

    /** "Sign in with …": through the provider and back; returns where Custos sends the person then. */
    String signIn() throws IOException, InterruptedException {
        HttpResponse<String> response = get(base + "/oauth2/authorization/custos");
        for (int hop = 0; hop < 10; hop++) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() != 302 || location == null) {
                throw new AssertionError("no redirect: " + response.statusCode() + " " + response.body());
            }
            URI next = URI.create(base + "/").resolve(location);
            boolean custos = next.toString().startsWith(base + "/");
            if (custos && !next.getPath().startsWith("/login/oauth2/code/")) {
                return next.getPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
            }
            response = get(next.toString());
        }
        throw new AssertionError("too many redirects");
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        String target = url.startsWith("/") ? base + url : url;
        return http.send(HttpRequest.newBuilder(URI.create(target)).header("Accept-Language", "en").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form post with the page's CSRF token. */
    HttpResponse<String> post(String path, String formPage, Map<String, String> fields)
            throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(formPage).body());
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token on " + formPage);
        }
        StringBuilder body = new StringBuilder("_csrf=").append(csrf.group(1));
        fields.forEach((k, v) -> body.append('&').append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether this browser is signed in as {@code username}: the account page opens and names them. */
    boolean signedInAs(String username) throws IOException, InterruptedException {
        HttpResponse<String> account = get("/account");
        return account.statusCode() == 200 && account.body().contains(username);
    }
}
