package io.custos.identity;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The page chain's part of single sign-on (issue 24.1): Spring Security's OAuth2 login on
 * {@code /oauth2/authorization/custos} and {@code /login/oauth2/code/custos}, with Custos deciding
 * who signs in ({@link SsoSignIn}). Only applied when {@code custos.sso.enabled}.
 */
final class SsoConfiguration {

    private SsoConfiguration() {
    }

    static void configure(HttpSecurity http, SsoProperties sso, SsoSignIn signIn) throws Exception {
        http.oauth2Login(login -> login
                .loginPage("/login")
                .clientRegistrationRepository(new DiscoveredRegistration(sso))
                .authorizedClientRepository(new NothingKept())
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(signIn))
                .successHandler(signIn.new SuccessHandler())
                .failureHandler(signIn.failure())
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        // A provider that cannot be reached lands on the sign-in page, not on a 500.
                        filter.setAuthenticationFailureHandler(signIn.failure());
                        return filter;
                    }
                }));
    }

    /**
     * The provider's endpoints and keys come from its discovery document, read at the first sign-in
     * rather than at start-up: Custos starts (and password sign-in works) while the provider is down,
     * and a failed read is tried again at the next sign-in.
     */
    static final class DiscoveredRegistration implements ClientRegistrationRepository {
        private static final Logger log = LoggerFactory.getLogger(DiscoveredRegistration.class);
        private final SsoProperties sso;
        private final AtomicReference<@Nullable ClientRegistration> found = new AtomicReference<>();

        DiscoveredRegistration(SsoProperties sso) {
            this.sso = sso;
        }

        @Override
        public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
            if (!SsoProperties.REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            ClientRegistration registration = found.get();
            if (registration == null) {
                try {
                    registration = ClientRegistrations.fromIssuerLocation(java.util.Objects.requireNonNull(sso.issuerUri()))
                            .registrationId(SsoProperties.REGISTRATION_ID)
                            .clientId(java.util.Objects.requireNonNull(sso.clientId()))
                            .clientSecret(sso.clientSecret() == null ? "" : sso.clientSecret())
                            .clientAuthenticationMethod(sso.clientSecret() == null ? ClientAuthenticationMethod.NONE
                                    : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                            .scope(sso.scopes())
                            .clientName(sso.providerName())
                            .build();
                } catch (RuntimeException e) {
                    // The class only: the message may carry the provider's answer.
                    log.warn("Single sign-on provider's discovery document could not be read: {}",
                            e.getClass().getSimpleName());
                    throw new IllegalStateException("provider unavailable");
                }
                found.compareAndSet(null, registration);
            }
            return registration;
        }
    }

    /** Custos calls no API of the provider: its tokens are not kept after the sign-in. */
    static final class NothingKept implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
                @Nullable Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, @Nullable Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
