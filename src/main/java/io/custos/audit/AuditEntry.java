package io.custos.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audit event as search shows it.
 *
 * @param seq its place in the chain; null while it is not sealed yet (normally about a second)
 * @param details the event's details: ids, codes, field names, counts and flags only
 */
public record AuditEntry(UUID eventId, String chain, @Nullable Long seq, Instant at, AuditCategory category,
        String action, AuditOutcome outcome, String actorType, @Nullable UUID actorId, String actorName,
        @Nullable String targetType, @Nullable String targetId, @Nullable String purpose,
        @Nullable String clientAddress, @Nullable String requestId, Map<String, Object> details) {

    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() {
    };

    public AuditEntry {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    static AuditEntry of(StoredEvent e, JsonMapper json) {
        return new AuditEntry(e.eventId(), e.chain(), e.seq(), e.at(), AuditCategory.valueOf(e.category()),
                e.action(), AuditOutcome.valueOf(e.outcome()), e.actorType(), e.actorId(), e.actorName(),
                e.targetType(), e.targetId(), e.purpose(), e.clientAddress(), e.requestId(),
                json.readValue(e.details(), DETAILS));
    }
}
