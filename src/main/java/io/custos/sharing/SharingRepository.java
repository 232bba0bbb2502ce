package io.custos.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Requests, grants and the ledger's counters, in plain SQL that H2 and PostgreSQL both run. */
@Repository
class SharingRepository {

    private static final String REQUEST_COLUMNS = "r.id, r.requester_id, r.department_id, r.recipient_type, "
            + "r.recipient_id, r.purpose, r.fields, r.selection, r.filter_city, r.filter_owner_id, r.valid_from, "
            + "r.valid_until, r.justification, r.needs_admin, r.status, r.created_at, r.head_decided_by, "
            + "r.head_decided_at, r.admin_decided_by, r.admin_decided_at, r.refused_by, r.refused_at, "
            + "r.refusal_reason, r.withdrawn_at, g.id as grant_id";
    private static final String REQUESTS = "select " + REQUEST_COLUMNS
            + " from sharing_request r left join sharing_grant g on g.request_id = r.id";
    private static final String GRANTS = "select g.id, g.request_id, g.recipient_type, g.recipient_id, g.purpose, "
            + "g.fields, g.valid_from, g.valid_until, g.revoked_at from sharing_grant g";

    private final JdbcClient jdbc;

    SharingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(SharingRequest r) {
        jdbc.sql("insert into sharing_request (id, requester_id, department_id, recipient_type, recipient_id, purpose, "
                + "fields, selection, filter_city, filter_owner_id, valid_from, valid_until, justification, "
                + "needs_admin, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.requesterId(), r.departmentId(), r.recipient().type().name(), r.recipient().id(),
                        r.purpose(), String.join(",", r.fields()), r.selection().name(), r.filterCity(),
                        r.filterOwnerId(), ts(r.from()), ts(r.until()), r.justification(), r.needsAdmin(),
                        r.status().name(), ts(r.createdAt()))
                .update();
        for (UUID customer : r.customerIds()) {
            jdbc.sql("insert into sharing_request_customer (request_id, customer_id) values (?, ?)")
                    .params(r.id(), customer).update();
        }
    }

    Optional<SharingRequest> find(UUID id) {
        return jdbc.sql(REQUESTS + " where r.id = ?").param(id).query(this::request).optional();
    }

    List<SharingRequest> byRequester(UUID requester) {
        return jdbc.sql(REQUESTS + " where r.requester_id = ? order by r.created_at desc, r.id").param(requester)
                .query(this::request).list();
    }

    List<SharingRequest> pending() {
        return jdbc.sql(REQUESTS + " where r.status in ('PENDING_HEAD', 'PENDING_ADMIN') order by r.created_at, r.id")
                .query(this::request).list();
    }

    boolean headApproves(UUID id, UUID by, Instant at, RequestStatus next) {
        return jdbc.sql("update sharing_request set status = ?, head_decided_by = ?, head_decided_at = ? "
                + "where id = ? and status = 'PENDING_HEAD'").params(next.name(), by, ts(at), id).update() == 1;
    }

    boolean adminApproves(UUID id, UUID by, Instant at) {
        return jdbc.sql("update sharing_request set status = 'APPROVED', admin_decided_by = ?, admin_decided_at = ? "
                + "where id = ? and status = 'PENDING_ADMIN'").params(by, ts(at), id).update() == 1;
    }

    boolean refuse(UUID id, RequestStatus from, UUID by, Instant at, String reason) {
        return jdbc.sql("update sharing_request set status = 'REFUSED', refused_by = ?, refused_at = ?, "
                + "refusal_reason = ? where id = ? and status = ?").params(by, ts(at), reason, id, from.name())
                .update() == 1;
    }

    boolean withdraw(UUID id, RequestStatus from, Instant at) {
        return jdbc.sql("update sharing_request set status = 'WITHDRAWN', withdrawn_at = ? where id = ? and status = ?")
                .params(ts(at), id, from.name()).update() == 1;
    }

    void insertGrant(GrantSummary g, Instant createdAt, Map<UUID, String> excluded) {
        jdbc.sql("insert into sharing_grant (id, request_id, recipient_type, recipient_id, purpose, fields, valid_from, "
                + "valid_until, created_at, end_announced) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(g.id(), g.requestId(), g.recipient().type().name(), g.recipient().id(), g.purpose(),
                        String.join(",", g.fields()), ts(g.from()), ts(g.until()), ts(createdAt), false)
                .update();
        for (UUID customer : g.customerIds()) {
            jdbc.sql("insert into sharing_grant_customer (grant_id, customer_id) values (?, ?)").params(g.id(), customer)
                    .update();
            jdbc.sql("insert into sharing_use (grant_id, customer_id, reveals, views) values (?, ?, 0, 0)")
                    .params(g.id(), customer).update();
        }
        excluded.forEach((customer, reason) -> jdbc.sql("insert into sharing_grant_exclusion (grant_id, customer_id, "
                + "reason) values (?, ?, ?)").params(g.id(), customer, reason).update());
    }

    Optional<GrantSummary> grant(UUID id) {
        return jdbc.sql(GRANTS + " where g.id = ?").param(id).query(this::grantWithoutCustomers).optional()
                .map(this::withCustomers);
    }

    /** Grants to a recipient, newest first, without their customer lists (the lists can be long). */
    List<GrantSummary> grantsTo(Recipient recipient) {
        return jdbc.sql(GRANTS + " where g.recipient_type = ? and g.recipient_id = ? order by g.valid_from desc, g.id")
                .params(recipient.type().name(), recipient.id()).query(this::grantWithoutCustomers).list();
    }

    /** Grants made from requests of a department, newest first, without their customer lists. */
    List<GrantSummary> grantsFromDepartment(UUID department) {
        return jdbc.sql(GRANTS + " join sharing_request r on r.id = g.request_id where r.department_id = ? "
                + "order by g.valid_from desc, g.id").param(department).query(this::grantWithoutCustomers).list();
    }

    List<GrantSummary> allGrants() {
        return jdbc.sql(GRANTS + " order by g.valid_from desc, g.id").query(this::grantWithoutCustomers).list();
    }

    /** The grants naming a customer, with the counters of this customer under each. */
    List<Map<String, Object>> ledgerOf(UUID customer) {
        return jdbc.sql("select g.id, g.recipient_type, g.recipient_id, g.purpose, g.fields, g.valid_from, g.valid_until, "
                + "g.revoked_at, r.justification, r.requester_id, u.reveals, u.views, u.first_used_at, u.last_used_at, "
                + "(select count(*) from export_download d join export_package p on p.id = d.package_id "
                + "join export_package_customer pc on pc.package_id = p.id where p.grant_id = g.id "
                + "and pc.customer_id = c.customer_id) as downloads "
                + "from sharing_grant_customer c join sharing_grant g on g.id = c.grant_id "
                + "join sharing_request r on r.id = g.request_id "
                + "left join sharing_use u on u.grant_id = g.id and u.customer_id = c.customer_id "
                + "where c.customer_id = ? order by g.valid_from desc, g.id").param(customer).query().listOfRows();
    }

    /** Per grant: customers shared, customers read at least once, reveals, views, last use, files downloaded. */
    Map<String, Object> totals(UUID grant) {
        return jdbc.sql("select count(*) as customers, coalesce(sum(case when views + reveals > 0 then 1 else 0 end), 0) "
                + "as used, coalesce(sum(reveals), 0) as reveals, coalesce(sum(views), 0) as views, "
                + "max(last_used_at) as last_used, (select count(*) from export_download d join export_package p "
                + "on p.id = d.package_id where p.grant_id = ?) as downloads from sharing_use where grant_id = ?")
                .params(grant, grant).query().singleRow();
    }

    Map<UUID, String> exclusions(UUID grant) {
        Map<UUID, String> excluded = new java.util.LinkedHashMap<>();
        jdbc.sql("select customer_id, reason from sharing_grant_exclusion where grant_id = ? order by reason, customer_id")
                .param(grant).query(rs -> {
                    excluded.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return excluded;
    }

    /**
     * Grants to a recipient that name the customer and give access at the instant (now, or a past
     * moment an explanation replays: a grant revoked since still counted then).
     */
    List<GrantSummary> activeOn(Recipient recipient, UUID customer, Instant at) {
        return jdbc.sql(GRANTS + " join sharing_grant_customer c on c.grant_id = g.id where c.customer_id = ? "
                + "and g.recipient_type = ? and g.recipient_id = ? and (g.revoked_at is null or g.revoked_at > ?) "
                + "and g.valid_from <= ? and g.valid_until > ? order by g.valid_from, g.id")
                .params(customer, recipient.type().name(), recipient.id(), ts(at), ts(at), ts(at))
                .query(this::grantWithoutCustomers).list();
    }

    List<GrantSummary> activeTo(Recipient recipient, Instant at) {
        return jdbc.sql(GRANTS + " where g.recipient_type = ? and g.recipient_id = ? and g.revoked_at is null "
                + "and g.valid_from <= ? and g.valid_until > ? order by g.valid_until, g.id")
                .params(recipient.type().name(), recipient.id(), ts(at), ts(at)).query(this::grantWithoutCustomers)
                .list();
    }

    /** The customers of a grant, a page at a time, in a stable order. */
    List<UUID> customersOf(UUID grant, int offset, int limit) {
        return jdbc.sql("select customer_id from sharing_grant_customer where grant_id = ? order by customer_id "
                + "offset ? rows fetch first ? rows only").params(grant, offset, limit).query(UUID.class).list();
    }

    boolean revoke(UUID grant, @Nullable UUID by, Instant at, String reason) {
        return jdbc.sql("update sharing_grant set revoked_at = ?, revoked_by = ?, revoke_reason = ?, end_announced = ? "
                + "where id = ? and revoked_at is null and valid_until > ?")
                .params(ts(at), by, reason, true, grant, ts(at)).update() == 1;
    }

    /** As {@link #revoke}, only while the grant's request is still the requester's. */
    boolean revokeOf(UUID grant, UUID requester, @Nullable UUID by, Instant at, String reason) {
        return jdbc.sql("update sharing_grant set revoked_at = ?, revoked_by = ?, revoke_reason = ?, end_announced = ? "
                + "where id = ? and revoked_at is null and valid_until > ? "
                + "and request_id in (select id from sharing_request where requester_id = ?)")
                .params(ts(at), by, reason, true, grant, ts(at), requester).update() == 1;
    }

    /** The requests of a requester still waiting for a decision, newest first. */
    List<SharingRequest> pendingOf(UUID requester) {
        return jdbc.sql(REQUESTS + " where r.requester_id = ? and r.status in ('PENDING_HEAD', 'PENDING_ADMIN') "
                + "order by r.created_at desc, r.id").param(requester).query(this::request).list();
    }

    /** Grants from a requester's requests not revoked and not yet at their end (started or not), ending first first. */
    List<HeldGrant> runningGrantsOf(UUID requester, Instant at) {
        return jdbc.sql("select g.id, g.request_id, g.recipient_type, g.recipient_id, g.purpose, g.valid_until, "
                + "(select count(*) from sharing_grant_customer c where c.grant_id = g.id) as customers "
                + "from sharing_grant g join sharing_request r on r.id = g.request_id where r.requester_id = ? "
                + "and g.revoked_at is null and g.valid_until > ? order by g.valid_until, g.id")
                .params(requester, ts(at))
                .query((rs, n) -> new HeldGrant(rs.getObject("id", UUID.class), rs.getObject("request_id", UUID.class),
                        rs.getString("recipient_type"), rs.getObject("recipient_id", UUID.class),
                        rs.getString("purpose"), rs.getInt("customers"), instant(rs.getTimestamp("valid_until"))))
                .list();
    }

    /** Moves a pending request to another requester, only if it is still the expected one's and in the expected state. */
    boolean reassign(UUID id, UUID from, RequestStatus status, UUID to) {
        return jdbc.sql("update sharing_request set requester_id = ? where id = ? and requester_id = ? and status = ?")
                .params(to, id, from, status.name()).update() == 1;
    }

    /** As {@link #withdraw}, only while the request is still the requester's. */
    boolean withdrawOf(UUID id, UUID requester, RequestStatus from, Instant at) {
        return jdbc.sql("update sharing_request set status = 'WITHDRAWN', withdrawn_at = ? where id = ? "
                + "and requester_id = ? and status = ?").params(ts(at), id, requester, from.name()).update() == 1;
    }

    /**
     * Makes {@code to} the requester of the approved request behind a grant, only while the grant is
     * neither revoked nor ended and the request is still {@code from}'s.
     */
    boolean continueUnder(UUID grant, UUID from, UUID to, Instant at) {
        return jdbc.sql("update sharing_request set requester_id = ? where requester_id = ? and status = 'APPROVED' "
                + "and id = (select g.request_id from sharing_grant g where g.id = ? and g.revoked_at is null "
                + "and g.valid_until > ?)").params(to, from, grant, ts(at)).update() == 1;
    }

    /** Grants that reached their end and whose end nobody announced yet. */
    List<GrantSummary> endedUnannounced(Instant at, int limit) {
        return jdbc.sql(GRANTS + " where g.end_announced = ? and g.valid_until <= ? order by g.valid_until, g.id "
                + "fetch first ? rows only").params(false, ts(at), limit).query(this::grantWithoutCustomers).list();
    }

    /** Claims the announcement, so one node announces each end once. */
    boolean claimEnd(UUID grant) {
        return jdbc.sql("update sharing_grant set end_announced = ? where id = ? and end_announced = ?")
                .params(true, grant, false).update() == 1;
    }

    void countUse(UUID grant, UUID customer, boolean revealed, Instant at) {
        jdbc.sql("update sharing_use set reveals = reveals + ?, views = views + ?, "
                + "first_used_at = coalesce(first_used_at, ?), last_used_at = ? where grant_id = ? and customer_id = ?")
                .params(revealed ? 1 : 0, revealed ? 0 : 1, ts(at), ts(at), grant, customer).update();
    }

    private GrantSummary withCustomers(GrantSummary g) {
        Set<UUID> customers = Set.copyOf(jdbc.sql("select customer_id from sharing_grant_customer where grant_id = ?")
                .param(g.id()).query(UUID.class).list());
        return new GrantSummary(g.id(), g.requestId(), g.recipient(), g.purpose(), customers, g.fields(), g.from(),
                g.until(), g.revokedAt());
    }

    private GrantSummary grantWithoutCustomers(ResultSet rs, int row) throws SQLException {
        return new GrantSummary(rs.getObject("id", UUID.class), rs.getObject("request_id", UUID.class),
                new Recipient(RecipientType.valueOf(rs.getString("recipient_type")),
                        rs.getObject("recipient_id", UUID.class)),
                rs.getString("purpose"), Set.of(), Set.copyOf(split(rs.getString("fields"))),
                instant(rs.getTimestamp("valid_from")), instant(rs.getTimestamp("valid_until")),
                nullableInstant(rs.getTimestamp("revoked_at")));
    }

    private SharingRequest request(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        SharingRequest.Selection selection = SharingRequest.Selection.valueOf(rs.getString("selection"));
        List<UUID> customers = selection == SharingRequest.Selection.LIST
                ? jdbc.sql("select customer_id from sharing_request_customer where request_id = ? order by customer_id")
                        .param(id).query(UUID.class).list()
                : List.of();
        return new SharingRequest(id, rs.getObject("requester_id", UUID.class), rs.getObject("department_id", UUID.class),
                new Recipient(RecipientType.valueOf(rs.getString("recipient_type")),
                        rs.getObject("recipient_id", UUID.class)),
                rs.getString("purpose"), split(rs.getString("fields")), selection, rs.getString("filter_city"),
                rs.getObject("filter_owner_id", UUID.class), customers, instant(rs.getTimestamp("valid_from")),
                instant(rs.getTimestamp("valid_until")), rs.getString("justification"), rs.getBoolean("needs_admin"),
                RequestStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("created_at")),
                rs.getObject("head_decided_by", UUID.class), nullableInstant(rs.getTimestamp("head_decided_at")),
                rs.getObject("admin_decided_by", UUID.class), nullableInstant(rs.getTimestamp("admin_decided_at")),
                rs.getObject("refused_by", UUID.class), nullableInstant(rs.getTimestamp("refused_at")),
                rs.getString("refusal_reason"), nullableInstant(rs.getTimestamp("withdrawn_at")),
                rs.getObject("grant_id", UUID.class));
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    private static Instant instant(Timestamp ts) {
        return ts.toInstant();
    }

    private static @Nullable Instant nullableInstant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
