package io.custos.keys;

import org.springframework.stereotype.Component;

import io.custos.shared.ClientPseudonyms;

/**
 * Throttle keys from the blind-index key (issue 24.3): stored with the master key, so the same on
 * every node that shares the database, unlike a key made at start-up. The kind {@code throttle}
 * keeps these hashes apart from every searchable index.
 */
@Component
class ThrottlePseudonyms implements ClientPseudonyms {

    private final BlindIndex index;

    ThrottlePseudonyms(BlindIndex index) {
        this.index = index;
    }

    @Override
    public String of(String value) {
        return index.of("throttle", value);
    }
}
