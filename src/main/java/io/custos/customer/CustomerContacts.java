package io.custos.customer;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the customer an address on record belongs to, for the portal's sign-in (R-CUS-1): the
 * customer types the e-mail address or phone number the company holds, and only that proves who
 * they are. The address is compared the way exact search compares it (the catalog's normalization,
 * then the blind index of an encrypted field), never by reading values in clear. Nothing is audited
 * or logged here: the address is the very thing that must not be written down, and the portal
 * records what it did with the answer.
 */
@Service
public class CustomerContacts {

    /** The two kinds of address a customer signs in with; each is the catalog field of the same name. */
    public enum ContactKind {
        EMAIL("email"), PHONE("phone");

        private final String field;

        ContactKind(String field) {
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /**
     * A typed address read as one of the kinds, in the normalized form exact search compares
     * ({@code normalized}: a lower-cased e-mail, the digits of a phone without +86).
     */
    public record Contact(ContactKind kind, String normalized) {
        @Override
        public String toString() {
            return "Contact[" + kind + "]";
        }
    }

    private final FieldCatalog catalog;
    private final ValueStore values;

    CustomerContacts(FieldCatalog catalog, ValueStore values) {
        this.catalog = catalog;
        this.values = values;
    }

    /**
     * What kind of address this is by its shape: an {@code @} makes it an e-mail, otherwise it must
     * look like a phone number. Empty when it is neither (blank, too long, malformed).
     */
    public Optional<Contact> parse(String address) {
        ContactKind kind = address.indexOf('@') >= 0 ? ContactKind.EMAIL : ContactKind.PHONE;
        FieldKind shape = kind == ContactKind.EMAIL ? FieldKind.EMAIL : FieldKind.PHONE;
        if (shape.problem(address) != null) {
            return Optional.empty();
        }
        String normalized = shape.normalize(address);
        return normalized.isEmpty() ? Optional.empty() : Optional.of(new Contact(kind, normalized));
    }

    /** The kind of a well-formed address, if it is one. */
    public Optional<ContactKind> kindOf(String address) {
        return parse(address).map(Contact::kind);
    }

    /**
     * The one live customer whose e-mail or phone on record is this address. Empty when none has it,
     * when several have it (an address shared by two customers proves neither), when the address is
     * malformed, or when the catalog no longer lets the field be searched exactly.
     */
    @Transactional(readOnly = true)
    public Optional<UUID> findByContact(String address) {
        Optional<Contact> contact = parse(address);
        if (contact.isEmpty()) {
            return Optional.empty();
        }
        FieldDefinition field = catalog.field(contact.get().kind().field());
        if (!field.searchable() || field.kind() != (contact.get().kind() == ContactKind.EMAIL ? FieldKind.EMAIL
                : FieldKind.PHONE)) {
            return Optional.empty();
        }
        List<UUID> found = values.customersWith(field, address);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
