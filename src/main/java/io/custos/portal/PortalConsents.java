package io.custos.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.Channel;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.PrivacyNotice;
import io.custos.consent.PrivacyNotices;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.consent.Withdrawal;
import io.custos.customer.CustomerSelfView;
import io.custos.customer.FieldCatalog;
import io.custos.shared.DomainException;

/**
 * A customer's consents as the portal shows them, and their withdrawal by the customer (R-CUS-1,
 * PIPL art. 15: withdrawing must be as easy as consenting). A withdrawal goes through the consent
 * ledger like any other, on channel {@link Channel#PORTAL}, so the access decision stops using the
 * purpose from that moment, and the retention flags follow from the ledger's event.
 */
@Service
public class PortalConsents {

    private final ConsentLedger ledger;
    private final PrivacyNotices notices;
    private final Purposes purposes;
    private final CustomerSelfView self;
    private final FieldCatalog catalog;

    PortalConsents(ConsentLedger ledger, PrivacyNotices notices, Purposes purposes, CustomerSelfView self,
            FieldCatalog catalog) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.notices = notices;
        this.purposes = purposes;
        this.self = self;
    }

    /**
     * What the customer agreed to: the notice version (null if the ledger holds no consent), a newer
     * published notice if there is one, the purposes still consented to in the purposes' order, and
     * the separate consents for sensitive (L4) data and for giving data to third parties.
     */
    public record Overview(@Nullable Integer noticeVersion, @Nullable String noticeTitle, @Nullable NewerNotice newer,
            List<ConsentedPurpose> purposes, boolean sensitiveConsent, boolean thirdPartyConsent,
            @Nullable Instant updatedAt) {

        public Overview {
            purposes = List.copyOf(purposes);
        }

        /** Whether there is anything left to withdraw. */
        public boolean anyConsent() {
            return !purposes.isEmpty() || sensitiveConsent || thirdPartyConsent;
        }
    }

    /**
     * A newer published notice than the one agreed to; {@code widens}: it covers purposes or kinds of
     * data the agreed one did not, so the company must ask the customer again before using them.
     */
    public record NewerNotice(int version, String title, @Nullable Instant publishedAt, boolean widens) {
    }

    /**
     * A purpose consented to, with its label in the reader's language and the labels of the data it
     * uses (catalog order), so a withdrawal can say what stops; every one can be withdrawn.
     */
    public record ConsentedPurpose(String code, String label, List<String> data, boolean withdrawable) {

        public ConsentedPurpose {
            data = List.copyOf(data);
        }
    }

    /** @throws DomainException 404 unless the caller is this customer, signed in, and the customer is live */
    @Transactional(readOnly = true)
    public Overview of(UUID customerId, Locale locale) {
        self.requireSignedIn(customerId);
        ConsentState state = ledger.state(customerId).orElse(null);
        if (state == null) {
            return new Overview(null, null, newer(null, locale), List.of(), false, false, null);
        }
        List<ConsentedPurpose> consented = new ArrayList<>();
        for (Purpose purpose : purposes.all()) {
            if (state.consentedTo(purpose.code())) {
                // Consent is the customer's to take back, for every purpose (PIPL art. 15); what the
                // company may still do without it (a legal obligation) is the retention rules' matter.
                List<String> data = catalog.fields().stream().filter(f -> purpose.fields().contains(f.key()))
                        .map(f -> f.label(locale)).toList();
                consented.add(new ConsentedPurpose(purpose.code(), purpose.label(locale), data, true));
            }
        }
        String title = notices.published(state.noticeVersion()).map(n -> n.title(locale)).orElse(null);
        return new Overview(state.noticeVersion(), title, newer(state.noticeVersion(), locale), consented,
                state.sensitiveConsent(), state.thirdPartyConsent(), state.updatedAt());
    }

    /**
     * Takes back the chosen purposes and/or separate consents at once, on the portal channel.
     * Recorded by the ledger as {@code consent.withdrawn} with the customer as the actor; a purpose
     * already withdrawn may be chosen again (a second click changes nothing the access decision reads).
     *
     * @throws DomainException 422 {@code withdrawal-empty} when nothing is chosen, {@code purpose-unknown}
     *         for a purpose that does not exist; 409 {@code no-consent} when the ledger holds none; 404 as
     *         {@link #of}
     */
    @Transactional
    public void withdraw(UUID customerId, Set<String> purposesChosen, boolean sensitiveConsent,
            boolean thirdPartyConsent) {
        self.requireSignedIn(customerId);
        ledger.withdraw(customerId, new Withdrawal(purposesChosen, sensitiveConsent, thirdPartyConsent),
                Channel.PORTAL);
    }

    /** {@link #withdraw(UUID, Set, boolean, boolean)}, then the overview as it stands after it, in one transaction. */
    @Transactional
    public Overview withdrawAndShow(UUID customerId, Set<String> purposesChosen, boolean sensitiveConsent,
            boolean thirdPartyConsent, Locale locale) {
        withdraw(customerId, purposesChosen, sensitiveConsent, thirdPartyConsent);
        return of(customerId, locale);
    }

    private @Nullable NewerNotice newer(@Nullable Integer agreed, Locale locale) {
        PrivacyNotice current = notices.current();
        if (agreed != null && current.version() <= agreed) {
            return null;
        }
        return new NewerNotice(current.version(), current.title(locale), current.publishedAt(),
                agreed == null || notices.widens(current.version(), agreed));
    }
}
