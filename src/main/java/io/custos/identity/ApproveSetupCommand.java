package io.custos.identity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.custos.shared.DomainException;

/**
 * {@code java -jar custos.jar approve-setup}: the operator of the server approves the first
 * MANAGEMENT, SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account of a fresh installation, which nobody
 * in the application could approve yet ({@link SetupApprovals}). Without {@code --request} it lists
 * the pending requests. Starts Custos like {@code restore} does (on a free loopback port, so the
 * database is migrated and the audit log written as always), acts, and stops; with the embedded
 * database Custos must be stopped first.
 * Exit status 0 listed or every named request approved, 1 a request refused (printed why), 2 could not run.
 */
public final class ApproveSetupCommand {

    public static final String NAME = "approve-setup";

    private static final String USAGE = """
            Usage: java -jar custos.jar approve-setup [--operator NAME --request ID ...]
                                                      [--spring.profiles.active=postgres] [--property=value ...]
              (no --request)    list the pending role-grant requests and whether the console may approve them
              --request ID      approve this request (repeat for each); needs --operator
              --operator NAME   your name, recorded in the audit log with the approval
            Approves only requests for MANAGEMENT, SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR, and only while no
            account could approve them in the application; once one exists, approve there. Never resets.
            Stop Custos first (the embedded database allows one process; nodes write one audit chain each).
            Exit status: 0 listed or approved, 1 a request refused, 2 could not run.""";

    /** What was typed: the command's own options, and the Spring Boot properties. */
    record Line(@Nullable String operator, List<String> requests, boolean help, List<String> springArguments) {
    }

    private ApproveSetupCommand() {
    }

    public static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
        Line line;
        try {
            line = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (line.help()) {
            err.println(USAGE);
            return 2;
        }
        if (!line.requests().isEmpty() && (line.operator() == null || line.operator().isBlank())) {
            err.println("--operator NAME is required to approve: the audit log records who did it");
            return 2;
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("--server.port=0");
        arguments.add("--server.address=127.0.0.1");
        if (line.springArguments().stream().noneMatch(a -> a.startsWith("--logging.threshold.console="))) {
            arguments.add("--logging.threshold.console=WARN");
        }
        if (line.springArguments().stream().noneMatch(a -> a.startsWith("--spring.task.scheduling.shutdown."))) {
            // The jobs that started with the application finish before it stops: an interrupted read
            // closes the embedded database's file under them (and fills the console with their errors).
            arguments.add("--spring.task.scheduling.shutdown.await-termination=true");
            arguments.add("--spring.task.scheduling.shutdown.await-termination-period=30s");
        }
        arguments.addAll(line.springArguments());
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application).bannerMode(Banner.Mode.OFF)
                    .run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("Could not start: " + rootMessage(e));
            return 2;
        }
        try {
            return act(line, context.getBean(SetupApprovals.class), out, err);
        } finally {
            context.close();
        }
    }

    static int act(Line line, SetupApprovals approvals, PrintStream out, PrintStream err) {
        if (line.requests().isEmpty()) {
            List<SetupApprovals.Pending> pending = approvals.pending();
            if (pending.isEmpty()) {
                out.println("No pending role-grant requests.");
            }
            for (SetupApprovals.Pending p : pending) {
                RoleGrantView g = p.grant();
                out.printf("%s  %s (%s)  %s  asked by %s at %s  %s%n", g.id(), g.employeeUsername(), g.employeeName(),
                        g.roles().stream().map(Enum::name).sorted().toList(), g.requestedByName(), g.requestedAt(),
                        !p.setupGrant() ? "approve in the application"
                                : p.approverExists() ? "an approver exists: approve in the application"
                                : "the console may approve");
            }
            return 0;
        }
        int status = 0;
        for (String request : line.requests()) {
            UUID id;
            try {
                id = UUID.fromString(request);
            } catch (IllegalArgumentException e) {
                err.println("Not a request id: " + request + " (list them with: java -jar custos.jar " + NAME + ")");
                status = 1;
                continue;
            }
            try {
                RoleGrantView approved = approvals.approve(id, line.operator());
                out.printf("APPROVED %s: %s now holds %s (recorded as approved at the console by %s)%n", id,
                        approved.employeeUsername(), approved.roles().stream().map(Enum::name).sorted().toList(),
                        line.operator().strip());
            } catch (SetupApprovals.Refused e) {
                err.println("REFUSED " + id + ": " + e.getMessage());
                status = 1;
            } catch (DomainException e) {
                // The application's own checks (separated duties, a departed person, decided meanwhile).
                err.println("REFUSED " + id + ": " + e.code());
                status = 1;
            }
        }
        return status;
    }

    /** @throws IllegalArgumentException for an option the command does not know, or one missing its value */
    static Line parse(String[] args) {
        String operator = null;
        List<String> requests = new ArrayList<>();
        List<String> spring = new ArrayList<>();
        boolean help = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.equals("operator") || name.equals("request")) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (name.equals("operator")) {
                    operator = value;
                } else {
                    requests.add(value);
                }
            } else if (name.equals("help") && value == null) {
                help = true;
            } else if (name.contains(".")) {
                spring.add(arg);
            } else {
                throw new IllegalArgumentException("Unknown option: --" + name);
            }
        }
        return new Line(operator, List.copyOf(requests), help, List.copyOf(spring));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
