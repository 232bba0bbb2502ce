package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.custos.shared.DomainException;

/** R-IT-1: the MLPS default password rules, and no common password (ASVS 6.2, issue 24.5). */
class PasswordPolicyTest {

    /** Loaded once: 100,000 lines to read and sort. */
    static final CommonPasswords COMMON = new CommonPasswords();

    private final PasswordPolicy policy = new PasswordPolicy(defaults(), COMMON);

    static SecurityProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("custos.security", SecurityProperties.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Abc#1234            | ''",
            "abcdefG1            | ''",
            "abcdefg#            | too-few-character-classes",
            "ABCDEFG1            | too-few-character-classes",
            "Ab#1234             | too-short",
            "abcdefgh            | too-few-character-classes",
            "Liu.Yang#2026       | contains-username",
            "xLIU.YANGx#1        | contains-username",
            "密码Abc#12345        | ''",
    })
    void appliesTheRules(String candidate, String expected) {
        List<String> violations = policy.violations(candidate.strip(), "liu.yang");
        if (expected.isEmpty()) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).contains(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"64,''", "65,too-long"})
    void refusesPasswordsBcryptWouldTruncate(int length, String expected) {
        String candidate = "Aa1#" + "x".repeat(length - 4);
        List<String> violations = policy.violations(candidate, "someone");
        assertThat(violations.contains("too-long")).isEqualTo(!expected.isEmpty());
        // 30 Chinese characters are 90 bytes in UTF-8: past BCrypt's 72, though under 64 characters.
        assertThat(policy.violations("Aa1#" + "密".repeat(30), "someone")).contains("too-long");
    }

    @RepeatedTest(20)
    void oneTimePasswordsPassThePolicy() {
        String password = policy.oneTimePassword();
        assertThat(password).hasSize(16);
        assertThat(policy.violations(password, "admin")).isEmpty();
        assertThat(PasswordPolicy.characterClasses(password)).isEqualTo(4);
    }

    @org.junit.jupiter.api.Test
    void defaultsAreTheMlpsRules() {
        SecurityProperties.Password rules = defaults().password();
        assertThat(rules.minLength()).isEqualTo(8);
        assertThat(rules.minCharacterClasses()).isEqualTo(3);
        assertThat(rules.maxAge()).hasDays(90);
        assertThat(defaults().lockout().maxFailures()).isEqualTo(5);
        assertThat(defaults().lockout().window()).hasMinutes(15);
        assertThat(defaults().lockout().duration()).hasMinutes(30);
        assertThat(defaults().tokenLifetime()).hasHours(8);
    }

    @Test
    void theBundledListHoldsTheHundredThousandMostCommonPasswords() {
        // 100,000 lines; some differ only in case, and the list is compared without regard to case.
        assertThat(COMMON.size()).isEqualTo(96_518);
        assertThat(COMMON.contains("123456")).isTrue();
        assertThat(COMMON.contains("zaq12wsx")).isTrue();
        assertThat(COMMON.contains("Demo#2026")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Password1", "P@ssw0rd", "Qwerty123", "Welcome1", "ZAQ12wsx", "Admin123"})
    void refusesCommonPasswordsThatPassTheCompositionRules(String candidate) {
        assertThat(policy.violations(candidate, "liu.yang")).as("passes composition").isEmpty();
        assertThatThrownBy(() -> policy.require(candidate, "liu.yang"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("password-too-common"));
    }

    @Test
    void acceptsAnUncommonPassword() {
        policy.require("Fjord#Lantern7", "liu.yang");
    }
}
