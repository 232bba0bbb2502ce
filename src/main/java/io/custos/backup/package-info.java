/**
 * Backups (issue 17, R-STO-3, R-X-3): consistent, encrypted, portable snapshots of the whole database,
 * their verification, restore into an empty H2 or PostgreSQL database (which is also how an
 * installation moves from the embedded database to PostgreSQL), the monthly restore drill, and the
 * retention of backups. A restore never brings a destroyed customer back: the destruction journal,
 * kept outside the database, is replayed after the rows are loaded. The format is described in
 * docs/operations.md ("Backups") and in {@link io.custos.backup.BackupFormat}.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.backup;
