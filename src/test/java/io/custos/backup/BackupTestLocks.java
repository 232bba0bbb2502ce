package io.custos.backup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.custos.support.OtherNode;

/** Another node holding the backup or the drill lock, for as long as a test needs it. */
public final class BackupTestLocks {

    /** Released on close. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private BackupTestLocks() {
    }

    public static Held holdBackup(DataSource dataSource) {
        return hold(dataSource, BackupLocks.BACKUP);
    }

    public static Held holdDrill(DataSource dataSource) {
        return hold(dataSource, BackupLocks.DRILL);
    }

    private static Held hold(DataSource dataSource, String name) {
        BackupLocks otherNode = new BackupLocks(OtherNode.locks(dataSource));
        CompletableFuture<Void> holding = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread holder = new Thread(() -> {
            boolean ran = otherNode.runAlone(name, Duration.ofMinutes(2), Duration.ZERO, () -> {
                holding.complete(null);
                release.join();
            });
            if (!ran) {
                holding.completeExceptionally(new IllegalStateException("The lock " + name + " is taken"));
            }
        }, "other-node-" + name);
        holder.start();
        try {
            holding.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            release.complete(null);
            throw new IllegalStateException(e);
        }
        return () -> {
            release.complete(null);
            try {
                holder.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
