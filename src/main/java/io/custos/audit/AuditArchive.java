package io.custos.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.Signatures;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves events past their retention out of the database into a signed archive file, never silently
 * (R-AUD-2). Only whole stretches ending at a signed checkpoint are archived, so the chain left in
 * the database resumes from a hash that a signature attests; the archive file itself carries every
 * event with its hashes, that checkpoint, and an Ed25519 signature over its own SHA-256. The file
 * is forced to disk before the rows are deleted, and the deletion, the anchor row and the event
 * recording the archival commit together.
 */
@Service
public class AuditArchive {

    private static final Logger log = LoggerFactory.getLogger(AuditArchive.class);
    static final String FORMAT = "custos-audit-archive/v1";

    private final JdbcClient jdbc;
    private final Signatures signatures;
    private final AuditProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditArchive(JdbcClient jdbc, Signatures signatures, AuditProperties properties, AuditLog audit, Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** One archived stretch of one chain. */
    public record Archived(String chain, long fromSeq, long toSeq, String file, String sha256) {
    }

    /** Archives, for every chain, the events older than the retention up to their last checkpoint. */
    @PreAuthorize("hasRole('AUDITOR')")
    public List<Archived> archiveExpired() {
        Instant cutoff = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minus(properties.retention())
                .toInstant();
        List<Archived> archived = new ArrayList<>();
        for (String chain : jdbc.sql("select distinct chain from audit_checkpoint order by chain").query(String.class)
                .list()) {
            archive(chain, cutoff).ifPresent(archived::add);
        }
        if (archived.isEmpty()) {
            transaction.executeWithoutResult(status -> audit.record(AuditEvent.of(AuditCategory.SECURITY,
                    "audit.log.archived", AuditOutcome.ALLOWED).detail("events", 0).build()));
        }
        return archived;
    }

    private record Anchor(long lastSeq, String lastHash) {
    }

    private Optional<Archived> archive(String chain, Instant cutoff) {
        Anchor anchor = jdbc.sql("select last_seq, last_hash from audit_archive where chain = ? order by last_seq desc "
                + "fetch first 1 rows only")
                .param(chain).query((rs, n) -> new Anchor(rs.getLong(1), rs.getString(2))).optional()
                .orElse(new Anchor(0, EventHashing.genesis(chain)));
        // The newest seq before which every event is older than the cutoff (sealing order and time
        // order can differ by a second, so both are checked).
        Long firstYoung = jdbc.sql("select min(seq) from audit_event where chain = ? and seq is not null and at >= ?")
                .params(chain, AuditRepository.utc(cutoff)).query(Long.class).optional().orElse(null);
        long limit = firstYoung != null ? firstYoung - 1 : Long.MAX_VALUE;
        Optional<Checkpoint> checkpoint = jdbc.sql("select chain, checkpoint_no, event_seq, event_hash, at, signature "
                + "from audit_checkpoint where chain = ? and event_seq > ? and event_seq <= ? "
                + "order by event_seq desc fetch first 1 rows only")
                .params(chain, anchor.lastSeq(), limit)
                .query((rs, n) -> new Checkpoint(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)))
                .optional();
        if (checkpoint.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint until = checkpoint.get();
        long from = anchor.lastSeq() + 1;
        Path file = properties.archiveDirectory().resolve(chain + "-" + from + "-" + until.eventSeq() + ".jsonl");
        String sha256 = write(file, chain, from, anchor.lastHash(), until);
        transaction.executeWithoutResult(status -> {
            jdbc.sql("insert into audit_archive (chain, first_seq, last_seq, last_hash, file_name, file_sha256, "
                    + "archived_at, archived_by) values (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(chain, from, until.eventSeq(), until.eventHash(), file.getFileName().toString(), sha256,
                            AuditRepository.utc(clock.instant()), currentActorName())
                    .update();
            int deleted = jdbc.sql("delete from audit_event where chain = ? and seq between ? and ?")
                    .params(chain, from, until.eventSeq()).update();
            audit.record(AuditEvent.of(AuditCategory.SECURITY, "audit.log.archived", AuditOutcome.ALLOWED)
                    .target("audit-chain", chain)
                    .detail("fromSeq", from).detail("toSeq", until.eventSeq()).detail("events", deleted).build());
        });
        log.info("Archived events {} to {} of audit chain {} to {}", from, until.eventSeq(), chain, file);
        return Optional.of(new Archived(chain, from, until.eventSeq(), file.getFileName().toString(), sha256));
    }

    /** Header, events in seq order, then a trailer with the SHA-256 of everything above and its signature. */
    private String write(Path file, String chain, long from, String prevHash, Checkpoint until) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), chain, ".partial");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream raw = Files.newOutputStream(temporary, StandardOpenOption.TRUNCATE_EXISTING);
                    DigestOutputStream hashed = new DigestOutputStream(raw, digest);
                    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(hashed, StandardCharsets.UTF_8))) {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("format", FORMAT);
                header.put("chain", chain);
                header.put("fromSeq", from);
                header.put("toSeq", until.eventSeq());
                header.put("prevHash", prevHash);
                header.put("checkpoint", CheckpointFile.format(until));
                out.write(json.writeValueAsString(header));
                out.write('\n');
                jdbc.sql("select " + AuditRepository.COLUMNS + " from audit_event where chain = ? and seq between ? "
                        + "and ? order by seq")
                        .params(chain, from, until.eventSeq())
                        .query(rs -> {
                            try {
                                out.write(json.writeValueAsString(AuditRepository.map(rs)));
                                out.write('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                out.flush();
                String sha256 = HexFormat.of().formatHex(digest.digest());
                byte[] signature = signatures.sign(AuditProperties.SIGNING_KEY, signedBytes(chain, from,
                        until.eventSeq(), sha256));
                Map<String, Object> trailer = new LinkedHashMap<>();
                trailer.put("sha256", sha256);
                trailer.put("signature", Base64.getEncoder().encodeToString(signature));
                raw.write((json.writeValueAsString(trailer) + "\n").getBytes(StandardCharsets.UTF_8));
                raw.flush();
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return sha256;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit archive " + file + "; nothing was deleted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signedBytes(String chain, long from, long to, String sha256) {
        return (FORMAT + "\n" + chain + "\n" + from + "\n" + to + "\n" + sha256).getBytes(StandardCharsets.UTF_8);
    }

    private static String currentActorName() {
        org.springframework.security.core.Authentication authentication =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof io.custos.shared.Actor.Source source
                ? source.actor().name() : "system";
    }
}
