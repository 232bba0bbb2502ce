package io.custos.sharing;

import java.time.Instant;
import java.util.UUID;

/**
 * An export package a person requested or downloaded, as a handover lists it (issue 18, R-EMP-5,
 * GB/T 35273 §7.1): {@code at} is their latest act on it in the period asked about (their last
 * download, else their request), {@code state} an {@link ExportPackageState} name, and
 * {@code downloaded} whether they took a file of it in that period.
 */
public record HeldExport(UUID packageId, Instant at, String state, int customers, boolean downloaded) {
}
