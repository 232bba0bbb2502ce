package io.custos.sharing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Export packages counted for the compliance map (issue 22, R-USE-5): counts only, never a file or a name. */
@Service
public class ExportFigures {

    /** A department is never this large; more ids would be a mistake, not a department. */
    static final int MAX_REQUESTERS = 1000;

    private final JdbcClient jdbc;

    ExportFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * How many export packages of the whole company wait for a decision ({@link ExportPackageState#PENDING}):
     * each is customer data someone wants to take out of the system, held until a head approves or
     * refuses it; a long queue means exports are not being decided (R-USE-5).
     */
    @Transactional(readOnly = true)
    public int awaitingApproval() {
        return jdbc.sql("select count(*) from export_package where state = ?")
                .param(ExportPackageState.PENDING.name()).query(Integer.class).single();
    }

    /**
     * How many export packages asked for by these people (a department's staff) wait for a decision,
     * as {@link #awaitingApproval()} counts them for the company.
     *
     * @throws IllegalArgumentException for more than {@value #MAX_REQUESTERS} people
     */
    @Transactional(readOnly = true)
    public int awaitingApprovalAskedBy(Collection<UUID> requesters) {
        if (requesters.isEmpty()) {
            return 0;
        }
        if (requesters.size() > MAX_REQUESTERS) {
            throw new IllegalArgumentException("too many requesters to count at once");
        }
        List<Object> params = new ArrayList<>();
        params.add(ExportPackageState.PENDING.name());
        params.addAll(requesters);
        return jdbc.sql("select count(*) from export_package where state = ? and requester_id in ("
                + String.join(", ", Collections.nCopies(requesters.size(), "?")) + ")")
                .params(params).query(Integer.class).single();
    }
}
