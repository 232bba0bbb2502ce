package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.custos.shared.Actor;
import io.custos.support.IntegrationTest;

/**
 * An anonymous event (R-SUP-4: what a whistleblower does) is stored as done by nobody, whatever
 * the request it is recorded in: no signed-in person, no client address, no request id; an ordinary
 * event in the same request keeps all three.
 */
@IntegrationTest
class AnonymousAuditEventTests {

    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transaction;
    @Autowired JdbcClient jdbc;

    @Test
    void anAnonymousEventKeepsNothingOfTheRequestOrThePersonSignedIn() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.77");
        Actor person = new Actor(Actor.ActorType.EMPLOYEE, UUID.randomUUID(), "someone");
        UUID anonymous = UUID.randomUUID();
        UUID named = UUID.randomUUID();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                .authenticated((Actor.Source) () -> person, null, List.of()));
        try {
            transaction.executeWithoutResult(status -> {
                audit.record(AuditEvent.of(AuditCategory.DATA, "test.anonymous.event", AuditOutcome.ALLOWED)
                        .target("test-target", anonymous).anonymous().build());
                audit.record(AuditEvent.of(AuditCategory.DATA, "test.named.event", AuditOutcome.ALLOWED)
                        .target("test-target", named).build());
            });
        } finally {
            SecurityContextHolder.clearContext();
            RequestContextHolder.resetRequestAttributes();
        }
        Map<String, Object> nobody = row(anonymous);
        assertThat(nobody.get("actor_type")).isEqualTo("ANONYMOUS");
        assertThat(nobody.get("actor_id")).isNull();
        assertThat(nobody.get("client_address")).isNull();
        assertThat(nobody.get("request_id")).isNull();
        Map<String, Object> somebody = row(named);
        assertThat(somebody.get("actor_type")).isEqualTo("EMPLOYEE");
        assertThat(somebody.get("client_address")).isEqualTo("192.0.2.77");
        assertThat(somebody.get("request_id")).isNotNull();
    }

    @Test
    void anAnonymousEventNamesNoActor() {
        assertThatThrownBy(() -> AuditEvent.of(AuditCategory.DATA, "test.anonymous.event", AuditOutcome.ALLOWED)
                .anonymous().actor(Actor.system("job")).build()).isInstanceOf(IllegalArgumentException.class);
    }

    private Map<String, Object> row(UUID target) {
        Map<String, Object> row = jdbc.sql("select actor_type, actor_id, client_address, request_id from audit_event "
                + "where target_id = ?").param(target.toString()).query().singleRow();
        Map<String, Object> lower = new java.util.HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return lower;
    }
}
