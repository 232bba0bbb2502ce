package io.custos.identity;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkeys (WebAuthn), {@code custos.security.passkeys.*}: the relying party id is the host name the
 * pages are reached at (a passkey made for one host name works only there), and the allowed origins
 * are the exact page addresses. Empty origins: {@code http://<rp-id>:<server.port>}, which is the
 * README's demo address.
 */
@ConfigurationProperties("custos.security.passkeys")
record PasskeyProperties(@DefaultValue("localhost") String rpId, @DefaultValue("Custos") String rpName,
        @Nullable Set<String> allowedOrigins) {

    /**
     * The configured origins, or the one at the port the server listens on: read at each check,
     * because the port is known only once the server has started (0 in tests means "any free one").
     */
    Set<String> originsOr(IntSupplier serverPort) {
        if (allowedOrigins != null && !allowedOrigins.isEmpty()) {
            return Set.copyOf(allowedOrigins);
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Set.of("http://" + rpId + ":" + serverPort.getAsInt()).iterator();
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }
}
