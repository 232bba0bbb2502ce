package io.custos.compliance;

import java.util.UUID;

/** The policy version a map belongs to. */
public record PolicyRef(UUID documentId, UUID versionId, int number, String titleZh, String titleEn) {
}
