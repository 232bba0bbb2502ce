package io.custos.compliance;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.custos.identity.CustosUser;

/** The compliance map of the policy in force, computed live (issue 22.1, 22.2). Being written: signatures only. */
@Service
public class ComplianceMaps {

    /**
     * The map for the company ({@code department} null) or one department. Management, auditors, the
     * administration department and security administrators see any; a head only the departments they head.
     *
     * @throws io.custos.shared.DomainException 403 for anyone else or another department
     */
    public MapView current(CustosUser viewer, @Nullable UUID department) {
        throw new UnsupportedOperationException("being written");
    }

    /** Whether the viewer may see the company's map (and any department's). */
    public boolean seesCompany(CustosUser viewer) {
        throw new UnsupportedOperationException("being written");
    }

    /** The departments whose map the viewer may see: all for company viewers, the headed ones for a head. */
    public List<UUID> departmentsOf(CustosUser viewer) {
        throw new UnsupportedOperationException("being written");
    }
}
