package io.custos.retention;

import java.nio.file.Path;
import java.util.List;

import io.custos.customer.DestructionJournal;

/**
 * What a replay of destruction journals did (issue 17).
 *
 * @param files the journal files given
 * @param journalLines the whole lines read from them
 * @param customers the customer ids those lines name (a customer named by two lines counts twice)
 * @param replayed the customers found alive in the database and destroyed again
 * @param damagedLines lines that are not journal entries: what they named could not be replayed
 * @param damage the first damaged lines of each file, by file and line number
 * @param unreadable files that could not be read at all (missing, not permitted, not a file)
 */
public record ReplayResult(int files, long journalLines, long customers, long replayed, long damagedLines,
        List<DestructionJournal.Damage> damage, List<Path> unreadable) {

    public ReplayResult {
        damage = List.copyOf(damage);
        unreadable = List.copyOf(unreadable);
    }

    /** Whether every line of every file was read, so nothing the journals name can still be alive. */
    public boolean complete() {
        return damagedLines == 0 && unreadable.isEmpty();
    }
}
