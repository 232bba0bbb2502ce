package io.custos.audit;

import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.keys.MessageTags;

/**
 * Each event's authentication tag (issue 13.7): a Tink MAC over the event's columns with the key
 * {@code audit-events}, which the keys module keeps wrapped by the master key. The writer tags every
 * event as it inserts it; the sealer links only events whose tag verifies, so a row inserted straight
 * into the database is refused instead of being sealed and signed as genuine.
 */
@Component
class EventTags {

    static final String KEY = "audit-events";

    private final MessageTags tags;

    EventTags(MessageTags tags) {
        this.tags = tags;
    }

    String tag(StoredEvent event) {
        return Base64.getEncoder().encodeToString(tags.tag(KEY, EventHashing.tagged(event)));
    }

    boolean valid(StoredEvent event, @Nullable String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > 64) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(tag);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return tags.verifies(KEY, bytes, EventHashing.tagged(event));
    }
}
