package io.custos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

import io.custos.audit.AuditVerifyCommand;
import io.custos.backup.BackupCommands;
import io.custos.backup.RestoreCommand;
import io.custos.identity.ApproveSetupCommand;
import io.custos.keys.KeysInitCommand;

@Modulithic(sharedModules = "shared")
@SpringBootApplication
public class CustosApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(AuditVerifyCommand.NAME)) {
            // Offline verification: no Spring context, no server, no migration, read-only.
            System.exit(AuditVerifyCommand.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(KeysInitCommand.NAME)) {
            // Creates the operator's master keyset file: no Spring context, no database.
            System.exit(KeysInitCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(BackupCommands.BACKUP)) {
            // Reads the configuration only: no server, no migration, no scheduled job.
            System.exit(BackupCommands.backup(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(BackupCommands.VERIFY)) {
            System.exit(BackupCommands.verify(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(RestoreCommand.NAME)) {
            // Starts Custos (on the loopback interface only) to restore, replay and verify, then stops.
            System.exit(RestoreCommand.run(args, CustosApplication.class, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(ApproveSetupCommand.NAME)) {
            // Starts Custos (on the loopback interface only) to approve the first approver's role, then stops.
            System.exit(ApproveSetupCommand.run(args, CustosApplication.class, System.out, System.err));
        }
        SpringApplication.run(CustosApplication.class, args);
    }
}
