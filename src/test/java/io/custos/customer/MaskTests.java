package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 13.1: a mask gives away at most the last 4 characters, and of an e-mail only the domain. */
class MaskTests {

    @Test
    void aPhoneShowsOnlyItsLastFourDigitsNotItsNetworkPrefix() {
        assertThat(FieldKind.PHONE.mask("+86 139 1234 9876")).isEqualTo("*******9876");
        assertThat(FieldKind.PHONE.mask("0086-139-1234-9876")).isEqualTo("*******9876");
        assertThat(FieldKind.PHONE.mask("6543 21")).isEqualTo("****21");
    }

    @Test
    void anEmailShowsOnlyItsDomain() {
        assertThat(FieldKind.EMAIL.mask("li.ming@example.com")).isEqualTo("***@example.com");
        assertThat(FieldKind.EMAIL.mask("\"a@b\"@example.com")).isEqualTo("***@example.com");
    }

    @Test
    void identityAndAccountNumbersShowAtMostTheirLastFourCharacters() {
        assertThat(FieldKind.ID_NUMBER.mask("11010519491231002x")).isEqualTo("**************002X");
        assertThat(FieldKind.ACCOUNT_NUMBER.mask("6222 0212 3456 7890 123")).isEqualTo("***************0123");
        assertThat(FieldKind.ID_NUMBER.mask("AB12")).isEqualTo("****12");
        assertThat(FieldKind.ID_NUMBER.mask("AB1")).isEqualTo("****");
    }

    @Test
    void noMaskOfAnyKindHoldsMoreThanFourCharactersOfTheValue() {
        for (FieldKind kind : FieldKind.values()) {
            for (String value : new String[] {"13912349876", "someone.long@example-trade.cn", "110105194912310021",
                    "6222021234567890123", "北京市朝阳区建国路 88 号"}) {
                String mask = kind.mask(value);
                String shown = mask.replace("*", "").replace("•", "");
                int at = shown.indexOf('@');
                assertThat(at >= 0 ? shown.substring(0, at) : shown).as(kind + " " + mask).hasSizeLessThanOrEqualTo(4);
            }
        }
    }
}
