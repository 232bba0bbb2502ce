package io.custos.identity;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Earlier versions stored TOTP secrets in clear. At start, any secret still in clear (Base32: capital
 * letters and the digits 2-7, which a Base64 ciphertext of that length never is) is encrypted in
 * place, once, before anyone signs in.
 */
@Component
@Order(1)
class SecondFactorSecretsMigration implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecondFactorSecretsMigration.class);
    private static final Pattern BASE32 = Pattern.compile("[A-Z2-7]+=*");

    private final JdbcClient jdbc;
    private final SecondFactorSecrets secrets;
    private final TransactionTemplate transactions;

    SecondFactorSecretsMigration(JdbcClient jdbc, SecondFactorSecrets secrets, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.transactions = transactions;
    }

    record Plain(UUID id, String secret) {
        @Override
        public String toString() {
            return "Plain[" + id + "]";
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Plain> plain = jdbc.sql("select id, totp_secret from employee where totp_secret is not null")
                .query((rs, n) -> new Plain(rs.getObject(1, UUID.class), rs.getString(2)))
                .list().stream().filter(p -> BASE32.matcher(p.secret()).matches()).toList();
        if (plain.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (Plain p : plain) {
                // Only the secret changes: enrolment state and the last used step (replay guard) stay.
                jdbc.sql("update employee set totp_secret = ? where id = ?").params(secrets.encrypt(p.id(), p.secret()),
                        p.id()).update();
            }
        });
        log.warn("Encrypted {} second-factor secret(s) that an earlier version had stored in clear", plain.size());
    }
}
