package io.custos.customer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Run in a JVM of its own with a small heap by {@link ImportMemoryBoundTests}: reads each file given
 * ({@code XLSX:path} or {@code CSV:path}) {@code copies} times at once and prints one outcome a line.
 */
public final class ImportBombProbe {

    private ImportBombProbe() {
    }

    public static void main(String[] args) throws Exception {
        int copies = Integer.parseInt(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(copies * (args.length - 1));
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] given = args[i].split(":", 2);
            ImportFormat format = ImportFormat.valueOf(given[0]);
            Path file = Path.of(given[1]);
            for (int c = 0; c < copies; c++) {
                outcomes.add(pool.submit(() -> format + " " + ImportBombs.outcome(file, format)));
            }
        }
        for (Future<String> outcome : outcomes) {
            // The probe's output is what the test reads; there is no logger configured in this JVM.
            System.out.println("outcome " + outcome.get());
        }
        pool.shutdown();
    }
}
