package io.custos.sharing;

import java.util.Map;

import org.springframework.http.HttpStatus;

import io.custos.shared.DomainException;

/**
 * Where an export package stands (issue 15.5). PENDING -approve-> APPROVED, PENDING -refuse->
 * REFUSED, PENDING -withdraw-> WITHDRAWN; nothing else: a decided or withdrawn package never moves
 * again (a new request is a new package), and only an APPROVED one gives files.
 */
public enum ExportPackageState {
    PENDING, APPROVED, REFUSED, WITHDRAWN;

    public enum Transition { APPROVE, REFUSE, WITHDRAW }

    /** The state the transition leads to, or 409 {@code export-package-state} naming both. */
    public ExportPackageState after(Transition transition) {
        if (this != PENDING) {
            throw new DomainException("export-package-state", HttpStatus.CONFLICT, Map.of("state", name(),
                    "transition", transition.name()));
        }
        return switch (transition) {
            case APPROVE -> APPROVED;
            case REFUSE -> REFUSED;
            case WITHDRAW -> WITHDRAWN;
        };
    }
}
