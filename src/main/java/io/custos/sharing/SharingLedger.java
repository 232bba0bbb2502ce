package io.custos.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecisions;
import io.custos.access.Subjects;
import io.custos.customer.ReadUnderGrant;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * What was shared of a customer, with whom, under which grant, why, and how it was used (issue
 * 15.6, GB/T 35273 §9.2). Reads under a grant are counted in the read's own transaction, so the
 * ledger never says less than the audit log.
 */
@Service
@Transactional(readOnly = true)
public class SharingLedger {

    private final SharingRepository repository;
    private final SharingGrants grants;
    private final AccessDecisions access;
    private final Subjects subjects;

    SharingLedger(SharingRepository repository, SharingGrants grants, AccessDecisions access, Subjects subjects) {
        this.repository = repository;
        this.grants = grants;
        this.access = access;
        this.subjects = subjects;
    }

    /** One grant that named the customer, and how its recipient used it: reads, and export files holding it. */
    public record Entry(UUID grantId, Recipient recipient, String purpose, List<String> fields, Instant from,
            Instant until, @Nullable Instant revokedAt, String justification, UUID requesterId, long reveals,
            long views, @Nullable Instant firstUsed, @Nullable Instant lastUsed, long downloads) {
    }

    /**
     * The ledger of one customer: for the customer's own department and those who oversee every
     * department (administration, management) while they may see the customer, and for auditors (it
     * holds no customer value). Never for a recipient as such: one recipient does not learn who else
     * received the customer, or why.
     */
    public List<Entry> of(UUID customerId, CustosUser by) {
        boolean auditor = by.roles().contains(Role.AUDITOR);
        var subject = subjects.find(customerId).orElseThrow(DomainException::notFound);
        boolean overseer = by.roles().contains(Role.ADMIN_OFFICER) || by.roles().contains(Role.MANAGEMENT);
        boolean ownDepartment = by.departmentId() != null && by.departmentId().equals(subject.departmentId());
        if (!auditor && !((overseer || ownDepartment)
                && access.decide(by, subject, AccessAction.VIEW, null, List.of()).visible())) {
            throw DomainException.notFound();
        }
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> row : repository.ledgerOf(customerId)) {
            entries.add(new Entry((UUID) row.get("id"), new Recipient(RecipientType.valueOf((String) row.get(
                    "recipient_type")), (UUID) row.get("recipient_id")), (String) row.get("purpose"),
                    List.of(((String) row.get("fields")).split(",")), instant(row.get("valid_from")),
                    instant(row.get("valid_until")), nullable(row.get("revoked_at")), (String) row.get("justification"),
                    (UUID) row.get("requester_id"), number(row.get("reveals")), number(row.get("views")),
                    nullable(row.get("first_used_at")), nullable(row.get("last_used_at")), number(row.get("downloads"))));
        }
        return entries;
    }

    /**
     * With whom the customer's data was shared, for the customer themselves (R-CUS-1, PIPL art. 23):
     * each approved grant naming the customer, newest first, with its recipient, purpose and period
     * ({@code revokedAt} when it was ended early). Not who asked, why in their words, or what the
     * recipient did: that is the company's ledger ({@link #of}). The caller has established that the
     * customer is the one asking.
     */
    public record Shared(UUID grantId, Recipient recipient, String purpose, Instant from, Instant until,
            @Nullable Instant revokedAt) {

        /** When the grant stopped or stops giving access. */
        public Instant endsAt() {
            return revokedAt != null && revokedAt.isBefore(until) ? revokedAt : until;
        }
    }

    public List<Shared> recipientsOf(UUID customerId) {
        List<Shared> shared = new ArrayList<>();
        for (Map<String, Object> row : repository.ledgerOf(customerId)) {
            shared.add(new Shared((UUID) row.get("id"), new Recipient(RecipientType.valueOf((String) row.get(
                    "recipient_type")), (UUID) row.get("recipient_id")), (String) row.get("purpose"),
                    instant(row.get("valid_from")), instant(row.get("valid_until")), nullable(row.get("revoked_at"))));
        }
        return shared;
    }

    @EventListener
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    void count(ReadUnderGrant read) {
        grants.countUse(read.customerId(), read.grants(), read.revealed(), read.at());
    }

    private static Instant instant(@Nullable Object value) {
        Instant at = nullable(value);
        if (at == null) {
            throw new IllegalStateException("A grant period is never empty");
        }
        return at;
    }

    static @Nullable Instant nullable(@Nullable Object value) {
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return value instanceof Instant at ? at : null;
    }

    private static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
