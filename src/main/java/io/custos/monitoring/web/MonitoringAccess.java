package io.custos.monitoring.web;

import java.time.Clock;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.monitoring.MonitoringRules;
import io.custos.shared.DomainException;

/**
 * Who reaches which monitoring page or call at all; what each sees within is the services' business.
 * Alerts: security administrators, auditors and heads of a department (by role or by heading one);
 * rules: security administrators and auditors; the dashboard also management.
 */
@Component
class MonitoringAccess {

    private final Employees employees;
    private final Clock clock;

    MonitoringAccess(Employees employees, Clock clock) {
        this.employees = employees;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    boolean readsAlerts(CustosUser me) {
        return me.hasRole(Role.SECURITY_ADMIN) || me.hasRole(Role.AUDITOR) || me.hasRole(Role.DEPT_HEAD)
                || employees.departments().stream().anyMatch(d -> me.id().equals(d.headId()));
    }

    void requireAlerts(CustosUser me) {
        if (!readsAlerts(me)) {
            throw new DomainException("monitoring-forbidden", HttpStatus.FORBIDDEN);
        }
    }

    static boolean readsDashboard(CustosUser me) {
        return me.hasRole(Role.SECURITY_ADMIN) || me.hasRole(Role.AUDITOR) || me.hasRole(Role.MANAGEMENT)
                || me.hasRole(Role.DEPT_HEAD);
    }

    static void requireDashboard(CustosUser me) {
        if (!readsDashboard(me)) {
            throw new DomainException("monitoring-forbidden", HttpStatus.FORBIDDEN);
        }
    }

    static void requireRules(CustosUser me) {
        if (!MonitoringRules.reads(me)) {
            throw new DomainException("monitoring-forbidden", HttpStatus.FORBIDDEN);
        }
    }
}
