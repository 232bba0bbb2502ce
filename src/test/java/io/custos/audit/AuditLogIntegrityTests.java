package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.custos.audit.AuditVerification.Kind;
import io.custos.audit.AuditVerification.Problem;
import io.custos.support.IntegrationTest;

/**
 * The attacks on the audit log of issue 13 (points 7 to 9), done as the attacker did them: a row
 * inserted straight into the table, a checkpoint line cut short by a full disk, the tail deleted
 * while the application was stopped. Each test works on a chain of its own.
 */
@IntegrationTest
class AuditLogIntegrityTests {

    @Autowired
    ApplicationContext context;

    @TempDir
    java.nio.file.Path directory;

    TestChain chain;

    @BeforeEach
    void sealedChainWithCheckpoints() {
        chain = new TestChain(context, directory, 10);
        chain.record(25);
        chain.seal();
        chain.checkpoint();
        assertThat(chain.verifyWithTags().problems()).isEmpty();
    }

    @AfterEach
    void removeTheChain() {
        chain.remove();
    }

    // Issue 13.7: forged rows

    @Test
    void refusesToSealARowInsertedStraightIntoTheTableAndReportsIt() {
        UUID forged = plantRevealOfIdNumber(null);

        chain.seal();

        assertThat(sealedCount(forged)).as("the forged row is not in the chain").isZero();
        assertThat(chain.jdbc.sql("select reason from audit_rejected_event where event_id = ?").param(forged)
                .query(String.class).single()).isEqualTo("UNTAGGED");
        assertThat(actions()).contains("audit.event.rejected", "audit.alarm.raised");
        assertThat(chain.alarm.raised()).contains(AuditAlarmRaised.Reason.FORGED_EVENTS_REJECTED);
        chain.checkpoint();
        AuditVerification result = chain.verifyWithTags();
        assertThat(result.problems()).isEmpty();
        assertThat(chain.summary().unsealed()).isZero();
    }

    @Test
    void refusesARowCarryingATagCopiedFromAGenuineEvent() {
        String genuineTag = chain.jdbc.sql("select tag from audit_event where chain = ? and seq = 3").param(chain.name)
                .query(String.class).single();
        UUID forged = plantRevealOfIdNumber(genuineTag);

        chain.seal();

        assertThat(sealedCount(forged)).isZero();
        assertThat(chain.jdbc.sql("select reason from audit_rejected_event where event_id = ?").param(forged)
                .query(String.class).single()).isEqualTo("BAD_TAG");
    }

    @Test
    void tagsEveryEventAsItIsWrittenWithAKeyKeptOutOfTheDatabase() {
        List<String> tags = chain.jdbc.sql("select tag from audit_event where chain = ?").param(chain.name)
                .query(String.class).list();
        assertThat(tags).hasSize(25).doesNotContainNull().doesNotHaveDuplicates();
        String stored = chain.jdbc.sql("select encrypted_keyset from managed_keyset where name = ?")
                .param(EventTags.KEY).query(String.class).single();
        assertThat(stored).contains("encryptedKeyset").doesNotContain("keyMaterialType");
    }

    @Test
    void verificationByTheApplicationFindsASealedEventWhoseTagWasRemoved() {
        chain.jdbc.sql("update audit_event set tag = null where chain = ? and seq = 4").param(chain.name).update();
        Problem problem = chain.verifyWithTags().problems().get(0);
        assertThat(problem.kind()).isEqualTo(Kind.TAG_INVALID);
        assertThat(problem.seq()).isEqualTo(4L);
    }

    @Test
    void eventsWrittenBeforeTagsExistedAreTaggedOnceAtUpgradeAndPlantedRowsNeverAfter() {
        UUID legacy = plantRevealOfIdNumber(null);
        long legacyRow = rowOf(legacy);
        chain.sealer.tagEventsThrough(legacyRow);
        chain.seal();
        assertThat(sealedCount(legacy)).as("the pre-upgrade event is sealed").isOne();

        // Later, the upgrade marker is moved past a planted row: the next start must not tag it.
        UUID planted = plantRevealOfIdNumber(null);
        Long before = chain.jdbc.sql("select legacy_through_id from audit_tag_upgrade").query(Long.class).single();
        chain.jdbc.sql("update audit_tag_upgrade set legacy_through_id = ?").param(rowOf(planted)).update();
        try {
            chain.restart();
        } finally {
            chain.jdbc.sql("update audit_tag_upgrade set legacy_through_id = ?").param(before).update();
        }
        assertThat(sealedCount(planted)).isZero();
        assertThat(chain.jdbc.sql("select count(*) from audit_rejected_event where event_id = ?").param(planted)
                .query(Long.class).single()).isOne();
    }

    // Issue 13.8: a checkpoint line cut short

    @Test
    void cutsOffALineAFullDiskLeftUnfinishedAndNeverAppendsOntoIt() throws IOException {
        tearTheLastLine();

        chain.record(10);
        chain.seal();
        chain.checkpoint();

        assertThat(chain.verify().problems()).isEmpty();
        assertThat(Files.readString(chain.file)).endsWith("\n");
        assertThat(Files.readAllLines(chain.file)).hasSize(chain.summary().fileCheckpoints().intValue());
        assertThat(actions()).contains("audit.checkpoint-file.repaired");
    }

    @Test
    void repairsATornLineAtStartAndWritesItsCheckpointAgain() throws IOException {
        String whole = Files.readString(chain.file);
        // The last checkpoint was committed but its line only half written before the stop.
        Files.writeString(chain.file, whole.substring(0, whole.length() - 40));
        assertThat(chain.verify().problems().get(0).kind()).isEqualTo(Kind.CHECKPOINT_FILE_INVALID);

        chain.restart();

        assertThat(Files.readString(chain.file)).isEqualTo(whole);
        assertThat(chain.verify().problems()).isEmpty();
        assertThat(actions()).contains("audit.checkpoint-file.repaired");
    }

    @Test
    void repairsAtStartAFileWhereTheNextCheckpointWasWrittenOntoACutOffLine() throws IOException {
        // The damage of the incident, left by earlier versions: checkpoint 3 cut off, then written again onto it.
        String whole = Files.readString(chain.file);
        List<String> lines = Files.readAllLines(chain.file);
        Files.writeString(chain.file, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 37)
                + lines.get(2) + "\n");
        assertThat(chain.verify().problems().get(0).kind()).isEqualTo(Kind.CHECKPOINT_FILE_INVALID);

        chain.restart();

        assertThat(Files.readString(chain.file)).isEqualTo(whole);
        assertThat(chain.verify().problems()).isEmpty();
        assertThat(Files.list(directory).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith(chain.file.getFileName() + ".damaged-"));
        assertThat(chain.jdbc.sql("select details from audit_event where chain = ? and action = ?")
                .params(chain.name, "audit.checkpoint-file.repaired").query(String.class).single())
                .contains("fragmentsDropped");
    }

    // Issue 13.9: the tail deleted while stopped

    @Test
    void aNormalStopSignsAFinalCheckpointSoTheTailCannotBeDeletedUnseen() {
        chain.record(7);
        chain.seal();
        chain.sealer.stop();

        chain.jdbc.sql("delete from audit_event where chain = ? and seq > 25").param(chain.name).update();
        chain.jdbc.sql("update audit_chain set last_seq = 25 where chain = ?").param(chain.name).update();

        Problem problem = chain.verify().problems().get(0);
        assertThat(problem.kind()).isEqualTo(Kind.TRUNCATION);
        assertThat(problem.seq()).isEqualTo(26L);
    }

    @Test
    void reportsAtStartAChainShorterThanTheCheckpointFile() {
        chain.record(7);
        chain.seal();
        chain.sealer.stop();
        chain.jdbc.sql("delete from audit_event where chain = ? and seq > 25").param(chain.name).update();
        chain.jdbc.sql("delete from audit_checkpoint where chain = ? and event_seq > 25").param(chain.name).update();

        chain.restart();

        assertThat(chain.alarm.raised()).contains(AuditAlarmRaised.Reason.CHAIN_SHORTER_THAN_CHECKPOINTS);
        assertThat(chain.jdbc.sql("select details from audit_event where chain = ? and action = 'audit.alarm.raised'")
                .param(chain.name).query(String.class).single()).contains("\"attestedSeq\":32", "\"lastSeq\":25");
    }

    @Test
    void aStopWithNothingNewSignsNoExtraCheckpoint() {
        long before = chain.summary().checkpoints();
        chain.sealer.stop();
        assertThat(chain.summary().checkpoints()).isEqualTo(before);
    }

    private UUID plantRevealOfIdNumber(String tag) {
        UUID eventId = UUID.randomUUID();
        chain.jdbc.sql("insert into audit_event (event_id, chain, at, category, action, outcome, actor_type, actor_id, "
                + "actor_name, target_type, target_id, purpose, details, tag) values (?, ?, ?, 'DATA', "
                + "'customer.field.revealed', 'ALLOWED', 'EMPLOYEE', ?, 'zhang.wei', 'customer', ?, 'SALES_FOLLOW_UP', "
                + "'{\"fields\":[\"idNumber\"]}', ?)")
                .params(eventId, chain.name, Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC),
                        UUID.randomUUID(), UUID.randomUUID().toString(), tag)
                .update();
        return eventId;
    }

    private long rowOf(UUID eventId) {
        return chain.jdbc.sql("select id from audit_event where event_id = ?").param(eventId).query(Long.class).single();
    }

    private long sealedCount(UUID eventId) {
        return chain.jdbc.sql("select count(*) from audit_event where event_id = ? and seq is not null").param(eventId)
                .query(Long.class).single();
    }

    private List<String> actions() {
        return chain.jdbc.sql("select action from audit_event where chain = ? order by id").param(chain.name)
                .query(String.class).list();
    }

    /** What a full disk leaves: the start of a checkpoint line, without its end. */
    private void tearTheLastLine() throws IOException {
        String last = Files.readAllLines(chain.file).get(2);
        Files.write(chain.file, last.substring(0, 37).getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        assertThat(Map.of("ends", Files.readString(chain.file).endsWith("\n"))).containsEntry("ends", false);
    }
}
