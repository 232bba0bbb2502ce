package io.custos.customer;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.keys.DataKeyDestroyed;
import io.custos.keys.DataKeysDestroyed;

/**
 * When a customer's data key is destroyed its ciphertexts can never be read again; their blind
 * indexes would still let a search find the record by phone, e-mail or ID number. Both go in the
 * same transaction as the destruction (a synchronous listener), so nothing can be found by a value
 * that no longer exists.
 */
@Component
class CustomerShredding {

    private final JdbcClient jdbc;

    CustomerShredding(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(DataKeyDestroyed destroyed) {
        jdbc.sql("delete from customer_value where customer_id = ? and (ciphertext is not null or blind_index is not null)")
                .param(destroyed.ownerId()).update();
    }

    /** The same for many customers at once (a destruction batch), one statement per chunk. */
    @EventListener
    void on(DataKeysDestroyed destroyed) {
        java.util.List<java.util.UUID> owners = destroyed.ownerIds();
        for (int from = 0; from < owners.size(); from += CustomerErasure.CHUNK) {
            java.util.List<java.util.UUID> chunk = owners.subList(from, Math.min(owners.size(),
                    from + CustomerErasure.CHUNK));
            jdbc.sql("delete from customer_value where (ciphertext is not null or blind_index is not null) and "
                    + "customer_id in (" + CustomerErasure.marks(chunk.size()) + ")").params(java.util.List.copyOf(chunk))
                    .update();
        }
    }
}
