package io.custos.backup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariDataSource;

import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;

/**
 * {@code java -jar custos.jar backup --to DIR} and {@code java -jar custos.jar backup-verify DIR}:
 * a backup or a verification without the application running. They read the same configuration
 * the application would (application.yml, profiles, environment, {@code --property=value}
 * arguments), so {@code --spring.profiles.active=postgres} backs up PostgreSQL, but they start none
 * of the application: no server, no migration, no scheduled job. Exit status 0 done (valid), 1
 * verification found damage, 2 could not run.
 */
public final class BackupCommands {

    public static final String BACKUP = "backup";
    public static final String VERIFY = "backup-verify";

    private static final String BACKUP_USAGE = """
            Usage: java -jar custos.jar backup --to DIR [--spring.profiles.active=postgres] [--property=value ...]
            Writes an encrypted backup of the whole database into a new folder under DIR. The embedded
            database can only be backed up this way while Custos is stopped; while it runs, use the
            Backups page or POST /api/v1/backups. PostgreSQL can be backed up at any time.
            Exit status: 0 written, 2 could not back up (nothing is left behind).""";
    private static final String VERIFY_USAGE = """
            Usage: java -jar custos.jar backup-verify DIR [--property=value ...]
            Checks a backup folder: opens its key with this installation's master key, compares the
            manifest with its sealed copy, and reads every table file to its end. Needs no database.
            Exit status: 0 valid, 1 damaged (each problem is printed with its file), 2 could not verify.""";

    /** No beans: only the configuration, resolved the way Spring Boot resolves it for the application. */
    @Configuration(proxyBeanMethods = false)
    static class ConfigurationOnly {
    }

    private BackupCommands() {
    }

    public static int backup(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("to"), Set.of("help"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(BACKUP_USAGE);
            return 2;
        }
        String to = line.value("to");
        if (line.flag("help") || to == null || !line.positional.isEmpty()) {
            err.println(BACKUP_USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = configuration(line);
                HikariDataSource dataSource = dataSource(context.getEnvironment())) {
            MasterKeyProvider master = BackupKeys.masterKey(context.getEnvironment());
            BackupWriter.Written written = new BackupWriter(dataSource, master, Clock.systemUTC()).write(Path.of(to));
            Manifest manifest = written.manifest();
            out.printf("Backup written: %s%n  %d tables, %d rows, %d bytes, schema version %s, taken at %s%n",
                    written.folder(), manifest.tables().size(), manifest.rows(), manifest.bytes(),
                    manifest.schemaVersion(), manifest.takenAt());
            out.println("Keep it with the master key's backup, never beside it; check it with: java -jar custos.jar "
                    + VERIFY + " " + written.folder());
            return 0;
        } catch (BackupException e) {
            err.println("Backup failed: " + e.getMessage());
            if (e.problem() == BackupException.Problem.DATABASE) {
                err.println("With the embedded database, stop Custos first (or use the Backups page while it runs).");
            }
            return 2;
        } catch (RuntimeException e) {
            // The master key missing or unreadable, the configuration wrong: the message says which.
            err.println("Backup failed: " + e.getMessage());
            return 2;
        }
    }

    public static int verify(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of(), Set.of("help"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(VERIFY_USAGE);
            return 2;
        }
        if (line.flag("help") || line.positional.size() != 1) {
            err.println(VERIFY_USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = configuration(line)) {
            MasterKeyProvider master = BackupKeys.masterKey(context.getEnvironment());
            BackupVerifier.Verification result = BackupVerifier.verify(Path.of(line.positional.get(0)), master);
            if (result.manifest() == null && result.problems().stream().anyMatch(p -> !p.kind().equals(
                    BackupException.Problem.DAMAGED.name()))) {
                // Not a backup, or not this installation's: nothing was checked, so nothing is called damaged.
                err.println("Cannot verify: " + result.problems().get(0).detail());
                return 2;
            }
            if (result.manifest() != null) {
                Manifest manifest = result.manifest();
                out.printf("Backup %s taken at %s from %s, schema version %s: %d tables, %d rows checked%n",
                        manifest.id(), manifest.takenAt(), manifest.database(), manifest.schemaVersion(),
                        manifest.tables().size(), result.rowsChecked());
            }
            for (BackupVerifier.Problem problem : result.problems()) {
                out.println("DAMAGED " + (problem.file() == null ? "" : problem.file() + ": ") + problem.detail());
            }
            out.println(result.valid() ? "VALID" : "INVALID");
            return result.valid() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("Cannot verify: " + e.getMessage());
            return 2;
        }
    }

    static ConfigurableApplicationContext configuration(CommandLine line) {
        return new SpringApplicationBuilder(ConfigurationOnly.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).registerShutdownHook(false)
                .run(line.springArguments.toArray(String[]::new));
    }

    static HikariDataSource dataSource(Environment environment) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
        dataSource.setUsername(environment.getProperty("spring.datasource.username", ""));
        dataSource.setPassword(environment.getProperty("spring.datasource.password", ""));
        dataSource.setMaximumPoolSize(2);
        dataSource.setPoolName("custos-backup-command");
        return dataSource;
    }
}
