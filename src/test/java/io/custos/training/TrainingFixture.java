package io.custos.training;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * People for training tests, signed in to the pages or acting on the services directly, and the
 * one agreement of the application brought to a published version. The tests share one
 * application, so they never assume which agreement version is in force: they publish one and use it.
 */
final class TrainingFixture {

    private final TestAccounts accounts;
    private final MutableClock clock;
    private final MockMvc mvc;

    TrainingFixture(TestAccounts accounts, MutableClock clock, MockMvc mvc) {
        this.accounts = accounts;
        this.clock = clock;
        this.mvc = mvc;
    }

    record Person(TestAccounts.Account account, CustosUser user) {
        UUID id() {
            return account.id();
        }
    }

    Person person(Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = Role.requiresSecondFactor(set)
                ? accounts.create(clock.instant(), set, TestAccounts.newSecret(), false)
                : accounts.create(clock.instant(), set);
        return new Person(account, new CustosUser(account.id(), account.username(), "Test " + account.username(), null,
                set, EmployeeStatus.ACTIVE));
    }

    MockHttpSession signIn(Person person) throws Exception {
        MockHttpSession session = new MockHttpSession();
        var login = post("/login").session(session).with(csrf()).param("username", person.account().username())
                .param("password", TestAccounts.PASSWORD);
        if (person.account().totpSecret() != null) {
            login = login.param("otp", TestAccounts.totp(person.account().totpSecret(), clock.instant()));
        }
        mvc.perform(login).andExpect(redirectedUrl("/"));
        return session;
    }

    /** Runs a service call as this person, as a request of theirs would. */
    static <T> T as(Person person, Supplier<T> action) {
        var authorities = person.user().roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(person.user(), null, authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static void run(Person person, Runnable action) {
        as(person, () -> {
            action.run();
            return null;
        });
    }

    static DocumentContent content(String marker) {
        return new DocumentContent("标题 " + marker, "Title " + marker, "正文 " + marker, "Body " + marker);
    }

    /** Publishes a new version of the agreement (finishing whatever version is open) and answers its id. */
    static UUID publishAgreement(PolicyDocuments documents, Person officer, Person manager) {
        UUID agreement = as(officer, () -> documents.agreementId()).orElseThrow();
        DocumentView document = as(officer, () -> documents.document(agreement, officer.user()));
        UUID version = document.open().map(VersionView::id)
                .orElseGet(() -> as(officer, () -> documents.draftNext(agreement, content("agreement"), officer.user())));
        VersionState state = as(officer, () -> documents.version(version, officer.user())).state();
        if (state.editable()) {
            run(officer, () -> documents.revise(version, content("agreement"), officer.user()));
            run(officer, () -> documents.submit(version, officer.user()));
        }
        run(manager, () -> documents.approve(version, manager.user()));
        return version;
    }
}
