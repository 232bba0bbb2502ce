package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The verifier reads a file an attacker may have edited: whatever bytes it holds, parsing ends in
 * a checkpoint or in {@link CheckpointFile.Malformed}, never in another exception or a hang.
 * Runs its seed inputs in every build; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class CheckpointFileFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parsesAnyLineSafely(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        try {
            Checkpoint checkpoint = CheckpointFile.parseLine(line, 1);
            assertThat(checkpoint.number()).isPositive();
            assertThat(checkpoint.eventHash()).hasSize(64);
            assertThat(CheckpointFile.parseLine(CheckpointFile.format(checkpoint), 1)).isEqualTo(checkpoint);
        } catch (CheckpointFile.Malformed expected) {
            assertThat(expected.line()).isEqualTo(1);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsAnyFileSafely(FuzzedDataProvider data) throws Exception {
        String chain = data.pickValue(new String[] {"node-1", "node-2"});
        boolean endsWithNewline = data.consumeBoolean();
        byte[] content = data.consumeRemainingAsBytes();
        try (CheckpointFile.Reader reader = new CheckpointFile.Reader(new ByteArrayInputStream(content), chain,
                endsWithNewline)) {
            for (Checkpoint c = reader.next(); c != null; c = reader.next()) {
                assertThat(c.chain()).isEqualTo(chain);
            }
        } catch (CheckpointFile.Malformed expected) {
            assertThat(expected.line()).isPositive();
        }
    }
}
