-- Issue 20.7 (R-IT-2): the running build's CycloneDX SBOM attached to a dependency scan, gzipped
-- (BYTEA here, BLOB on H2); the SHA-256 is of the SBOM as the build wrote it.
CREATE TABLE supervision_assessment_sbom (
    assessment_id    UUID          NOT NULL PRIMARY KEY REFERENCES supervision_assessment (id),
    sha256           VARCHAR(64)   NOT NULL,
    size_bytes       BIGINT        NOT NULL,
    component_count  INT           NOT NULL,
    spec_version     VARCHAR(16),
    serial_number    VARCHAR(100),
    build_name       VARCHAR(200),
    build_version    VARCHAR(100),
    content_gzip     BYTEA         NOT NULL
);
