package io.custos.support;

import java.util.Map;
import java.util.Objects;

import org.springframework.web.util.UriComponentsBuilder;

import io.custos.identity.CredentialLinks;

/**
 * Tests sign in as an account an administrator made the way its owner does (issue 24.4): by
 * opening the single-use link, here through the same service the link page calls.
 */
public final class OneTimePasswords {

    private OneTimePasswords() {
    }

    public static String token(String link) {
        return Objects.requireNonNull(UriComponentsBuilder.fromUriString(link).build().getQueryParams().getFirst("token"));
    }

    /** Opens the link (as nobody signed in, from a documentation address) and answers the password it shows. */
    public static String open(CredentialLinks links, String link) {
        return links.reveal(token(link), null, "192.0.2.1").oneTimePassword();
    }

    /** The same from an API answer ({@code link} member). */
    public static String open(CredentialLinks links, Map<String, Object> credential) {
        return open(links, String.valueOf(credential.get("link")));
    }
}
