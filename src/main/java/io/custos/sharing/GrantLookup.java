package io.custos.sharing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.access.Granted;
import io.custos.access.Person;
import io.custos.access.SharedGrants;
import io.custos.identity.Role;

/**
 * Answers the access decision's question "which grants does this person receive on this customer
 * now" (issue 15.4). A grant counts from its start to its end unless revoked, and only while the
 * recipient's NDA is in force (a lapsed NDA suspends every grant until a valid one is on file) and,
 * for a partner's user, accepted by that user.
 */
@Component
class GrantLookup implements SharedGrants {

    private final SharingRepository repository;
    private final Partners partners;

    GrantLookup(SharingRepository repository, Partners partners) {
        this.repository = repository;
        this.partners = partners;
    }

    @Override
    public List<Granted> on(Person person, UUID customerId, Instant at) {
        Recipient recipient = recipientOf(person);
        if (recipient == null) {
            return List.of();
        }
        List<GrantSummary> active = repository.activeOn(recipient, customerId, at);
        if (active.isEmpty() || !partners.ndaInForce(recipient, at)
                || recipient.external() && !partners.ndaAcceptedBy(person.id(), at)) {
            return List.of();
        }
        return active.stream().map(g -> new Granted(g.id(), g.purpose(), g.fields(), recipient.external())).toList();
    }

    private static @org.jspecify.annotations.Nullable Recipient recipientOf(Person person) {
        if (person.partnerId() != null) {
            return new Recipient(RecipientType.PARTNER, person.partnerId());
        }
        if (person.roles().contains(Role.PARTNER) || person.departmentId() == null) {
            return null;
        }
        return new Recipient(RecipientType.DEPARTMENT, person.departmentId());
    }
}
