package io.custos.portal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import io.custos.customer.CustomerContacts;
import io.custos.shared.MailOutbox;

/**
 * Asking for a sign-in link (R-CUS-1), for the page and the API alike. The answer to the person
 * asking never says whether the address is on record: an unknown address, an address shared by two
 * customers and an address whose limit is spent all answer as a known one does, only no link is
 * made. Only a malformed address (which says nothing about anyone) and too many requests from one
 * client address (which says nothing about the address) answer otherwise.
 */
@Service
public class PortalSignIn {

    /** The longest address accepted: the catalog's e-mail is at most 254 characters, a phone far less. */
    public static final int MAX_ADDRESS_LENGTH = 200;

    /** The request attribute through which the sign-in page learns what became of a request for a link. */
    public static final String RESOLUTION = PortalSignIn.class.getName() + ".RESOLUTION";
    /** Where a throttled try of a link or code is answered (429, {@code Retry-After}), and the minutes to wait. */
    public static final String THROTTLED_PAGE = "/portal/sign-in/throttled";
    public static final String THROTTLED_MINUTES = PortalSignIn.class.getName() + ".THROTTLED_MINUTES";

    public enum Answer {
        /** The same answer for every well-formed address: a link is on its way if it is on record. */
        ACCEPTED,
        /** Blank, too long, or neither an e-mail address nor a phone number. */
        MALFORMED,
        /** Too many requests from this client address. */
        CLIENT_THROTTLED
    }

    /**
     * What became of a request: the answer, and when a link is to be made, for which customer and
     * through which channel, and where an e-mail link goes. Never logged or shown: it holds the address.
     */
    public record Resolution(Answer answer, PortalLinkTokens.@Nullable LinkRequest link, @Nullable String sendTo,
            long retryAfterSeconds) {

        Resolution(Answer answer, PortalLinkTokens.@Nullable LinkRequest link, @Nullable String sendTo) {
            this(answer, link, sendTo, 0);
        }

        /** Whole minutes to wait, for people; at least 1. */
        public long retryAfterMinutes() {
            return Math.max(1, (retryAfterSeconds + 59) / 60);
        }

        @Override
        public String toString() {
            return "Resolution[" + answer + "]";
        }
    }

    private final CustomerContacts contacts;
    private final SignInThrottle throttle;
    private final PortalLinkTokens tokens;
    private final MailOutbox mail;
    private final ObjectProvider<DemoSignInLog> demoLog;
    private final PortalAudit audit;
    private final PortalProperties properties;

    PortalSignIn(CustomerContacts contacts, SignInThrottle throttle, PortalLinkTokens tokens, MailOutbox mail,
            ObjectProvider<DemoSignInLog> demoLog, PortalAudit audit, PortalProperties properties) {
        this.contacts = contacts;
        this.throttle = throttle;
        this.tokens = tokens;
        this.mail = mail;
        this.demoLog = demoLog;
        this.audit = audit;
        this.properties = properties;
    }

    /** Decides a request for a link from {@code clientAddress}; a refusal is audited with its reason only. */
    public Resolution resolve(@Nullable String address, String clientAddress) {
        if (address == null || address.isBlank() || address.length() > MAX_ADDRESS_LENGTH) {
            return new Resolution(Answer.MALFORMED, null, null);
        }
        var contact = contacts.parse(address);
        if (contact.isEmpty()) {
            return new Resolution(Answer.MALFORMED, null, null);
        }
        io.custos.shared.Throttle.Decision client = throttle.client(clientAddress);
        if (!client.allowed()) {
            audit.refused("client-throttled");
            return new Resolution(Answer.CLIENT_THROTTLED, null, null, client.retryAfterSeconds());
        }
        if (!throttle.address(contact.get().kind() + ":" + contact.get().normalized())) {
            audit.refused("address-throttled");
            return new Resolution(Answer.ACCEPTED, null, null);
        }
        var customer = contacts.findByContact(address);
        if (customer.isEmpty()) {
            audit.refused("unknown-address");
            return new Resolution(Answer.ACCEPTED, null, null);
        }
        boolean email = contact.get().kind() == CustomerContacts.ContactKind.EMAIL;
        return new Resolution(Answer.ACCEPTED, new PortalLinkTokens.LinkRequest(customer.get(),
                email ? PortalLinkTokens.Channel.EMAIL : PortalLinkTokens.Channel.PHONE, properties.linkValidity()),
                email ? address.strip() : null);
    }

    /**
     * Sends a link just made: by e-mail to the address typed (the one on record, as the blind index
     * matched it). A phone code waits for the customer's owner ({@link PortalLinkTokens#pendingCodes}).
     */
    public void deliver(OneTimeToken token, Resolution resolution) {
        if (resolution.sendTo() == null) {
            return;
        }
        String link = link(token.getTokenValue());
        long minutes = properties.linkValidity().toMinutes();
        mail.send(properties.mailFrom(), List.of(mail.letter(resolution.sendTo(), "portal-sign-in",
                Map.of("link", link, "minutes", minutes))));
        DemoSignInLog demo = demoLog.getIfAvailable();
        if (demo != null) {
            demo.linkMade(link);
        }
    }

    /** Requests for a link, resolved and, where one is due, made and sent: the API's path. */
    public Resolution request(@Nullable String address, String clientAddress) {
        Resolution resolution = resolve(address, clientAddress);
        if (resolution.link() != null) {
            deliver(tokens.generate(resolution.link()), resolution);
        }
        return resolution;
    }

    /**
     * One try of a link or code from this client address; refused (and audited), with the seconds
     * to wait, when too many were tried.
     */
    public io.custos.shared.Throttle.Decision attempt(String clientAddress) {
        io.custos.shared.Throttle.Decision decision = throttle.attempt(clientAddress);
        if (!decision.allowed()) {
            audit.refused("attempts-throttled");
        }
        return decision;
    }

    /** A link or code that was not accepted (unknown, used, expired). */
    public void invalidLink() {
        audit.refused("link-invalid");
    }

    public void signedOut(UUID customerId) {
        audit.signedOut(customerId);
    }

    String link(String token) {
        return UriComponentsBuilder.fromUriString(properties.baseUrl()).path("/portal/sign-in/link")
                .queryParam("token", token).build().toUriString();
    }
}
