package io.custos.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;

/**
 * Privacy notices (R-COL-1). The administration department drafts a new version (a copy of the
 * latest), edits and submits it; management approves or sends it back; the administration
 * department publishes it. Every transition is guarded by the current status and audited; a
 * published version never changes and stays readable.
 */
@Service
public class PrivacyNotices {

    private final JdbcClient jdbc;
    private final Purposes purposes;
    private final ConsentAudit audit;
    private final Clock clock;

    PrivacyNotices(JdbcClient jdbc, Purposes purposes, ConsentAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.purposes = purposes;
        this.audit = audit;
        this.clock = clock;
    }

    /** The text of a draft and what it covers. */
    public record NoticeContent(String titleZh, String titleEn, String bodyZh, String bodyEn, Set<String> purposes,
            Set<String> categories) {
    }

    @Transactional(readOnly = true)
    public List<PrivacyNotice> all() {
        Map<Integer, Set<String>> noticePurposes = links("privacy_notice_purpose", "purpose");
        Map<Integer, Set<String>> categories = links("privacy_notice_category", "field_key");
        return jdbc.sql("select version, status, title_zh, title_en, body_zh, body_en, drafted_at, published_at "
                + "from privacy_notice order by version desc")
                .query((rs, n) -> new PrivacyNotice(rs.getInt(1), NoticeStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        noticePurposes.getOrDefault(rs.getInt(1), Set.of()), categories.getOrDefault(rs.getInt(1), Set.of()),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class) == null ? null : rs.getObject(8, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public PrivacyNotice get(int version) {
        return all().stream().filter(n -> n.version() == version).findFirst().orElseThrow(DomainException::notFound);
    }

    /** The newest published version: the one to show customers now. */
    @Transactional(readOnly = true)
    public PrivacyNotice current() {
        return all().stream().filter(n -> n.status() == NoticeStatus.PUBLISHED).findFirst()
                .orElseThrow(() -> new IllegalStateException("No privacy notice is published"));
    }

    @Transactional(readOnly = true)
    public Optional<PrivacyNotice> published(int version) {
        return all().stream().filter(n -> n.version() == version && n.status() == NoticeStatus.PUBLISHED).findFirst();
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PrivacyNotice draft(CustosUser by) {
        if (all().stream().anyMatch(n -> n.status() != NoticeStatus.PUBLISHED)) {
            throw DomainException.conflict("notice-draft-open");
        }
        PrivacyNotice latest = current();
        int version = latest.version() + 1;
        Instant now = clock.instant();
        jdbc.sql("insert into privacy_notice (version, status, title_zh, title_en, body_zh, body_en, drafted_by, "
                + "drafted_at) values (?, 'DRAFT', ?, ?, ?, ?, ?, ?)")
                .params(version, latest.titleZh(), latest.titleEn(), latest.bodyZh(), latest.bodyEn(), by.id(), utc(now))
                .update();
        replaceLinks(version, latest.purposes(), latest.categories());
        audit.record(AuditCategory.ADMINISTRATION, "consent.notice.drafted", "privacy-notice", "v" + version, Map.of());
        return get(version);
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PrivacyNotice edit(int version, NoticeContent content, CustosUser by) {
        PrivacyNotice notice = inStatus(version, NoticeStatus.DRAFT);
        if (content.purposes().isEmpty()) {
            throw DomainException.unprocessable("purposes-required", Map.of("field", "purposes"));
        }
        purposes.require(content.purposes());
        jdbc.sql("update privacy_notice set title_zh = ?, title_en = ?, body_zh = ?, body_en = ? where version = ?")
                .params(content.titleZh().strip(), content.titleEn().strip(), content.bodyZh().strip(),
                        content.bodyEn().strip(), notice.version())
                .update();
        replaceLinks(version, content.purposes(), content.categories());
        audit.record(AuditCategory.ADMINISTRATION, "consent.notice.edited", "privacy-notice", "v" + version,
                Map.of("purposes", sorted(content.purposes())));
        return get(version);
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PrivacyNotice submit(int version, CustosUser by) {
        return move(version, NoticeStatus.DRAFT, NoticeStatus.SUBMITTED, "consent.notice.submitted", by);
    }

    @Transactional
    @PreAuthorize("hasRole('MANAGEMENT')")
    public PrivacyNotice approve(int version, CustosUser by) {
        return move(version, NoticeStatus.SUBMITTED, NoticeStatus.APPROVED, "consent.notice.approved", by);
    }

    @Transactional
    @PreAuthorize("hasRole('MANAGEMENT')")
    public PrivacyNotice sendBack(int version, CustosUser by) {
        return move(version, NoticeStatus.SUBMITTED, NoticeStatus.DRAFT, "consent.notice.sent-back", by);
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN_OFFICER')")
    public PrivacyNotice publish(int version, CustosUser by) {
        return move(version, NoticeStatus.APPROVED, NoticeStatus.PUBLISHED, "consent.notice.published", by);
    }

    /**
     * What a version adds over an older one: purposes and data categories a customer who consented
     * under the older version has not been told about.
     */
    @Transactional(readOnly = true)
    public boolean widens(int newer, int older) {
        PrivacyNotice a = get(newer);
        PrivacyNotice b = get(older);
        return !b.purposes().containsAll(a.purposes()) || !b.categories().containsAll(a.categories());
    }

    private PrivacyNotice move(int version, NoticeStatus from, NoticeStatus to, String action, CustosUser by) {
        inStatus(version, from);
        Instant now = clock.instant();
        String column = switch (to) {
            case SUBMITTED -> "submitted_at";
            case PUBLISHED -> "published_at";
            default -> "decided_at";
        };
        // Management's decisions (approve, send back) also record who decided.
        boolean decision = from == NoticeStatus.SUBMITTED;
        int moved = decision
                ? jdbc.sql("update privacy_notice set status = ?, " + column + " = ?, decided_by = ? "
                        + "where version = ? and status = ?")
                        .params(to.name(), utc(now), by.id(), version, from.name()).update()
                : jdbc.sql("update privacy_notice set status = ?, " + column + " = ? where version = ? and status = ?")
                        .params(to.name(), utc(now), version, from.name()).update();
        if (moved != 1) {
            throw DomainException.conflict("notice-status-changed");
        }
        audit.record(AuditCategory.ADMINISTRATION, action, "privacy-notice", "v" + version,
                Map.of("from", from, "to", to));
        return get(version);
    }

    private PrivacyNotice inStatus(int version, NoticeStatus expected) {
        PrivacyNotice notice = get(version);
        if (notice.status() != expected) {
            throw new DomainException("notice-status-invalid", HttpStatus.CONFLICT, Map.of("status",
                    notice.status().name()));
        }
        return notice;
    }

    private void replaceLinks(int version, Set<String> noticePurposes, Set<String> categories) {
        jdbc.sql("delete from privacy_notice_purpose where version = ?").param(version).update();
        jdbc.sql("delete from privacy_notice_category where version = ?").param(version).update();
        for (String purpose : new TreeSet<>(noticePurposes)) {
            jdbc.sql("insert into privacy_notice_purpose (version, purpose) values (?, ?)").params(version, purpose).update();
        }
        for (String category : new TreeSet<>(categories)) {
            if (!category.matches("[a-z][A-Za-z0-9]{1,31}")) {
                throw DomainException.unprocessable("field-key-invalid", Map.of("field", "categories"));
            }
            jdbc.sql("insert into privacy_notice_category (version, field_key) values (?, ?)").params(version, category)
                    .update();
        }
    }

    private Map<Integer, Set<String>> links(String table, String column) {
        Map<Integer, Set<String>> links = new HashMap<>();
        jdbc.sql("select version, " + column + " from " + table).query(rs -> {
            links.computeIfAbsent(rs.getInt(1), v -> new TreeSet<>()).add(rs.getString(2));
        });
        return links;
    }

    private static List<String> sorted(Set<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }

    private static OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
