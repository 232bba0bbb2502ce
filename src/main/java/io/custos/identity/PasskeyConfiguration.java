package io.custos.identity;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Spring Security's WebAuthn relying party over its JDBC repositories (tables of migration V103).
 * {@code http.webAuthn()} in {@link SecurityConfiguration} finds these beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasskeyProperties.class)
class PasskeyConfiguration {

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUserEntities(JdbcOperations jdbc) {
        return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
    }

    @Bean
    UserCredentialRepository passkeyCredentials(JdbcOperations jdbc) {
        return new JdbcUserCredentialRepository(jdbc);
    }

    @Bean
    WebAuthnRelyingPartyOperations passkeyRelyingParty(PublicKeyCredentialUserEntityRepository userEntities,
            UserCredentialRepository credentials, PasskeyProperties properties, ListeningPort port) {
        Webauthn4JRelyingPartyOperations relyingParty = new Webauthn4JRelyingPartyOperations(userEntities,
                credentials,
                PublicKeyCredentialRpEntity.builder().id(properties.rpId()).name(properties.rpName()).build(),
                properties.originsOr(port::get));
        // Only passkeys that verify their user (PIN, biometrics) are made: a sign-in with one alone
        // stands for two factors, and one that cannot verify would be refused at every sign-in.
        relyingParty.setCustomizeCreationOptions(options -> options.authenticatorSelection(
                AuthenticatorSelectionCriteria.builder().userVerification(UserVerificationRequirement.REQUIRED)
                        .residentKey(ResidentKeyRequirement.REQUIRED).build()));
        return relyingParty;
    }

    @Bean
    ListeningPort listeningPort(@Value("${server.port:8080}") int configured) {
        return new ListeningPort(configured);
    }

    /** The port the server listens on, once it has started (server.port 0 picks a free one). */
    static final class ListeningPort implements ApplicationListener<WebServerInitializedEvent> {
        private final AtomicInteger port;

        ListeningPort(int configured) {
            this.port = new AtomicInteger(configured);
        }

        int get() {
            return port.get();
        }

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            if (!"management".equals(event.getApplicationContext().getServerNamespace())) {
                port.set(event.getWebServer().getPort());
            }
        }
    }
}
