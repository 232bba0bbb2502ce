package io.custos.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on with the company's OpenID provider, {@code custos.sso.*} (issue 24.1, R-IT-1). Off by
 * default. The provider only says who someone is: the account, its roles and its state stay
 * Custos's. Checked at start-up, so a deployment with a mistake does not start rather than let the
 * wrong people in.
 *
 * @param providerName   the words on the sign-in button ("Sign in with …")
 * @param matchBy        which claim finds the Custos account on a first sign-in: {@code username}
 *                       (the {@code username-claim} against the account's username) or {@code email}
 * @param secondFactorAmr {@code amr} values of the ID token that count as a second factor at the
 *                       provider (e.g. {@code mfa}, {@code otp}); empty: none does
 * @param secondFactorAcr {@code acr} values that do
 * @param disableLocalPasswords an account linked to the provider no longer signs in with its Custos password
 * @param provisioning   accounts made from the provider's claims, off unless enabled
 */
@ConfigurationProperties("custos.sso")
record SsoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("OpenID") String providerName,
        @Nullable String issuerUri, @Nullable String clientId, @Nullable String clientSecret,
        @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
        @DefaultValue("username") String matchBy, @DefaultValue("preferred_username") String usernameClaim,
        @DefaultValue("email") String emailClaim, @DefaultValue List<String> secondFactorAmr,
        @DefaultValue List<String> secondFactorAcr, @DefaultValue("false") boolean disableLocalPasswords,
        @DefaultValue Provisioning provisioning) {

    /** The registration id in the callback path, /login/oauth2/code/custos. */
    static final String REGISTRATION_ID = "custos";

    SsoProperties {
        if (!"username".equals(matchBy) && !"email".equals(matchBy)) {
            throw new IllegalArgumentException("custos.sso.match-by must be username or email");
        }
        if (enabled) {
            if (blank(issuerUri) || blank(clientId)) {
                throw new IllegalArgumentException("custos.sso.issuer-uri and custos.sso.client-id are required when "
                        + "custos.sso.enabled is true");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("custos.sso.scopes must include openid");
            }
        }
    }

    boolean matchByEmail() {
        return "email".equals(matchBy);
    }

    /**
     * Accounts made at a first sign-in for a person the provider knows and Custos does not. The
     * {@code role-claim} (a list of group or role names) maps through {@code roles} to Custos roles.
     * A mapping to a separated duty (system administrator, security administrator, auditor), to a
     * partner's or a customer's role is refused at start-up: those are given by people, never by a
     * claim. Roles that reach customer content are only requested, and wait for a second person's
     * approval like any other grant.
     */
    record Provisioning(@DefaultValue("false") boolean enabled, @DefaultValue("groups") String roleClaim,
            @DefaultValue Map<String, Role> roles) {

        Provisioning {
            for (Map.Entry<String, Role> mapping : roles.entrySet()) {
                if (!Role.STAFF.contains(mapping.getValue()) || Role.SEPARATED_DUTIES.contains(mapping.getValue())) {
                    throw new IllegalArgumentException("custos.sso.provisioning.roles." + mapping.getKey() + ": "
                            + mapping.getValue() + " is never given by a claim");
                }
            }
        }

        Set<Role> rolesFor(List<String> groups) {
            java.util.EnumSet<Role> found = java.util.EnumSet.noneOf(Role.class);
            groups.forEach(group -> {
                Role role = roles.get(group);
                if (role != null) {
                    found.add(role);
                }
            });
            return found;
        }
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
