package io.custos.training;

import java.util.UUID;

/** A version of a policy document or of the agreement was approved and is now the one in force. */
public record DocumentPublished(UUID documentId, UUID versionId, DocumentKind kind, int number) {
}
