package io.custos.audit;

import org.springframework.http.HttpStatus;

import io.custos.shared.DomainException;

/**
 * The audit log could not store an event, so the access it describes does not happen (R-AUD-3).
 * Maps to 503: the caller may retry; nothing was changed or returned.
 */
public class AuditUnavailableException extends DomainException {

    AuditUnavailableException(Throwable cause) {
        super("audit-unavailable", HttpStatus.SERVICE_UNAVAILABLE);
        initCause(cause);
    }
}
