package io.custos.backup;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.custos.audit.AuditVerification;

/**
 * {@code java -jar custos.jar restore --from DIR}: restores a backup into the configured database,
 * which must be empty (or is emptied with {@code --force --confirm=<its name>}). Starts Custos in
 * {@link RestoreMode}, listening on the loopback interface only, reports, and stops; then start
 * Custos as usual.
 * Exit status 0 restored and verified, 1 restored but the audit log does not verify or a journal
 * could not be read whole, 2 nothing restored (refused or failed; the target is left empty or as it
 * was).
 */
public final class RestoreCommand {

    public static final String NAME = "restore";

    private static final String USAGE = """
            Usage: java -jar custos.jar restore --from DIR [--force --confirm=NAME] [--journal=FILE ...]
                                                [--spring.profiles.active=postgres] [--property=value ...]
              --from DIR        the backup folder (custos-backup-...)
              --force           replace what the target database holds; needs --confirm with its name
              --confirm NAME    the target database's name, as the refusal without it prints
              --journal FILE    another node's destruction journal to replay as well (this node's,
                                custos.customer.destruction-journal, always is); repeat for each
            Restores into the database Custos is configured for (the embedded one by default; PostgreSQL
            with the postgres profile and CUSTOS_DB_URL), with the master key Custos is configured with.
            Customers destroyed after the backup was taken are destroyed again from the destruction
            journal; the audit log is verified at the end.
            Exit status: 0 restored and verified, 1 restored with problems (printed), 2 nothing restored.""";

    private RestoreCommand() {
    }

    public static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("from", "confirm", "journal"), Set.of("force", "help"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String from = line.value("from");
        if (line.flag("help") || from == null || !line.positional.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (!Files.isDirectory(Path.of(from))) {
            err.println("Not a folder: " + from);
            return 2;
        }
        List<Path> journals = new ArrayList<>();
        for (String journal : line.values("journal")) {
            if (!Files.isRegularFile(Path.of(journal))) {
                err.println("Not a file: " + journal);
                return 2;
            }
            journals.add(Path.of(journal));
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("--" + RestoreMode.FROM + "=" + Path.of(from).toAbsolutePath());
        arguments.add("--" + RestoreMode.FORCE + "=" + line.flag("force"));
        if (line.value("confirm") != null) {
            arguments.add("--" + RestoreMode.CONFIRM + "=" + line.value("confirm"));
        }
        // The application is web through and through (its security is); while it restores it listens
        // only on a free port of the loopback interface, and stops when the restore is done. Arguments,
        // not defaults: application.yml's port would win over a default.
        arguments.add("--server.port=0");
        arguments.add("--server.address=127.0.0.1");
        if (line.springArguments.stream().noneMatch(a -> a.startsWith("--logging.threshold.console="))) {
            // The report is what the operator reads; the log file keeps everything as usual.
            arguments.add("--logging.threshold.console=WARN");
        }
        arguments.addAll(line.springArguments);
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application).bannerMode(Banner.Mode.OFF)
                    .run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            BackupException refused = find(e);
            err.println("Nothing was restored: " + (refused != null ? refused.getMessage() : rootMessage(e)));
            return 2;
        }
        try {
            RestoreMode.Report report = context.getBean(RestoreMode.Finisher.class).finish(journals);
            print(report, out);
            return report.ok() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted before the restore was verified");
            return 1;
        } catch (RuntimeException e) {
            err.println("The rows were restored, but finishing failed: " + rootMessage(e));
            return 1;
        } finally {
            context.close();
        }
    }

    private static void print(RestoreMode.Report report, PrintStream out) {
        BackupRestorer.Restored restored = report.restored();
        Manifest manifest = restored.manifest();
        out.printf("Restored backup %s (taken at %s from %s) into %s: %d tables, %d rows, in %d s%n", manifest.id(),
                manifest.takenAt(), manifest.database(), restored.database(), manifest.tables().size(), restored.rows(),
                restored.took().toSeconds());
        out.printf("Schema version %s (the backup's: %s)%n", restored.schemaVersion(), manifest.schemaVersion());
        out.printf("Destruction journal: %d customer(s) destroyed after the backup was taken were destroyed again%s%n",
                report.replayedAtStart() + report.replayedFromOtherJournals(),
                report.journalsComplete() ? "" : "; SOME JOURNAL LINES COULD NOT BE READ (see the log)");
        if (report.alignment().keptAs() != null) {
            out.printf("Audit checkpoint file: %d checkpoint(s) attested events after the backup; the whole file is "
                    + "kept as %s%n", report.alignment().dropped(), report.alignment().keptAs());
        }
        AuditVerification audit = report.audit();
        out.printf("Audit log: %s (%d chain(s), %d problem(s))%n", audit.valid() ? "VALID" : "INVALID",
                audit.chains().size(), audit.problems().size());
        for (AuditVerification.Problem problem : audit.problems()) {
            out.printf("  BROKEN chain %s%s: %s: %s%n", problem.chain(),
                    problem.seq() == null ? "" : " at seq " + problem.seq(), problem.kind(), problem.detail());
        }
        out.println(report.ok() ? "RESTORED" : "RESTORED WITH PROBLEMS");
    }

    private static BackupException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackupException b) {
                return b;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
