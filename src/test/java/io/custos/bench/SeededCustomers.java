package io.custos.bench;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.identity.EmployeeView;
import io.custos.keys.DataKeys;

/**
 * Customers of one owner written straight into the tables, for the in-process benchmarks
 * (DestructionBench, BackupBench): the i-th has company name {@code Bench Trading i} and city
 * Ningbo in plain, and a phone {@code +86 139 xxxx xxxx} encrypted under its own data key, made in
 * one batch per chunk of 2,000 as an import makes them. Given a consent, each also gets it through
 * the consent ledger (record, state and a {@code consent.granted} audit event), so that it can be
 * revealed for the consent's purposes. Invented values only.
 */
public final class SeededCustomers {

    private static final int CHUNK = 2000;

    /**
     * @param lastContact the i-th customer's last contact
     * @param lastTransaction the i-th customer's last transaction, or null for a prospect
     * @param consent the consent every customer gives, or null for none
     */
    public record Options(IntFunction<LocalDate> lastContact, IntFunction<@Nullable LocalDate> lastTransaction,
            @Nullable ConsentGrant consent) {
    }

    private SeededCustomers() {
    }

    /** @return the new customers' ids, in the order of their index */
    public static List<UUID> seed(ApplicationContext context, EmployeeView owner, int count, Options options) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        DataKeys keys = context.getBean(DataKeys.class);
        ConsentLedger consents = context.getBean(ConsentLedger.class);
        TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
        Clock clock = context.getBean(Clock.class);
        List<UUID> ids = new ArrayList<>(count);
        for (int from = 0; from < count; from += CHUNK) {
            List<UUID> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                chunk.add(UUID.randomUUID());
            }
            int base = from;
            transactions.executeWithoutResult(status -> {
                DataKeys.NewDataKeys fresh = keys.createAll(chunk);
                Timestamp now = Timestamp.from(clock.instant());
                List<Object[]> customers = new ArrayList<>();
                List<Object[]> values = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    UUID id = chunk.get(i);
                    int n = base + i;
                    LocalDate transaction = options.lastTransaction().apply(n);
                    customers.add(new Object[] {id, owner.id(), owner.departmentId(), now, owner.id(), now,
                            Date.valueOf(options.lastContact().apply(n)),
                            transaction == null ? null : Date.valueOf(transaction)});
                    values.add(new Object[] {id, "companyName", "Bench Trading " + n, null});
                    values.add(new Object[] {id, "city", "Ningbo", null});
                    values.add(new Object[] {id, "phone", null,
                            fresh.encrypt(id, "phone", String.format("+86 139 %04d %04d", n / 10_000, n % 10_000))});
                }
                jdbc.batchUpdate("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, "
                        + "version, last_contact_on, last_transaction_on) values (?, ?, ?, ?, ?, ?, 0, ?, ?)", customers);
                jdbc.batchUpdate("insert into customer_value (customer_id, field_key, plain_value, ciphertext) "
                        + "values (?, ?, ?, ?)", values);
                if (options.consent() != null) {
                    consents.grantAll(chunk, options.consent());
                }
            });
            ids.addAll(chunk);
        }
        return ids;
    }
}
