package io.custos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** Identity's part of the home page: passwords about to expire, second factor, locked accounts, role grants to decide. */
@Component
class IdentityHomeTasks implements HomeTaskProvider {

    private final EmployeeRepository employees;
    private final SecurityProperties properties;
    private final RoleGrants grants;
    private final PrivilegedResets resets;
    private final Clock clock;

    IdentityHomeTasks(EmployeeRepository employees, SecurityProperties properties, RoleGrants grants,
            PrivilegedResets resets, Clock clock) {
        this.resets = resets;
        this.grants = grants;
        this.employees = employees;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        Instant now = clock.instant();
        employees.findById(employeeId).ifPresent(me -> {
            Instant expires = me.passwordChangedAt().plus(properties.password().maxAge());
            if (expires.isBefore(now.plus(properties.password().expiryWarning()))) {
                long days = Math.max(0, Duration.between(now, expires).toDays());
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.passwordExpires", List.of(days),
                        "/account/password"));
            }
            if (!me.totpEnabled() && !properties.secondFactorRequired(me.roles())) {
                tasks.add(new HomeTask(HomeTask.Severity.INFO, "home.task.secondFactorOptional", List.of(),
                        "/account/second-factor"));
            }
            // Role grants this person may decide, each linking to its own page (issue 13.2).
            for (RoleGrantView grant : grants.decidableBy(me.toUser())) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.roleGrant",
                        List.of(grant.employeeName()), "/role-grants/" + grant.id()));
            }
            // Resets of privileged accounts waiting for a second person (issue 24.4).
            for (PrivilegedResetView reset : resets.decidableBy(me.toUser())) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.privilegedReset." + reset.kind(),
                        List.of(reset.employeeName()), "/privileged-resets/" + reset.id()));
            }
            if (me.roles().contains(Role.SYSTEM_ADMIN)) {
                long locked = employees.countLocked(now);
                if (locked > 0) {
                    tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.lockedAccounts",
                            List.of(locked), "/admin/employees"));
                }
            }
        });
        return tasks;
    }
}
