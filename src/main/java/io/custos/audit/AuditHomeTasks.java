package io.custos.audit;

import java.util.List;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * While the audit alarm stands, the security administrators and auditors find it first on their
 * home page, linked to the verification page that shows what is wrong (issue 13.10).
 */
@Component
class AuditHomeTasks implements HomeTaskProvider {

    private static final List<String> ALERTED = List.of("ROLE_SECURITY_ADMIN", "ROLE_AUDITOR");

    private final AuditAlarm alarm;

    AuditHomeTasks(AuditAlarm alarm) {
        this.alarm = alarm;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        if (alarm.quiet() || !alerted()) {
            return List.of();
        }
        return List.of(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "audit.task.alarm", List.of(), "/audit/verify"));
    }

    private static boolean alerted() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(ALERTED::contains);
    }
}
