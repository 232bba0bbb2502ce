package io.custos.compliance;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * Puts a text in force as the company's policy (the oldest policy document, which the compliance map
 * reads), through the real draft, submission and approval, whatever other test classes left open.
 */
final class Policies {

    final PolicyDocuments documents;
    final CustosUser officer;
    final CustosUser manager;

    Policies(PolicyDocuments documents, TestAccounts accounts, Instant now) {
        this.documents = documents;
        this.officer = Gate.user(accounts.create(now, EnumSet.of(Role.ADMIN_OFFICER)), EnumSet.of(Role.ADMIN_OFFICER));
        this.manager = Gate.user(accounts.create(now, EnumSet.of(Role.MANAGEMENT), TestAccounts.newSecret(), false),
                EnumSet.of(Role.MANAGEMENT));
    }

    /** A draft of the company's policy with this text, ready to be mapped and submitted. */
    UUID draft(DocumentContent content) {
        DocumentView policy = Gate.as(officer, () -> documents.documents(officer)).stream()
                .filter(d -> d.kind() == DocumentKind.POLICY).findFirst().orElseThrow();
        VersionView open = policy.open().orElse(null);
        if (open != null && open.state() == VersionState.SUBMITTED) {
            approve(open.id());
            open = null;
        }
        if (open != null) {
            UUID id = open.id();
            Gate.as(officer, () -> {
                documents.revise(id, content, officer);
                return null;
            });
            return id;
        }
        return Gate.as(officer, () -> documents.draftNext(policy.id(), content, officer));
    }

    void submit(UUID version) {
        Gate.as(officer, () -> {
            documents.submit(version, officer);
            return null;
        });
    }

    void approve(UUID version) {
        Gate.as(manager, () -> {
            documents.approve(version, manager);
            return null;
        });
    }

    /** Puts the text in force at once. */
    UUID publish(DocumentContent content) {
        UUID version = draft(content);
        submit(version);
        approve(version);
        return version;
    }
}
