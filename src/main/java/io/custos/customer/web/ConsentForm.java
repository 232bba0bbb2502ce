package io.custos.customer.web;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.custos.consent.Channel;
import io.custos.consent.ConsentGrant;
import io.custos.consent.Withdrawal;

/**
 * The consent part of a page form: {@code consent.noticeVersion}, one {@code consent.purpose.<CODE>}
 * checkbox per purpose, {@code consent.sensitive}, {@code consent.thirdParty}, {@code consent.channel}.
 * An incomplete form reads as no consent, which the registry refuses with a clear message.
 */
final class ConsentForm {

    static final String PURPOSE_PREFIX = "consent.purpose.";

    private ConsentForm() {
    }

    static @Nullable ConsentGrant from(Map<String, String> params) {
        Set<String> purposes = purposes(params);
        Integer version = number(params.get("consent.noticeVersion"));
        Channel channel = channel(params.get("consent.channel"));
        if (version == null || channel == null || purposes.isEmpty()) {
            return null;
        }
        return new ConsentGrant(version, purposes, params.containsKey("consent.sensitive"),
                params.containsKey("consent.thirdParty"), channel);
    }

    static Withdrawal withdrawal(Map<String, String> params) {
        return new Withdrawal(purposes(params), params.containsKey("consent.sensitive"),
                params.containsKey("consent.thirdParty"));
    }

    static @Nullable Channel channel(@Nullable String value) {
        if (value == null) {
            return null;
        }
        for (Channel channel : Channel.values()) {
            if (channel.name().equals(value)) {
                return channel;
            }
        }
        return null;
    }

    private static Set<String> purposes(Map<String, String> params) {
        Set<String> purposes = new TreeSet<>();
        params.keySet().stream().filter(k -> k.startsWith(PURPOSE_PREFIX))
                .forEach(k -> purposes.add(k.substring(PURPOSE_PREFIX.length())));
        return purposes;
    }

    private static @Nullable Integer number(@Nullable String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
