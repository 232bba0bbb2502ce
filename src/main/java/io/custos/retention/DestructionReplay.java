package io.custos.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.customer.CustomerActivity;
import io.custos.customer.DestructionJournal;
import io.custos.shared.Actor;

/**
 * Replays destruction journals (issue 17): every customer a journal says was destroyed but that is
 * alive in the database — brought back by a restore of a backup taken before its destruction, by
 * our restore command or by an operator's own {@code pg_restore} — is destroyed again, so destroyed
 * customers stay destroyed however the database came back. Runs at every start, before the
 * application takes requests ({@code ReplayAtStart}), on this node's journal, and on demand (the
 * restore command gives the journals it was handed, other nodes' too).
 * <p>
 * Per chunk of 1,000 customers named by the journals, the live ones are found through
 * {@link CustomerActivity} (this module never reads the customer tables) and, in one transaction,
 * destroyed exactly as a batch destroys them ({@link Shredder}: legal-minimum facts kept, customers
 * erased, taken off the due list), each with the usual {@code customer.destroyed} event naming the
 * batch the journal gives; then one {@code retention.destruction.replayed} event sums the replay up.
 * <p>
 * Legal holds do not stop a replay. The journal records a destruction that happened, approved twice,
 * at a time the customer was under no hold (a batch leaves held customers out); a hold found in the
 * restored database was released before that destruction, and a hold placed since is about a record
 * that should not exist any more. A hold cannot undo a destruction, so the copy a restore brought
 * back is destroyed like the original.
 * <p>
 * A damaged journal does not stop the replay: every good line around a damaged one is replayed, each
 * damaged line is logged as an error by file and number (never its content), counted in the result
 * and the event (whose outcome is then FAILED), so that someone looks at the file; what a damaged
 * line named cannot be known and is not guessed at. A file that cannot be read at all is reported the
 * same way; at start it stops the application ({@code ReplayAtStart}).
 */
@Service
public class DestructionReplay {

    static final String JOB = "destruction-replay";
    private static final Logger LOG = LoggerFactory.getLogger(DestructionReplay.class);
    /** Customers looked up, then destroyed, per transaction. */
    static final int CHUNK = 1000;

    private final DestructionJournal journal;
    private final CustomerActivity activity;
    private final Shredder shredder;
    private final RetentionAudit audit;
    private final TransactionTemplate transactions;

    DestructionReplay(DestructionJournal journal, CustomerActivity activity, Shredder shredder, RetentionAudit audit,
            TransactionTemplate transactions) {
        this.journal = journal;
        this.activity = activity;
        this.shredder = shredder;
        this.audit = audit;
        this.transactions = transactions;
    }

    private volatile @org.jspecify.annotations.Nullable ReplayResult lastOwn;

    /** Replays this node's journal ({@code custos.customer.destruction-journal}); none yet is nothing to replay. */
    public ReplayResult replayJournal() {
        Path own = journal.file();
        ReplayResult result = replay(Files.exists(own) ? List.of(own) : List.of());
        lastOwn = result;
        return result;
    }

    /** What the last replay of this node's journal did (the one at start), for the restore command's report. */
    public java.util.Optional<ReplayResult> lastReplayOfOwnJournal() {
        return java.util.Optional.ofNullable(lastOwn);
    }

    /**
     * Replays these journal files, in order: every customer they name that is alive in the database is
     * destroyed again (see the class). Idempotent: a second run finds nothing alive and destroys
     * nothing. Files are only read.
     *
     * @throws RuntimeException when the database fails; chunks committed before stay done
     */
    public ReplayResult replay(List<Path> journals) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        Actor.Source system = () -> Actor.system(JOB);
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(system, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return run(journals);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private ReplayResult run(List<Path> journals) {
        Chunk chunk = new Chunk();
        long lines = 0;
        long customers = 0;
        long damaged = 0;
        List<DestructionJournal.Damage> damage = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        for (Path file : journals) {
            try {
                DestructionJournal.ReadReport report = journal.read(file,
                        entry -> entry.customers().forEach(id -> chunk.add(id, entry.batch())));
                lines += report.entries();
                customers += report.customers();
                damaged += report.damagedLines();
                damage.addAll(report.damage());
                for (DestructionJournal.Damage d : report.damage()) {
                    LOG.error("Destruction journal {}, line {}: {}; what it names cannot be replayed", d.file(), d.line(),
                            d.reason());
                }
                if (report.damagedLines() > report.damage().size()) {
                    LOG.error("Destruction journal {}: {} damaged lines in all", file, report.damagedLines());
                }
                if (report.tornTail()) {
                    LOG.warn("Destruction journal {} ends in an unfinished line (a write cut short); it is passed over",
                            file);
                }
            } catch (IOException | UncheckedIOException e) {
                unreadable.add(file);
                LOG.error("Destruction journal {} cannot be read; what it names is not replayed", file, e);
            }
        }
        chunk.flush();
        ReplayResult result = new ReplayResult(journals.size(), lines, customers, chunk.replayed, damaged, damage,
                unreadable);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("journalFiles", result.files());
        details.put("journalLines", count(result.journalLines()));
        details.put("customers", count(result.customers()));
        details.put("replayed", count(result.replayed()));
        details.put("damagedLines", count(result.damagedLines()));
        details.put("unreadableFiles", result.unreadable().size());
        transactions.executeWithoutResult(status -> audit.bySystem("retention.destruction.replayed",
                result.complete() ? AuditOutcome.ALLOWED : AuditOutcome.FAILED, details, JOB));
        if (result.replayed() > 0) {
            LOG.warn("Replay of the destruction journal(s) {}: {} customer(s) the journal names as destroyed were alive "
                    + "in the database (restored from a backup?) and were destroyed again", journals, result.replayed());
        } else {
            LOG.info("Replay of the destruction journal(s) {}: {} line(s), {} customer id(s), none alive", journals,
                    result.journalLines(), result.customers());
        }
        return result;
    }

    private static long count(long value) {
        return Math.min(value, 1_000_000_000L);
    }

    /** Up to {@value #CHUNK} customers named by the journals, each with the first batch a line gives it. */
    private final class Chunk {
        private final Map<UUID, UUID> batches = new LinkedHashMap<>();
        private long replayed;

        void add(UUID customer, UUID batch) {
            batches.putIfAbsent(customer, batch);
            if (batches.size() >= CHUNK) {
                flush();
            }
        }

        /** Destroys the live ones among them in one transaction. */
        void flush() {
            if (batches.isEmpty()) {
                return;
            }
            List<UUID> live = activity.of(batches.keySet()).stream().map(CustomerActivity.Activity::customerId).toList();
            if (!live.isEmpty()) {
                Map<UUID, List<UUID>> byBatch = new LinkedHashMap<>();
                live.forEach(id -> byBatch.computeIfAbsent(batches.get(id), b -> new ArrayList<>()).add(id));
                Integer erased = transactions.execute(status -> {
                    int count = 0;
                    for (Map.Entry<UUID, List<UUID>> group : byBatch.entrySet()) {
                        count += shredder.shred(group.getValue(), group.getKey()).erased().size();
                    }
                    return count;
                });
                replayed += erased == null ? 0 : erased;
            }
            batches.clear();
        }
    }
}
