package io.custos.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The options of a backup command, in either form people type them ({@code --to DIR} or
 * {@code --to=DIR}), apart from the Spring Boot properties that go to the configuration
 * ({@code --spring.profiles.active=postgres}, {@code --custos.keys.directory=…}).
 */
final class CommandLine {

    final Map<String, List<String>> options = new LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();
    final List<String> springArguments = new ArrayList<>();

    /** @throws IllegalArgumentException for an option the command does not know, or one missing its value */
    static CommandLine parse(String[] args, Set<String> withValue, Set<String> flags) {
        CommandLine line = new CommandLine();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                line.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                line.options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else if (flags.contains(name) && value == null) {
                line.options.put(name, List.of("true"));
            } else if (name.contains(".")) {
                line.springArguments.add(arg);
            } else {
                throw new IllegalArgumentException("Unknown option: --" + name);
            }
        }
        return line;
    }

    @Nullable String value(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
