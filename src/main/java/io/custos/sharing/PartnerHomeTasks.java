package io.custos.sharing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * The partner register's part of the home page (issue 15.1, 15.2): a partner's manager (or, for a
 * partner without one, every administration officer) is asked to re-assess it within 30 days of its
 * re-assessment date, to renew its NDA within 30 days of the expiry of the one in force, and to file
 * one when none is in force. Each task opens the partner.
 */
@Component
class PartnerHomeTasks implements HomeTaskProvider {

    static final int DAYS_AHEAD = 30;

    private final PartnerRepository partners;
    private final NdaRepository ndas;
    private final PartnerRegister register;
    private final Employees employees;

    PartnerHomeTasks(PartnerRepository partners, NdaRepository ndas, PartnerRegister register, Employees employees) {
        this.partners = partners;
        this.ndas = ndas;
        this.register = register;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        Optional<EmployeeView> me = employees.byId(employeeId);
        if (me.isEmpty() || me.get().partner()) {
            return List.of();
        }
        boolean officer = me.get().roles().contains(Role.ADMIN_OFFICER);
        LocalDate today = register.today();
        List<HomeTask> tasks = new ArrayList<>();
        for (PartnerDetails p : partners.findAll()) {
            boolean mine = employeeId.equals(p.managerId()) || (p.managerId() == null && officer);
            if (!p.active() || !mine) {
                continue;
            }
            String name = p.nameZh().equals(p.nameEn()) ? p.nameEn() : p.nameZh() + " " + p.nameEn();
            String link = "/sharing/partners/" + p.id();
            if (!p.reassessOn().isAfter(today.plusDays(DAYS_AHEAD))) {
                tasks.add(new HomeTask(p.reassessOn().isBefore(today) ? HomeTask.Severity.ACTION_REQUIRED
                        : HomeTask.Severity.REMINDER, "home.task.sharing.reassess",
                        List.of(name, p.reassessOn().toString()), link));
            }
            Optional<NdaView> nda = ndas.inForce(new Recipient(RecipientType.PARTNER, p.id()), today);
            if (nda.isEmpty()) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.sharing.noNda", List.of(name),
                        link));
            } else if (!nda.get().expiresOn().isAfter(today.plusDays(DAYS_AHEAD))
                    && ndas.of(new Recipient(RecipientType.PARTNER, p.id())).stream()
                            .noneMatch(n -> n.signedOn().isAfter(today) || n.expiresOn().isAfter(nda.get().expiresOn()))) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.sharing.ndaExpiring",
                        List.of(name, nda.get().expiresOn().toString()), link));
            }
        }
        return tasks;
    }
}
