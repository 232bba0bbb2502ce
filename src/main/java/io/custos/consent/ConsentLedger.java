package io.custos.consent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.keys.DataKeys;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Each customer's consents (R-COL-1, R-COL-4, R-COL-5): grants under a published notice version,
 * withdrawals, the current state, evidence. Callers (the customer registry) decide who may act on
 * a customer; this service keeps the record straight and audited, in the caller's transaction.
 */
@Service
public class ConsentLedger {

    static final int MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
    private static final Set<String> EVIDENCE_TYPES = Set.of("application/pdf", "image/jpeg", "image/png",
            "message/rfc822");

    private static final String INSERT_RECORD = "insert into consent_record (id, customer_id, kind, notice_version, "
            + "purposes, sensitive_consent, third_party_consent, channel, recorded_at, recorded_by) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_STATE = "insert into consent_state (customer_id, notice_version, purposes, "
            + "sensitive_consent, third_party_consent, updated_at) values (?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final PrivacyNotices notices;
    private final Purposes purposes;
    private final DataKeys dataKeys;
    private final ConsentAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ConsentLedger(JdbcClient jdbc, JdbcTemplate batch, PrivacyNotices notices, Purposes purposes, DataKeys dataKeys,
            ConsentAudit audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.notices = notices;
        this.purposes = purposes;
        this.dataKeys = dataKeys;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Checks a grant before anything is written: a published notice version, at least one purpose,
     * each purpose known and covered by that version.
     */
    @Transactional(readOnly = true)
    public void check(ConsentGrant grant) {
        PrivacyNotice notice = notices.published(grant.noticeVersion()).orElseThrow(() ->
                DomainException.unprocessable("notice-not-published", Map.of("field", "consent.noticeVersion")));
        if (grant.purposes().isEmpty()) {
            throw DomainException.unprocessable("purposes-required", Map.of("field", "consent.purposes"));
        }
        purposes.require(grant.purposes());
        for (String purpose : new TreeSet<>(grant.purposes())) {
            if (!notice.purposes().contains(purpose)) {
                throw DomainException.unprocessable("purpose-not-in-notice", Map.of("field", "consent.purposes",
                        "purpose", purpose), purpose, notice.version());
            }
        }
    }

    /** Records a grant; it replaces the customer's consent as a whole (a re-consent names everything anew). */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID grant(UUID customerId, ConsentGrant grant) {
        check(grant);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        insertRecord(id, customerId, ConsentEntry.Kind.GRANTED, grant.noticeVersion(), grant.purposes(),
                grant.sensitiveConsent(), grant.thirdPartyConsent(), grant.channel(), now);
        jdbc.sql("delete from consent_state where customer_id = ?").param(customerId).update();
        jdbc.sql(INSERT_STATE)
                .params(customerId, grant.noticeVersion(), join(grant.purposes()), grant.sensitiveConsent(),
                        grant.thirdPartyConsent(), utc(now))
                .update();
        audit.record(AuditCategory.DATA, "consent.granted", "customer", customerId, Map.of("consentId", id,
                "noticeVersion", grant.noticeVersion(), "purposes", List.copyOf(new TreeSet<>(grant.purposes())),
                "sensitiveConsent", grant.sensitiveConsent(), "thirdPartyConsent", grant.thirdPartyConsent(),
                "channel", grant.channel()));
        return id;
    }

    /**
     * Records the same grant for many customers new to the ledger — an import's consent — in
     * batches: one statement per table and one audit batch, rather than five round trips each.
     *
     * @return the consent record id of each customer
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<UUID, UUID> grantAll(List<UUID> customerIds, ConsentGrant grant) {
        check(grant);
        Instant now = clock.instant();
        String recordedBy = actorName();
        String codes = join(grant.purposes());
        Map<UUID, UUID> ids = new LinkedHashMap<>();
        List<Object[]> records = new ArrayList<>(customerIds.size());
        List<Object[]> states = new ArrayList<>(customerIds.size());
        List<Object[]> replaced = new ArrayList<>(customerIds.size());
        Map<UUID, Map<String, Object>> details = new LinkedHashMap<>();
        List<String> purposeList = List.copyOf(new TreeSet<>(grant.purposes()));
        for (UUID customerId : customerIds) {
            UUID id = UUID.randomUUID();
            ids.put(customerId, id);
            records.add(new Object[] {id, customerId, ConsentEntry.Kind.GRANTED.name(), grant.noticeVersion(), codes,
                    grant.sensitiveConsent(), grant.thirdPartyConsent(), grant.channel().name(), utc(now), recordedBy});
            replaced.add(new Object[] {customerId});
            states.add(new Object[] {customerId, grant.noticeVersion(), codes, grant.sensitiveConsent(),
                    grant.thirdPartyConsent(), utc(now)});
            details.put(customerId, Map.of("consentId", id, "noticeVersion", grant.noticeVersion(), "purposes",
                    purposeList, "sensitiveConsent", grant.sensitiveConsent(), "thirdPartyConsent",
                    grant.thirdPartyConsent(), "channel", grant.channel()));
        }
        batch.batchUpdate(INSERT_RECORD, records);
        batch.batchUpdate("delete from consent_state where customer_id = ?", replaced);
        batch.batchUpdate(INSERT_STATE, states);
        audit.recordAll(AuditCategory.DATA, "consent.granted", "customer", details);
        return ids;
    }

    /**
     * Takes back purposes and/or separate consents from this moment: {@link #state} answers without
     * them at once, and {@link ConsentWithdrawn} tells the data's owners what no purpose needs now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID withdraw(UUID customerId, Withdrawal withdrawal, Channel channel) {
        ConsentState state = state(customerId).orElseThrow(() -> DomainException.conflict("no-consent"));
        if (withdrawal.isEmpty()) {
            throw DomainException.unprocessable("withdrawal-empty", Map.of("field", "purposes"));
        }
        purposes.require(withdrawal.purposes());
        Set<String> remaining = new TreeSet<>(state.purposes());
        remaining.removeAll(withdrawal.purposes());
        boolean sensitive = state.sensitiveConsent() && !withdrawal.sensitiveConsent();
        boolean thirdParty = state.thirdPartyConsent() && !withdrawal.thirdPartyConsent();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        insertRecord(id, customerId, ConsentEntry.Kind.WITHDRAWN, state.noticeVersion(), withdrawal.purposes(),
                withdrawal.sensitiveConsent(), withdrawal.thirdPartyConsent(), channel, now);
        jdbc.sql("update consent_state set purposes = ?, sensitive_consent = ?, third_party_consent = ?, updated_at = ? "
                + "where customer_id = ?")
                .params(join(remaining), sensitive, thirdParty, utc(now), customerId).update();
        audit.record(AuditCategory.DATA, "consent.withdrawn", "customer", customerId, Map.of("consentId", id,
                "purposes", List.copyOf(new TreeSet<>(withdrawal.purposes())), "sensitiveConsent",
                withdrawal.sensitiveConsent(), "thirdPartyConsent", withdrawal.thirdPartyConsent(), "channel", channel));
        events.publishEvent(new ConsentWithdrawn(customerId, withdrawal.purposes(), withdrawal.sensitiveConsent(),
                withdrawal.thirdPartyConsent(), remaining, sensitive));
        return id;
    }

    @Transactional(readOnly = true)
    public Optional<ConsentState> state(UUID customerId) {
        return jdbc.sql("select notice_version, purposes, sensitive_consent, third_party_consent, updated_at "
                + "from consent_state where customer_id = ?")
                .param(customerId)
                .query((rs, n) -> new ConsentState(customerId, rs.getInt(1), split(rs.getString(2)), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /**
     * The consent as it stood at an instant, replayed from the ledger's records (a grant replaces
     * the state, a withdrawal takes its purposes back): explanations judge a past decision by it.
     */
    @Transactional(readOnly = true)
    public Optional<ConsentState> stateAt(UUID customerId, Instant at) {
        // Stored to the microsecond, and rounded by some databases: a record of that very instant counts.
        Instant upTo = at.plusNanos(999).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        @Nullable ConsentState state = null;
        for (ConsentEntry entry : history(customerId)) {
            if (entry.recordedAt().isAfter(upTo)) {
                break;
            }
            if (entry.kind() == ConsentEntry.Kind.GRANTED) {
                state = new ConsentState(customerId, entry.noticeVersion(), entry.purposes(), entry.sensitiveConsent(),
                        entry.thirdPartyConsent(), entry.recordedAt());
            } else if (state != null) {
                Set<String> remaining = new TreeSet<>(state.purposes());
                remaining.removeAll(entry.purposes());
                state = new ConsentState(customerId, state.noticeVersion(), remaining,
                        state.sensitiveConsent() && !entry.sensitiveConsent(),
                        state.thirdPartyConsent() && !entry.thirdPartyConsent(), entry.recordedAt());
            }
        }
        return Optional.ofNullable(state);
    }

    /** Whether the customer consents to the purpose now (the answer the access decision turns into a refusal). */
    @Transactional(readOnly = true)
    public boolean consented(UUID customerId, String purpose) {
        return state(customerId).map(s -> s.consentedTo(purpose)).orElse(false);
    }

    @Transactional(readOnly = true)
    public List<ConsentEntry> history(UUID customerId) {
        return jdbc.sql("select id, kind, notice_version, purposes, sensitive_consent, third_party_consent, channel, "
                + "recorded_at, recorded_by, evidence_sha256 from consent_record where customer_id = ? "
                + "order by seq")
                .param(customerId)
                .query((rs, n) -> new ConsentEntry(rs.getObject(1, UUID.class), ConsentEntry.Kind.valueOf(rs.getString(2)),
                        rs.getInt(3), split(rs.getString(4)), rs.getBoolean(5), rs.getBoolean(6),
                        Channel.valueOf(rs.getString(7)), rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getString(9), rs.getString(10)))
                .list();
    }

    /**
     * The notice versions whose customers must consent again: older than the current notice, which
     * adds purposes or data categories to them, so the new purposes cannot be used until they do.
     * The customer module pages through the customers holding them.
     */
    @Transactional(readOnly = true)
    public Set<Integer> noticeVersionsNeedingReconsent() {
        PrivacyNotice current = notices.current();
        Set<Integer> versions = new TreeSet<>();
        for (Integer older : jdbc.sql("select distinct notice_version from consent_state where notice_version < ?")
                .param(current.version()).query(Integer.class).list()) {
            if (notices.widens(current.version(), older)) {
                versions.add(older);
            }
        }
        return versions;
    }

    /**
     * Stores the evidence of a grant (a scanned form, an e-mail), encrypted with the customer's data
     * key; only its SHA-256 is kept in clear, with the record, to prove which file it was.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachEvidence(UUID customerId, UUID consentId, String contentType, byte[] content) {
        boolean grantOfThisCustomer = jdbc.sql("select count(*) from consent_record where id = ? and customer_id = ? "
                + "and kind = 'GRANTED'").params(consentId, customerId).query(Long.class).single() == 1;
        if (!grantOfThisCustomer) {
            throw DomainException.notFound();
        }
        if (!EVIDENCE_TYPES.contains(contentType)) {
            throw new DomainException("evidence-type-invalid", HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        if (content.length == 0 || content.length > MAX_EVIDENCE_BYTES) {
            throw DomainException.unprocessable("evidence-size-invalid", Map.of("field", "file"),
                    MAX_EVIDENCE_BYTES / (1024 * 1024));
        }
        if (jdbc.sql("select count(*) from consent_evidence where consent_id = ?").param(consentId).query(Long.class)
                .single() > 0) {
            throw DomainException.conflict("evidence-exists");
        }
        String sha256 = sha256(content);
        jdbc.sql("insert into consent_evidence (consent_id, content_type, size_bytes, ciphertext) values (?, ?, ?, ?)")
                .params(consentId, contentType, (long) content.length, dataKeys.encrypt(customerId,
                        "consentEvidence:" + consentId, Base64.getEncoder().encodeToString(content)))
                .update();
        jdbc.sql("update consent_record set evidence_sha256 = ? where id = ?").params(sha256, consentId).update();
        audit.record(AuditCategory.DATA, "consent.evidence.attached", "customer", customerId, Map.of("consentId",
                consentId, "bytes", content.length));
    }

    /**
     * Deletes the evidence files of these customers' consents (issue 16, R-DEL-3), in the caller's
     * transaction, one statement per chunk of 1,000 customers. The consent records stay: they hold
     * notice versions, purposes and times, no value (the evidence's SHA-256 still proves which file
     * it was, and reveals nothing of it).
     *
     * @return how many files were deleted
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int eraseEvidence(java.util.Collection<UUID> customerIds) {
        List<UUID> ids = List.copyOf(customerIds);
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            deleted += jdbc.sql("delete from consent_evidence where consent_id in (select id from consent_record "
                    + "where customer_id in (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                    + "))").params(List.copyOf(chunk)).update();
        }
        return deleted;
    }

    private void insertRecord(UUID id, UUID customerId, ConsentEntry.Kind kind, int noticeVersion, Set<String> codes,
            boolean sensitive, boolean thirdParty, Channel channel, Instant now) {
        jdbc.sql(INSERT_RECORD)
                .params(id, customerId, kind.name(), noticeVersion, join(codes), sensitive, thirdParty, channel.name(),
                        utc(now), actorName())
                .update();
    }

    private static String actorName() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor.Source source
                ? source.actor().name() : "system";
    }

    private static String join(Set<String> codes) {
        return String.join(",", new TreeSet<>(codes));
    }

    private static Set<String> split(String codes) {
        return codes.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(codes.split(",")));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
