package io.custos.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/**
 * A person's passkeys (issue 24.2, R-IT-1): list, enrol, remove, and their removal when an
 * administrator resets the second factor. Spring Security's relying party checks each new passkey;
 * this class decides who may change them:
 * <ul>
 * <li>an account that already has a second factor changes its passkeys only from a session that was
 * signed in with one, so a stolen password alone cannot add the thief's passkey;</li>
 * <li>an account whose roles need a second factor keeps at least one: its last passkey goes only
 * while it also has an authenticator app.</li>
 * </ul>
 * Audit details name a passkey by a short hash of its credential id, never by the name its owner typed.
 */
@Service
public class Passkeys {

    private static final Logger log = LoggerFactory.getLogger(Passkeys.class);
    static final int MAX_LABEL = 60;

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final UserCredentialRepository credentials;
    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final EmployeeRepository employees;
    private final IdentityAudit audit;

    Passkeys(WebAuthnRelyingPartyOperations relyingParty, UserCredentialRepository credentials,
            PublicKeyCredentialUserEntityRepository userEntities, EmployeeRepository employees, IdentityAudit audit) {
        this.relyingParty = relyingParty;
        this.credentials = credentials;
        this.userEntities = userEntities;
        this.employees = employees;
        this.audit = audit;
    }

    /** One passkey as its owner sees it; {@code id} is the credential id (base64url), for removal. */
    public record Passkey(String id, String name, @Nullable Instant created, @Nullable Instant lastUsed) {
    }

    /**
     * Creation options waiting in the session between the two requests of an enrolment. Spring's
     * options are not serializable and the sessions live in the database, so only what the relying
     * party checks on the answer is kept, and the options are rebuilt from it.
     */
    public record Pending(String rpId, String rpName, Bytes challenge, Bytes userId, String userName,
            String userDisplayName, List<Long> algorithms, String userVerification) implements java.io.Serializable {

        private static final List<PublicKeyCredentialParameters> KNOWN = List.of(PublicKeyCredentialParameters.EdDSA,
                PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
                PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
                PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512);

        public static Pending of(PublicKeyCredentialCreationOptions options) {
            return new Pending(options.getRp().getId(), options.getRp().getName(), options.getChallenge(),
                    options.getUser().getId(), options.getUser().getName(), options.getUser().getDisplayName(),
                    options.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList(),
                    options.getAuthenticatorSelection().getUserVerification().getValue());
        }

        PublicKeyCredentialCreationOptions options() {
            UserVerificationRequirement verification = java.util.stream.Stream.of(UserVerificationRequirement.REQUIRED,
                    UserVerificationRequirement.PREFERRED, UserVerificationRequirement.DISCOURAGED)
                    .filter(v -> v.getValue().equals(userVerification)).findFirst()
                    .orElse(UserVerificationRequirement.REQUIRED);
            return PublicKeyCredentialCreationOptions.builder()
                    .rp(PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build())
                    .user(ImmutablePublicKeyCredentialUserEntity.builder().id(userId).name(userName)
                            .displayName(userDisplayName).build())
                    .challenge(challenge)
                    .pubKeyCredParams(KNOWN.stream().filter(p -> algorithms.contains(p.getAlg().getValue())).toList())
                    .authenticatorSelection(AuthenticatorSelectionCriteria.builder().userVerification(verification)
                            .residentKey(ResidentKeyRequirement.REQUIRED).build())
                    .build();
        }
    }

    @Transactional(readOnly = true)
    public List<Passkey> list(CustosUser me) {
        return records(me.username()).stream()
                // Spring stamps "last used" at registration too: a passkey never used to sign in has none.
                .map(r -> new Passkey(r.getCredentialId().toBase64UrlString(), r.getLabel(), r.getCreated(),
                        java.util.Objects.equals(r.getLastUsed(), r.getCreated()) ? null : r.getLastUsed()))
                .sorted(java.util.Comparator.comparing(Passkey::created,
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .toList();
    }

    /**
     * The options for the browser to make a new passkey; the caller keeps them in the session for
     * {@link #enrol}. Refused as {@link #enrol} would be, before the person touches their authenticator.
     */
    @Transactional
    public PublicKeyCredentialCreationOptions creationOptions(CustosUser me, Authentication authentication,
            boolean sessionWithSecondFactor) {
        requireMayChange(me, sessionWithSecondFactor, "identity.passkey.enrolled");
        return relyingParty.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(authentication));
    }

    /** Verifies and keeps a new passkey made with {@code options} (from this person's session). */
    @Transactional
    public Passkey enrol(CustosUser me, @Nullable Pending pending, RelyingPartyPublicKey key,
            boolean sessionWithSecondFactor) {
        PublicKeyCredentialCreationOptions options = pending == null ? null : pending.options();
        requireMayChange(me, sessionWithSecondFactor, "identity.passkey.enrolled");
        String name = key.getLabel() == null ? "" : key.getLabel().strip();
        if (name.isEmpty() || name.length() > MAX_LABEL || name.chars().anyMatch(Character::isISOControl)) {
            throw new DomainException("passkey-name-invalid", HttpStatus.UNPROCESSABLE_ENTITY,
                    Map.of("field", "name"), MAX_LABEL);
        }
        if (options == null || !me.username().equals(options.getUser().getName())) {
            audit.refused("identity.passkey.enrolled", me.id(), "passkey-not-started");
            throw DomainException.conflict("passkey-not-started");
        }
        CredentialRecord record;
        try {
            record = relyingParty.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
                    new RelyingPartyPublicKey(key.getCredential(), name)));
        } catch (RuntimeException e) {
            log.info("Passkey of account {} refused: {}", me.id(), e.getClass().getSimpleName());
            audit.refused("identity.passkey.enrolled", me.id(), "passkey-invalid");
            throw new DomainException("passkey-invalid", HttpStatus.UNPROCESSABLE_ENTITY, Map.of());
        }
        String id = record.getCredentialId().toBase64UrlString();
        audit.account("identity.passkey.enrolled", AuditOutcome.ALLOWED, me.id(), Map.of("passkey", shortId(id)));
        log.info("Account {} enrolled a passkey", me.id());
        return new Passkey(id, name, record.getCreated(), record.getLastUsed());
    }

    /** Removes one of the person's own passkeys; another person's id is simply not found. */
    @Transactional
    public void remove(CustosUser me, String credentialId, boolean sessionWithSecondFactor) {
        CredentialRecord record = records(me.username()).stream()
                .filter(r -> r.getCredentialId().toBase64UrlString().equals(credentialId))
                .findFirst().orElseThrow(DomainException::notFound);
        requireMayChange(me, sessionWithSecondFactor, "identity.passkey.removed");
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (Role.requiresSecondFactor(employee.roles()) && !employee.totpEnabled()
                && records(me.username()).size() == 1) {
            audit.refused("identity.passkey.removed", me.id(), "last-second-factor");
            throw DomainException.conflict("passkey-last-second-factor");
        }
        credentials.delete(record.getCredentialId());
        audit.account("identity.passkey.removed", AuditOutcome.ALLOWED, me.id(),
                Map.of("passkey", shortId(credentialId)));
        log.info("Account {} removed a passkey", me.id());
    }

    /**
     * Removes every passkey of an account, as part of an administrator's second-factor reset (the
     * caller audits the reset and joins this to its transaction). Returns how many went.
     */
    @Transactional
    public int removeAll(UUID employeeId) {
        EmployeeRecord employee = employees.findById(employeeId).orElseThrow(DomainException::notFound);
        List<CredentialRecord> all = records(employee.username());
        all.forEach(r -> credentials.delete(r.getCredentialId()));
        if (!all.isEmpty()) {
            audit.account("identity.passkey.removed", AuditOutcome.ALLOWED, employeeId,
                    Map.of("count", all.size(), "reason", "second-factor-reset"));
            log.info("{} passkey(s) of account {} removed with its second factor", all.size(), employeeId);
        }
        return all.size();
    }

    /**
     * Without a second factor yet, a password session may add the first one (as with an
     * authenticator app). With one, only a session that proved it may change passkeys.
     */
    private void requireMayChange(CustosUser me, boolean sessionWithSecondFactor, String action) {
        if (sessionWithSecondFactor) {
            return;
        }
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (employee.totpEnabled() || employees.passkeyCount(employee.username()) > 0) {
            audit.refused(action, me.id(), "session-without-second-factor");
            throw new DomainException("passkey-needs-second-factor", HttpStatus.FORBIDDEN, Map.of());
        }
    }

    private List<CredentialRecord> records(String username) {
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(username);
        return entity == null ? List.of() : credentials.findByUserId(entity.getId());
    }

    /** A short, stable name for a passkey in the audit log: the credential id is long and the label is free text. */
    static String shortId(String credentialId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(credentialId.getBytes(StandardCharsets.UTF_8));
            return "pk" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
