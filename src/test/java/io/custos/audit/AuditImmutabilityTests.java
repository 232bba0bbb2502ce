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
 * in an event's place in the chain once, the archiver removing events it has archived, and the
 * sealer's quarantine moving an unsealed row whose tag is missing or wrong out of the log (issue 13.7):
 * that statement can never touch a sealed event.
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
        assertThat(writers).containsOnlyKeys("AuditSealer.java", "AuditArchive.java", "AuditRepository.java");
        assertThat(writers.get("AuditSealer.java")).containsOnly("update audit_event");
        assertThat(writers.get("AuditArchive.java")).containsOnly("delete from audit_event");
        assertThat(writers.get("AuditRepository.java")).containsOnly("delete from audit_event");
        assertThat(Files.readString(Path.of("src/main/java/io/custos/audit/AuditRepository.java")))
                .as("the quarantine deletes only unsealed rows")
                .containsOnlyOnce("delete from audit_event")
                .contains("delete from audit_event where id = ? and seq is null");
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
