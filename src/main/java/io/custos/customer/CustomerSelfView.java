package io.custos.customer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * What the company holds about a customer, shown to that customer (R-CUS-1): the data subject reads
 * their own record, so no staff access decision applies. L1-L3 are shown in clear; L4 stays masked
 * exactly as on staff pages, because a portal session is one stolen phone away from a stranger and
 * an identity or bank number is what such a stranger would take; the customer knows their own.
 * Only the signed-in customer may ask about themselves: any other caller, a staff member's session
 * included, is answered as if the customer did not exist, so the service cannot become a way round
 * the access policy.
 */
@Service
public class CustomerSelfView {

    private final CustomerRepository customers;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final DataKeys dataKeys;
    private final CustomerAudit audit;

    CustomerSelfView(CustomerRepository customers, ValueStore values, FieldCatalog catalog, DataKeys dataKeys,
            CustomerAudit audit) {
        this.customers = customers;
        this.values = values;
        this.catalog = catalog;
        this.dataKeys = dataKeys;
        this.audit = audit;
    }

    /**
     * One field as the customer sees it: {@code shown} is the value in clear, or its mask when
     * {@code masked}; {@code label} is the catalog's label in the reader's language.
     */
    public record HeldField(String key, String label, Sensitivity level, String shown, boolean masked) {
        @Override
        public String toString() {
            return "HeldField[" + key + "]";
        }
    }

    /**
     * Every catalog field holding a value for the customer, in catalog order, recorded as
     * {@code customer.self.viewed} (the customer's id and how many fields were shown) in this
     * transaction. A value that no longer decrypts (its key destroyed, or the ciphertext moved or
     * altered) is left out rather than guessed at.
     *
     * @throws DomainException 404 for an unknown, destroyed or crypto-shredded customer, or when the
     *         caller is not that customer signed in
     */
    @Transactional
    public List<HeldField> heldAbout(UUID customerId, Locale locale) {
        requireLive(customerId);
        Map<String, ValueStore.Stored> stored = values.load(customerId);
        List<HeldField> held = new ArrayList<>();
        for (FieldDefinition field : catalog.fields()) {
            ValueStore.Stored value = stored.get(field.key());
            if (value == null) {
                continue;
            }
            String clear = values.readable(customerId, field, value);
            if (clear == null) {
                continue;
            }
            boolean masked = field.sensitivity() == Sensitivity.L4;
            held.add(new HeldField(field.key(), field.label(locale), field.sensitivity(),
                    masked ? field.kind().mask(clear) : clear, masked));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customer", customerId);
        details.put("fields", held.size());
        audit.customer("customer.self.viewed", customerId, details);
        return held;
    }

    /** One field's value in clear with its labels in both languages, for the customer's own copy. */
    public record CopiedField(String key, String labelZh, String labelEn, Sensitivity level, String value) {
        @Override
        public String toString() {
            return "CopiedField[" + key + "]";
        }
    }

    /**
     * Every value held about the customer, L4 included, in clear: the copy and the portable data
     * the customer asked for (PIPL art. 45), made at the moment the signed-in customer fetches it,
     * so no member of staff ever holds it. Recorded as {@code customer.self.copied}.
     *
     * @throws DomainException 404 as {@link #heldAbout}
     */
    @Transactional
    public List<CopiedField> copyOf(UUID customerId) {
        requireLive(customerId);
        Map<String, ValueStore.Stored> stored = values.load(customerId);
        List<CopiedField> copied = new ArrayList<>();
        for (FieldDefinition field : catalog.fields()) {
            ValueStore.Stored value = stored.get(field.key());
            String clear = value == null ? null : values.readable(customerId, field, value);
            if (clear != null) {
                copied.add(new CopiedField(field.key(), field.labelZh(), field.labelEn(), field.sensitivity(), clear));
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customer", customerId);
        details.put("fields", copied.size());
        audit.customer("customer.self.copied", customerId, details);
        return copied;
    }

    /**
     * The customer's company name, for a heading; not recorded on its own, since it is what the
     * customer signed in as and every page that shows it records what it shows.
     *
     * @throws DomainException 404 as {@link #heldAbout}
     */
    @Transactional(readOnly = true)
    public String companyName(UUID customerId) {
        requireLive(customerId);
        FieldDefinition field = catalog.field(CollectionRules.COMPANY_NAME);
        ValueStore.Stored value = values.load(customerId).get(field.key());
        String clear = value == null ? null : values.readable(customerId, field, value);
        return clear == null ? "" : clear;
    }

    /**
     * For the portal's other services: the caller is this customer, signed in, and the customer is
     * live with its data key intact. Reads nothing else and records nothing.
     *
     * @throws DomainException 404 otherwise, alike for every case
     */
    @Transactional(readOnly = true)
    public void requireSignedIn(UUID customerId) {
        requireLive(customerId);
    }

    private void requireLive(UUID customerId) {
        if (!signedInAs(customerId) || customers.find(customerId).isEmpty() || dataKeys.isDestroyed(customerId)) {
            throw DomainException.notFound();
        }
    }

    /** Whether the security context holds this very customer (a portal sign-in), not staff, not another customer. */
    static boolean signedInAs(UUID customerId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Actor.Source source)) {
            return false;
        }
        Actor actor = source.actor();
        return actor.type() == Actor.ActorType.CUSTOMER && customerId.equals(actor.id());
    }
}
