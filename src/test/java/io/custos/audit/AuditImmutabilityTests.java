package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * R-AUD-2: nothing in the application rewrites or deletes audit records, except the sealer filling
 * in an event's place in the chain once (and refusing unsealed rows Custos did not write) and the
 * archiver removing events it has archived.
 */
class AuditImmutabilityTests {

    private static final Pattern WRITE = Pattern.compile(
            "(?i)(update\\s+audit_(event|checkpoint|archive)\\b|delete\\s+from\\s+audit_(event|checkpoint|archive)\\b)");

    @Test
    void onlyTheSealerAndTheArchiverWriteToSealedAuditTables() throws IOException {
        Map<String, List<String>> writers;
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            writers = files.filter(Files::isRegularFile)
                    .collect(Collectors.toMap(p -> p.getFileName().toString(), AuditImmutabilityTests::writes,
                            (a, b) -> a))
                    .entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        assertThat(writers).containsOnlyKeys("AuditSealer.java", "AuditArchive.java");
        // The sealer's delete moves an unsealed row without a valid tag out of the log (issue 13.7).
        assertThat(writers.get("AuditSealer.java")).containsOnly("update audit_event", "delete from audit_event");
        assertThat(writers.get("AuditArchive.java")).containsOnly("delete from audit_event");
    }

    private static List<String> writes(Path file) {
        try {
            return WRITE.matcher(Files.readString(file)).results().map(m -> m.group().toLowerCase()
                    .replaceAll("\\s+", " ")).distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
