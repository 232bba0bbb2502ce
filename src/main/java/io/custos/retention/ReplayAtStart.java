package io.custos.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.custos.customer.DestructionJournal;

/**
 * At every start (issue 17): this node's destruction journal is replayed, then reconciled with the
 * database, before the web server takes its first request, so that no request can read a customer
 * the journal says was destroyed, however the database came back. A lifecycle rather than a
 * listener of the ready event, which comes only after the web server is serving: this phase runs
 * after every bean is ready and the ordinary lifecycles (phase 0) have started, and before the web
 * server (Spring Boot starts it in phase {@code Integer.MAX_VALUE - 2048}); destruction batches
 * resume later, on the ready event.
 * <p>
 * Fail-closed where it can be: a journal that exists but cannot be read stops the start (the
 * operator puts its permissions right; nothing can be replayed from it until then). Damaged lines do
 * not: the good lines are replayed and the damage is logged and audited (see {@link DestructionReplay}).
 * A reconciliation that cannot write is logged and retried every minute.
 */
@Component
class ReplayAtStart implements SmartLifecycle {

    /** Before the web server's phase, after everything ordinary. */
    static final int PHASE = Integer.MAX_VALUE - 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayAtStart.class);

    private final DestructionReplay replay;
    private final DestructionJournal journal;
    private volatile boolean running;

    ReplayAtStart(DestructionReplay replay, DestructionJournal journal) {
        this.replay = replay;
        this.journal = journal;
    }

    @Override
    public void start() {
        ReplayResult result = replay.replayJournal();
        if (!result.unreadable().isEmpty()) {
            throw new IllegalStateException("The destruction journal " + journal.file() + " cannot be read: Custos does "
                    + "not start until it can, or customers it names as destroyed could be served again (see the log)");
        }
        if (!result.complete()) {
            LOG.error("The destruction journal {} has {} damaged line(s): customers they name may be alive again; "
                    + "compare the file with a copy (docs/operations.md, \"Destruction journal\")", journal.file(),
                    result.damagedLines());
        }
        try {
            journal.reconcile();
        } catch (RuntimeException e) {
            LOG.error("The destruction journal {} could not be reconciled at start; tried again every minute",
                    journal.file(), e);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
