package io.custos.backup;

import java.util.List;

/**
 * What a backup holds: written in clear for people ({@code manifest.json}) and sealed for
 * verification ({@code manifest.json.sealed}).
 *
 * @param schemaVersion the database's Flyway version when the snapshot was taken
 * @param database the product the snapshot was taken from (H2 or PostgreSQL), for information
 * @param tables every table but Flyway's, in the order a restore loads them
 * @param chains the head of each audit chain in the snapshot
 */
public record Manifest(String format, String id, String takenAt, String schemaVersion, String database,
        List<Table> tables, List<ChainHead> chains) {

    /** @param sha256 of the encrypted file's bytes, hex */
    public record Table(String name, long rows, String file, long bytes, String sha256) {
    }

    public record ChainHead(String chain, long lastSeq, String lastHash, long checkpoints) {
    }

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(Table::bytes).sum();
    }
}
