package io.custos.portal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subjects;
import io.custos.customer.CustomerOwnership;
import io.custos.identity.CustosUser;

/**
 * The phone codes an employee is to read out (R-CUS-1): only for customers the employee owns, only
 * unexpired and unused ones; each customer whose code is shown is audited
 * ({@code portal.sign-in.code-shown}), since whoever reads a code can sign in as that customer.
 */
@Service
public class PhoneCodes {

    /** A code to read out, with the customer's public (L1) company name where there is one. */
    public record ToReadOut(UUID customerId, @Nullable String companyName, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "ToReadOut[" + customerId + "]";
        }
    }

    private final CustomerOwnership ownership;
    private final PortalLinkTokens tokens;
    private final Subjects subjects;
    private final PortalAudit audit;

    PhoneCodes(CustomerOwnership ownership, PortalLinkTokens tokens, Subjects subjects, PortalAudit audit) {
        this.ownership = ownership;
        this.tokens = tokens;
        this.subjects = subjects;
        this.audit = audit;
    }

    @Transactional
    public List<ToReadOut> toReadOut(CustosUser employee) {
        if (employee.partner()) {
            return List.of();
        }
        List<UUID> owned = ownership.ownedBy(employee.id()).stream().map(CustomerOwnership.Owned::customerId).toList();
        List<PortalLinkTokens.PendingCode> pending = tokens.pendingCodes(owned);
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> names = subjects.companyNames(pending.stream().map(PortalLinkTokens.PendingCode::customerId)
                .toList());
        pending.forEach(code -> audit.codeShown(code.customerId(), employee.actor()));
        return pending.stream().map(code -> new ToReadOut(code.customerId(), names.get(code.customerId()), code.code(),
                code.expiresAt())).toList();
    }
}
