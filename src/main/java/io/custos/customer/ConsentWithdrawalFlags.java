package io.custos.customer;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.consent.ConsentWithdrawn;
import io.custos.consent.Purposes;
import io.custos.shared.Sensitivity;

/**
 * After a withdrawal, the customer's fields that no remaining purpose needs (and L4 fields when the
 * sensitive-data consent went) are flagged for the retention sweep (R-COL-5). Heard synchronously,
 * in the withdrawal's transaction, so the flag and the withdrawal commit together.
 */
@Component
class ConsentWithdrawalFlags {

    private final JdbcClient jdbc;
    private final Purposes purposes;
    private final FieldCatalog catalog;
    private final CustomerAudit audit;
    private final Clock clock;

    ConsentWithdrawalFlags(JdbcClient jdbc, Purposes purposes, FieldCatalog catalog, CustomerAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.purposes = purposes;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    void on(ConsentWithdrawn withdrawn) {
        Set<String> needed = purposes.fieldsNeededBy(withdrawn.remainingPurposes());
        java.util.List<String> flagged = new java.util.ArrayList<>();
        for (String field : jdbc.sql("select field_key from customer_value where customer_id = ? order by field_key")
                .param(withdrawn.customerId()).query(String.class).list()) {
            boolean sensitiveGone = !withdrawn.sensitiveRemains()
                    && catalog.field(field).sensitivity() == Sensitivity.L4;
            if (!needed.contains(field) || sensitiveGone) {
                jdbc.sql("delete from customer_field_flag where customer_id = ? and field_key = ?")
                        .params(withdrawn.customerId(), field).update();
                jdbc.sql("insert into customer_field_flag (customer_id, field_key, reason, flagged_at) values (?, ?, ?, ?)")
                        .params(withdrawn.customerId(), field, sensitiveGone ? "sensitive-consent-withdrawn"
                                : "no-consented-purpose", clock.instant().atOffset(ZoneOffset.UTC))
                        .update();
                flagged.add(field);
            }
        }
        if (!flagged.isEmpty()) {
            audit.customer("customer.fields.flagged-for-retention", withdrawn.customerId(), Map.of("fields", flagged));
        }
    }
}
