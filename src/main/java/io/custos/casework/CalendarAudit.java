package io.custos.casework;

import java.time.LocalDate;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The calendar's audit vocabulary ({@code casework.calendar.*}): the day and whether it works. A
 * day is a date, not an id, so it travels as a detail and the events carry no target.
 */
@Component
class CalendarAudit {

    static final String DAY_SET = "casework.calendar.day-set";
    static final String DAY_REMOVED = "casework.calendar.day-removed";

    private final AuditLog audit;

    CalendarAudit(AuditLog audit) {
        this.audit = audit;
    }

    void changed(String action, LocalDate day, boolean working, Actor by) {
        audit.record(AuditEvent.of(AuditCategory.ADMINISTRATION, action, AuditOutcome.ALLOWED).actor(by)
                .detail("day", day).detail("working", working).build());
    }

    /** Someone outside the administration department tried to move the days deadlines count on. */
    void refused(String action, LocalDate day, Actor by) {
        // In a transaction of its own: the refusal rolls back the caller's.
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, action, AuditOutcome.DENIED).actor(by)
                .detail("day", day).detail("reason", "not-admin-officer").build());
    }
}
