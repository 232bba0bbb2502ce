package io.custos.shared.web;

import java.sql.SQLException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a database that cannot store anything right now (a full disk, a failed write, a store
 * that closed itself after one), whichever statement or commit ran into it. Such a request did not
 * take effect and may be retried later: 503, not an internal error. H2 and PostgreSQL say so
 * differently, hence the SQL states of both.
 */
final class StorageFailures {

    static final String CODE = "storage-unavailable";

    /**
     * H2: 90028 and 90031 (an I/O error writing the file, which is what a full disk gives), 90098
     * (the database closed itself after such an error), 90100 (no disk space). PostgreSQL: 58030
     * (I/O error).
     */
    private static final Set<String> STATES = Set.of("90028", "90031", "90098", "90100", "58030");
    /** PostgreSQL's class 53, insufficient resources: 53100 disk full, 53200 out of memory, 53300 too many connections. */
    private static final String INSUFFICIENT_RESOURCES = "53";

    private StorageFailures() {
    }

    static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (STATES.contains(state) || state.startsWith(INSUFFICIENT_RESOURCES))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
