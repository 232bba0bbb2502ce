package io.custos.supervision;

import org.jspecify.annotations.Nullable;

/**
 * What is known of an SBOM without opening it: the SHA-256 of the file as the build wrote it, its
 * size, how many components it lists (nested ones included), its CycloneDX version and serial
 * number, and the application and version it describes.
 */
public record SbomSummary(String sha256, long sizeBytes, int componentCount, @Nullable String specVersion,
        @Nullable String serialNumber, @Nullable String buildName, @Nullable String buildVersion) {
}
