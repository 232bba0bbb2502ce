package io.custos.sharing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing counted for the record of processing activities and the legal thresholds (issue 22.5,
 * 22.6): who received customer information for which purpose, and how many customers went abroad.
 * Recipients and counts only, never a customer or a value.
 */
@Service
public class TransferFigures {

    /** Grants that gave access at some moment of a period: started by its end, ended after its start. */
    private static final String GRANT_IN_PERIOD = "g.valid_from <= :until and g.valid_until > :since "
            + "and (g.revoked_at is null or (g.revoked_at > :since and g.revoked_at > g.valid_from))";

    private final JdbcClient jdbc;
    private final Partners partners;

    TransferFigures(JdbcClient jdbc, Partners partners) {
        this.jdbc = jdbc;
        this.partners = partners;
    }

    /**
     * A recipient of grants for one purpose; {@code partner} is set for a partner (null for a
     * department, or a partner since removed from the register).
     */
    public record PurposeRecipient(String purpose, Recipient recipient, @Nullable PartnerSummary partner,
            boolean inForce) {
    }

    /** Customers given to recipients abroad, all of them and those whose grant included sensitive fields. */
    public record CrossBorder(long customers, long sensitiveCustomers) {
    }

    /**
     * Each purpose's recipients of grants that gave access at any moment from {@code since} to
     * {@code now}, with whether one of them is in force at {@code now}; by purpose, then recipient.
     */
    @Transactional(readOnly = true)
    public List<PurposeRecipient> recipients(Instant since, Instant now) {
        List<PurposeRecipient> result = new ArrayList<>();
        jdbc.sql("select g.purpose, g.recipient_type, g.recipient_id, g.valid_from, g.valid_until, g.revoked_at "
                + "from sharing_grant g where " + GRANT_IN_PERIOD + " order by g.purpose, g.recipient_type, g.recipient_id")
                .param("since", utc(since)).param("until", utc(now))
                .query(rs -> {
                    String purpose = rs.getString(1);
                    Recipient recipient = new Recipient(RecipientType.valueOf(rs.getString(2)),
                            rs.getObject(3, UUID.class));
                    Instant from = rs.getObject(4, java.time.OffsetDateTime.class).toInstant();
                    Instant until = rs.getObject(5, java.time.OffsetDateTime.class).toInstant();
                    java.time.OffsetDateTime revoked = rs.getObject(6, java.time.OffsetDateTime.class);
                    boolean inForce = revoked == null && !now.isBefore(from) && now.isBefore(until);
                    PurposeRecipient last = result.isEmpty() ? null : result.get(result.size() - 1);
                    if (last != null && last.purpose().equals(purpose) && last.recipient().equals(recipient)) {
                        if (inForce && !last.inForce()) {
                            result.set(result.size() - 1, new PurposeRecipient(purpose, recipient, last.partner(), true));
                        }
                    } else {
                        result.add(new PurposeRecipient(purpose, recipient, null, inForce));
                    }
                });
        return result.stream().map(r -> r.recipient().external()
                ? new PurposeRecipient(r.purpose(), r.recipient(), partners.find(r.recipient().id()).orElse(null),
                        r.inForce())
                : r).toList();
    }

    /**
     * Distinct customers given to partners whose country is not {@code homeCountry} from
     * {@code since} to {@code now}: named by a grant that gave access in that period, or by an export
     * package under such a grant approved in it. Of them, those whose grant (or package) included one
     * of the {@code sensitiveFields}.
     */
    @Transactional(readOnly = true)
    public CrossBorder crossBorder(Instant since, Instant now, String homeCountry, Collection<String> sensitiveFields) {
        long all = abroad(since, now, homeCountry, null);
        long sensitive = sensitiveFields.isEmpty() ? 0 : abroad(since, now, homeCountry, new TreeSet<>(sensitiveFields));
        return new CrossBorder(all, sensitive);
    }

    private long abroad(Instant since, Instant now, String homeCountry, @Nullable Collection<String> fields) {
        String grants = "select gc.customer_id from sharing_grant_customer gc join sharing_grant g on g.id = gc.grant_id "
                + "join partner p on p.id = g.recipient_id where g.recipient_type = 'PARTNER' and upper(p.country) <> :home and "
                + GRANT_IN_PERIOD + including("g", fields);
        String packages = "select pc.customer_id from export_package_customer pc join export_package e on e.id = pc.package_id "
                + "join sharing_grant g on g.id = e.grant_id join partner p on p.id = g.recipient_id "
                + "where e.state = 'APPROVED' and g.recipient_type = 'PARTNER' and upper(p.country) <> :home "
                + "and e.decided_at >= :since and e.decided_at <= :until" + including("e", fields);
        var query = jdbc.sql("select count(*) from (" + grants + " union " + packages + ") abroad")
                .param("home", homeCountry.toUpperCase(Locale.ROOT)).param("since", utc(since)).param("until", utc(now));
        if (fields != null) {
            int i = 0;
            for (String field : fields) {
                query = query.param("f" + i++, "%," + field + ",%");
            }
        }
        return query.query(Long.class).single();
    }

    /** Field lists are comma-separated catalog keys (letters and digits only), so a key is found between commas. */
    private static String including(String table, @Nullable Collection<String> fields) {
        if (fields == null) {
            return "";
        }
        List<String> any = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            any.add("(',' || " + table + ".fields || ',') like :f" + i);
        }
        return " and (" + String.join(" or ", any) + ")";
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
