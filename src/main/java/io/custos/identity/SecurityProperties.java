package io.custos.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in rules, {@code custos.security.*}. The password defaults follow MLPS 2.0 (等保): at least 8
 * characters from 3 of 4 classes, changed every 90 days. That deliberately differs from ASVS 5
 * (no composition rules, no forced rotation); docs/security-model.md explains the choice.
 * {@code max-sessions}: page sessions one person may have at once, on all nodes together; signing in
 * once more ends the least recently used. {@code require-second-factor-for-all}: every account, not
 * only the privileged roles, must enrol a second factor before anything else (MLPS 2.0 level 3).
 * {@code password.history}: a new password may not be any of the person's last so many, the current
 * one included (ASVS 6.2).
 * {@code throttle}: sign-in tries (page and token API) per client address, per address and account
 * name together, and per account name; see {@link Throttle}.
 */
@ConfigurationProperties("custos.security")
record SecurityProperties(@DefaultValue Password password, @DefaultValue Lockout lockout,
        @DefaultValue("8h") Duration tokenLifetime, @DefaultValue("12h") Duration sessionAbsoluteTimeout,
        @DefaultValue("3") int maxSessions, @DefaultValue("false") boolean requireSecondFactorForAll,
        @DefaultValue Throttle throttle) {

    public SecurityProperties {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("custos.security.max-sessions must be at least 1");
        }
        // One address must run out of tries on one account before it could lock it: the capacity plus
        // what refills within the lockout window stays below the failures that lock.
        long fromOneAddress = throttle.perAddressAndAccount()
                + lockout.window().toMillis() * throttle.perAddressAndAccount() / throttle.period().toMillis();
        if (fromOneAddress >= lockout.maxFailures()) {
            throw new IllegalArgumentException("custos.security.throttle.per-address-and-account lets one address lock "
                    + "an account: it must allow fewer than custos.security.lockout.max-failures tries within the "
                    + "lockout window");
        }
    }

    /** Whether an account with these roles must have a second factor before anything else. */
    boolean secondFactorRequired(java.util.Collection<Role> roles) {
        return requireSecondFactorForAll || Role.requiresSecondFactor(roles);
    }

    public record Password(@DefaultValue("8") int minLength, @DefaultValue("64") int maxLength,
            @DefaultValue("3") int minCharacterClasses, @DefaultValue("90d") Duration maxAge,
            @DefaultValue("14d") Duration expiryWarning, @DefaultValue("5") int history) {

        public Password {
            if (minLength < 8) {
                throw new IllegalArgumentException("custos.security.password.min-length must be at least 8");
            }
            if (minCharacterClasses < 1 || minCharacterClasses > 4) {
                throw new IllegalArgumentException("custos.security.password.min-character-classes must be 1 to 4");
            }
            if (history < 1 || history > 24) {
                throw new IllegalArgumentException("custos.security.password.history must be 1 to 24");
            }
        }
    }

    /**
     * Sign-in tries within {@code period}, refilled gradually: {@code per-address} from one client
     * address whatever the name (a script trying many names), {@code per-address-and-account} from
     * one address for one name (a stranger locking a known name), {@code per-account} for one name
     * from anywhere (unknown names too, which have no lockout). A successful sign-in gives its try back.
     */
    public record Throttle(@DefaultValue("20") int perAddress, @DefaultValue("3") int perAddressAndAccount,
            @DefaultValue("10") int perAccount, @DefaultValue("30m") Duration period) {

        public Throttle {
            if (perAddress < 1 || perAddressAndAccount < 1 || perAccount < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("custos.security.throttle.* must be positive");
            }
        }
    }

    public record Lockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
            @DefaultValue("30m") Duration duration) {
    }
}
