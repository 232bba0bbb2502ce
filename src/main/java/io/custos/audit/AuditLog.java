package io.custos.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Actor;
import io.custos.shared.web.RequestIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way into the audit log. {@link #record} inserts the event in the caller's transaction,
 * which must exist: the change and its event commit together or not at all, and a read whose
 * transaction returns has a durable event. {@link #recordAlone} commits on its own, for refusals
 * and failures whose surrounding transaction is about to roll back. Either way a failure to store
 * the event is an {@link AuditUnavailableException}: the access does not happen (R-AUD-3). Each row
 * carries its authentication tag from the start ({@link EventTags}), so the sealer can tell it from a
 * row someone inserted straight into the table.
 */
@Service
public class AuditLog {

    private final AuditRepository repository;
    private final EventTags tags;
    private final AuditProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditLog(AuditRepository repository, EventTags tags, AuditProperties properties, Clock clock) {
        this.repository = repository;
        this.tags = tags;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEvent event) {
        store(event);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(AuditEvent event) {
        store(event);
    }

    /**
     * Many events in the caller's transaction, inserted in one batch: an import records one per
     * customer, hundreds per transaction. The same all-or-nothing rule as {@link #record}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        HttpServletRequest request = RequestIds.currentRequest();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            List<AuditRepository.Tagged> rows = new ArrayList<>(events.size());
            for (AuditEvent event : events) {
                rows.add(row(event, request, at));
            }
            repository.insertAll(rows);
        } catch (DataAccessException | TagKeyUnavailable e) {
            throw new AuditUnavailableException(e);
        }
    }

    private void store(AuditEvent event) {
        try {
            repository.insert(row(event, RequestIds.currentRequest(), clock.instant().truncatedTo(ChronoUnit.MICROS)));
        } catch (DataAccessException | TagKeyUnavailable e) {
            throw new AuditUnavailableException(e);
        }
    }

    private AuditRepository.Tagged row(AuditEvent event, @Nullable HttpServletRequest current, Instant at) {
        // An anonymous event keeps nothing of the request that could lead back to who made it.
        HttpServletRequest request = event.anonymous() ? null : current;
        Actor actor = event.anonymous() ? Actor.ANONYMOUS : event.actor() != null ? event.actor() : currentActor();
        StoredEvent row = new StoredEvent(UUID.randomUUID(), properties.chain(), null, at, event.category().name(),
                event.action(), event.outcome().name(), actor.type().name(), actor.id(), actor.name(),
                event.targetType(), event.targetId(), event.purpose(),
                request == null ? null : clip(request.getRemoteAddr()),
                request == null ? null : RequestIds.of(request), json.writeValueAsString(event.details()), null, null);
        try {
            return new AuditRepository.Tagged(row, tags.tag(row));
        } catch (IllegalStateException e) {
            throw new TagKeyUnavailable(e);
        }
    }

    /** An event that cannot be tagged cannot be stored as genuine: the access fails closed. */
    private static final class TagKeyUnavailable extends RuntimeException {
        TagKeyUnavailable(Throwable cause) {
            super(cause);
        }
    }

    private static Actor currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor.Source source) {
            return source.actor();
        }
        return Actor.ANONYMOUS;
    }

    private static String clip(String address) {
        return address.length() > 64 ? address.substring(0, 64) : address;
    }
}
