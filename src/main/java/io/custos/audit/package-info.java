/**
 * The audit log: every access and change recorded in the caller's transaction (fail closed),
 * linked afterwards into a hash chain per node, anchored by signed checkpoints in the database and
 * in a file outside it, verifiable by API, page and an offline command, searchable and exportable
 * by auditors, never edited or deleted before its retention ends (R-AUD-1..3, R-STO-2).
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package io.custos.audit;
