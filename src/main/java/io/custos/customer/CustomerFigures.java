package io.custos.customer;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry counted for the compliance map (issue 22, R-STO-1, R-COL-1): how confidential values
 * are stored and which customers hold them without consent. Counts only, never a value or a name;
 * the caller decides who sees them.
 */
@Service
public class CustomerFigures {

    /** A value of a field the catalog classifies L3 or L4 now (the level decides the storage). */
    private static final String CONFIDENTIAL = "v.field_key in (select f.field_key from field_definition f "
            + "where f.sensitivity >= 3)";
    /** Stored other than as ciphertext only: a clear value, or no ciphertext at all. */
    private static final String PLAINTEXT = "(v.plain_value is not null or v.ciphertext is null)";

    private final JdbcClient jdbc;

    CustomerFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stored values of L3-L4 fields and how many of them are not stored as ciphertext only.
     *
     * @param values every stored value of a field classified L3 or L4
     * @param plaintext those holding a clear value or lacking ciphertext
     */
    public record ConfidentialValues(long values, long plaintext) {

        /** Those stored as ciphertext only. */
        public long encrypted() {
            return values - plaintext;
        }
    }

    /**
     * Every value row of a field the catalog now classifies L3 or L4, and those among them that hold
     * {@code plain_value} or lack a ciphertext. The policy says such values exist only as ciphertext
     * bound to customer and field (R-STO-1), so any plaintext row is a breach of encryption at rest,
     * whatever path put it there (an import, a level raised without conversion, a hand-made row);
     * the rows of destroyed customers count too, since what is on disk is what matters.
     */
    @Transactional(readOnly = true)
    public ConfidentialValues confidentialValues() {
        return jdbc.sql("select count(*), coalesce(sum(case when " + PLAINTEXT + " then 1 else 0 end), 0) "
                + "from customer_value v where " + CONFIDENTIAL)
                .query((rs, n) -> new ConfidentialValues(rs.getLong(1), rs.getLong(2))).single();
    }

    /**
     * How many live customers (of the department, or of the company when {@code departmentId} is
     * null) hold at least one L3-L4 value while no consent is in force for them: no consent was ever
     * recorded, or every purpose was withdrawn (the consent module's state with no purpose left, the
     * same state the retention sweep's consent-withdrawn rule starts from). Holding confidential data
     * without any lawful basis is what R-COL-1 forbids. The registry joins the consent state as its
     * re-consent search does: that table holds one row per customer.
     */
    @Transactional(readOnly = true)
    public long customersWithoutConsent(@Nullable UUID departmentId) {
        String sql = "select count(*) from customer c where " + CustomerRepository.LIVE
                + (departmentId == null ? "" : " and c.department_id = ?")
                + " and exists (select 1 from customer_value v where v.customer_id = c.id and " + CONFIDENTIAL + ")"
                + " and not exists (select 1 from consent_state s where s.customer_id = c.id and s.purposes <> '')";
        var query = jdbc.sql(sql);
        if (departmentId != null) {
            query = query.param(departmentId);
        }
        return query.query(Long.class).single();
    }
}
