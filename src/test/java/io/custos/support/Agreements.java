package io.custos.support;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * Brings a test employee through the training gate for revealing L3-L4 values: they accept the
 * confidentiality agreement in force, published first (by an administration officer and approved by
 * management) when none is. Test accounts have no department, so no course is assigned to them.
 * The tests share one application, so this never assumes which agreement version is in force.
 */
public final class Agreements {

    private Agreements() {
    }

    public static void accept(PolicyDocuments documents, TestAccounts accounts, Instant now, TestAccounts.Account account) {
        CustosUser employee = user(account, EnumSet.of(Role.EMPLOYEE));
        UUID version = inForce(documents, accounts, now);
        as(employee, () -> documents.acknowledge(version, employee));
    }

    private static UUID inForce(PolicyDocuments documents, TestAccounts accounts, Instant now) {
        CustosUser officer = user(accounts.create(now, Set.of(Role.ADMIN_OFFICER)), EnumSet.of(Role.ADMIN_OFFICER));
        UUID agreement = as(officer, documents::agreementId).orElseThrow();
        DocumentView document = as(officer, () -> documents.document(agreement, officer));
        UUID published = document.versions().stream().filter(v -> v.state() == VersionState.PUBLISHED)
                .map(VersionView::id).findFirst().orElse(null);
        if (published != null) {
            return published;
        }
        CustosUser manager = user(accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false),
                EnumSet.of(Role.MANAGEMENT));
        DocumentContent content = new DocumentContent("保密协议", "Confidentiality agreement", "正文", "Body");
        UUID version = document.open().map(VersionView::id)
                .orElseGet(() -> as(officer, () -> documents.draftNext(agreement, content, officer)));
        if (as(officer, () -> documents.version(version, officer)).state().editable()) {
            as(officer, () -> {
                documents.revise(version, content, officer);
                documents.submit(version, officer);
                return null;
            });
        }
        as(manager, () -> {
            documents.approve(version, manager);
            return null;
        });
        return version;
    }

    private static CustosUser user(TestAccounts.Account account, Set<Role> roles) {
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, roles,
                EmployeeStatus.ACTIVE);
    }

    private static <T> T as(CustosUser user, Supplier<T> action) {
        var authorities = user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
