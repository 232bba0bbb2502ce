package io.custos.supervision;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running build's dependency report: the CycloneDX SBOM the build writes to
 * {@code META-INF/sbom/application.cdx.json} (the cyclonedx-maven-plugin Spring Boot's parent
 * configures, run in generate-resources, so the jar and the test classpath both carry it). The
 * location is {@code custos.supervision.sbom-location}.
 */
@Component
class SbomSource {

    /** Larger than any SBOM of this application by far; a bigger file is not attached. */
    static final int MAX_BYTES = 20 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SbomSource.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Resource location;

    SbomSource(ResourceLoader resources,
            @Value("${custos.supervision.sbom-location:classpath:META-INF/sbom/application.cdx.json}") String location) {
        this.location = resources.getResource(location);
    }

    /** The SBOM as the build wrote it, or empty when this build carries none (run from sources without Maven). */
    Optional<Sbom> current() {
        if (!location.exists()) {
            return Optional.empty();
        }
        try (InputStream in = location.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                log.warn("The build's SBOM is larger than {} bytes; not attached", MAX_BYTES);
                return Optional.empty();
            }
            return Optional.of(read(bytes));
        } catch (IOException | RuntimeException e) {
            log.warn("The build's SBOM could not be read; not attached", e);
            return Optional.empty();
        }
    }

    /** Reads an SBOM's facts; refuses what is not a CycloneDX JSON document. */
    static Sbom read(byte[] bytes) {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !"CycloneDX".equals(text(root, "bomFormat"))) {
            throw new IllegalArgumentException("not a CycloneDX document");
        }
        JsonNode component = root.path("metadata").path("component");
        SbomSummary summary = new SbomSummary(sha256(bytes), bytes.length, count(root.path("components")),
                text(root, "specVersion"), text(root, "serialNumber"), text(component, "name"),
                text(component, "version"));
        return new Sbom(summary, bytes);
    }

    private static int count(JsonNode components) {
        if (!components.isArray()) {
            return 0;
        }
        int n = 0;
        for (JsonNode component : components) {
            n += 1 + count(component.path("components"));
        }
        return n;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode()) {
            return null;
        }
        String text = value.asString();
        return text.length() > 100 ? text.substring(0, 100) : text;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The digest as the audit log writes digests ({@code sha256:} and URL-safe Base64, like the
     * destruction certificates'): hexadecimal starting with a digit is not an identifier there.
     */
    static String auditDigest(String hex) {
        return "sha256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex));
    }

    /** An SBOM's facts and its bytes. */
    record Sbom(SbomSummary summary, byte[] bytes) {

        @Override
        public String toString() {
            return "Sbom[" + summary + "]";
        }
    }
}
