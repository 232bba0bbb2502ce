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
import io.custos.training.DocumentKind;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionView;

/**
 * Brings a test person through the training gate for real: the confidentiality agreement in force
 * (published first if there is none) accepted. Test accounts have no department, so no department
 * course is assigned to them; the gate then answers "allowed".
 */
public final class Gate {

    private Gate() {
    }

    public static void pass(PolicyDocuments documents, TestAccounts accounts, Instant now, TestAccounts.Account person,
            Set<Role> roles) {
        CustosUser user = user(person, roles);
        if (documents.acceptedCurrentAgreement(person.id()) && documents.acceptedAgreementAt(person.id(), now)) {
            return;
        }
        UUID version = pendingAgreement(documents, person, user);
        if (version != null) {
            UUID pending = version;
            as(user, () -> documents.acknowledge(pending, user));
        }
        // The shared clock is set back to real time before each test class, so the agreement in force may
        // carry a publication time another class gave it in the future: then, as of now, nothing was in
        // force, and an explanation of what happened now would rightly say so. Publish one now.
        if (!documents.acceptedAgreementAt(person.id(), now)) {
            publishAgreement(documents, accounts, now);
            UUID fresh = pendingAgreement(documents, person, user);
            as(user, () -> documents.acknowledge(fresh, user));
        }
    }

    private static UUID pendingAgreement(PolicyDocuments documents, TestAccounts.Account person, CustosUser user) {
        return as(user, () -> documents.pendingFor(person.id())).stream()
                .filter(p -> p.kind() == DocumentKind.AGREEMENT).map(PolicyDocuments.Pending::versionId).findFirst()
                .orElse(null);
    }

    /** Publishes a version of the agreement, finishing whatever version is open. */
    public static void publishAgreement(PolicyDocuments documents, TestAccounts accounts, Instant now) {
        TestAccounts.Account officerAccount = accounts.create(now, EnumSet.of(Role.ADMIN_OFFICER));
        TestAccounts.Account managerAccount = accounts.create(now, EnumSet.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        CustosUser officer = user(officerAccount, EnumSet.of(Role.ADMIN_OFFICER));
        CustosUser manager = user(managerAccount, EnumSet.of(Role.MANAGEMENT));
        DocumentContent content = new DocumentContent("保密协议", "Confidentiality agreement", "正文", "Body");
        UUID agreement = as(officer, documents::agreementId).orElseThrow();
        UUID version = as(officer, () -> documents.document(agreement, officer)).open().map(VersionView::id)
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
    }

    public static CustosUser user(TestAccounts.Account account, Set<Role> roles) {
        return new CustosUser(account.id(), account.username(), account.username(), null, roles, EmployeeStatus.ACTIVE);
    }

    public static <T> T as(CustosUser user, Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        var authorities = user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }
}
