package io.custos.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts counted for the compliance map (issue 22, R-IT-1): counts only, never a name. */
@Service
public class AccountFigures {

    private final JdbcClient jdbc;

    AccountFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * How many accounts that can still sign in (not departed) hold a role whose holders must sign in
     * with a second factor ({@link Role#SECOND_FACTOR_REQUIRED}: system and security administrators,
     * auditors, management) but have none enrolled. Sign-in sends such a person to enrol first, yet
     * until they do, the account with the widest reach is guarded by a password alone (R-IT-1).
     */
    @Transactional(readOnly = true)
    public long privilegedWithoutSecondFactor() {
        List<String> roles = Role.SECOND_FACTOR_REQUIRED.stream().map(Enum::name).sorted().toList();
        List<Object> params = new ArrayList<>();
        params.add(EmployeeStatus.DEPARTED.name());
        params.addAll(roles);
        return jdbc.sql("select count(*) from employee e where e.status <> ? and e.totp_enabled = false "
                + "and exists (select 1 from employee_role r where r.employee_id = e.id and r.role in ("
                + String.join(", ", Collections.nCopies(roles.size(), "?")) + "))")
                .params(params).query(Long.class).single();
    }
}
