package io.custos.sharing;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An NDA to file: its essentials as typed; the scanned file travels beside it. */
public record NewNda(String version, String signatory, @Nullable LocalDate signedOn, @Nullable LocalDate expiresOn) {
}
