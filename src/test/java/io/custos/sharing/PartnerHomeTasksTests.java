package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** The manager's home tasks for a partner (issue 15.1, 15.2): re-assessment, a missing NDA, one about to expire. */
@IntegrationTest
class PartnerHomeTasksTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PartnerHomeTasks tasks;

    @Test
    void theManagerIsAskedToReassessToFileAnNdaAndToRenewItInTime() throws Exception {
        TestAccounts.Account officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        TestAccounts.Account manager = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        TestAccounts.Account colleague = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        String token = Api.token(mvc, officer, clock.instant());
        UUID partner = PartnerFixture.createPartner(mvc, token, "Task Freight " + UUID.randomUUID(), manager.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);

        assertThat(keys(manager)).contains("home.task.sharing.noNda").doesNotContain("home.task.sharing.reassess");
        assertThat(keys(colleague)).doesNotContain("home.task.sharing.noNda");

        jdbc.sql("update partner set reassess_on = ? where id = ?").params(today.plusDays(30), partner).update();
        PartnerFixture.fileNda(mvc, token, partner, "1", today, today.plusDays(31));
        assertThat(keys(manager)).contains("home.task.sharing.reassess").doesNotContain("home.task.sharing.noNda")
                .doesNotContain("home.task.sharing.ndaExpiring");

        jdbc.sql("update nda set expires_on = ? where recipient_id = ?").params(today.plusDays(30), partner).update();
        assertThat(keys(manager)).contains("home.task.sharing.ndaExpiring");
        // A renewal already on file ends the reminder.
        PartnerFixture.fileNda(mvc, token, partner, "2", today, today.plusYears(1));
        assertThat(keys(manager)).doesNotContain("home.task.sharing.ndaExpiring");
        assertThat(tasks.tasksFor(manager.id())).allSatisfy(t -> assertThat(t.link())
                .isEqualTo("/sharing/partners/" + partner));
    }

    private List<String> keys(TestAccounts.Account account) {
        return tasks.tasksFor(account.id()).stream().map(HomeTask::messageKey).toList();
    }
}
