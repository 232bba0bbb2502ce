package io.custos.sharing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A confidentiality agreement on file. It is in force from {@code signedOn} to {@code expiresOn},
 * both days included, as days of the company's time zone ({@code custos.time.zone}).
 */
public record NdaView(UUID id, Recipient recipient, String version, String signatory, LocalDate signedOn,
        LocalDate expiresOn, String fileName, String contentType, long fileSize, UUID filedBy, Instant filedAt) {

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(signedOn) && !day.isAfter(expiresOn);
    }
}
