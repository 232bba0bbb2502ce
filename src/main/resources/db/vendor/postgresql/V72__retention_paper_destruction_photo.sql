-- Issue 16.6 (R-DEL-3): photographs of a paper destruction (JPEG or PNG, checked by content, at most
-- 5 MB), with their SHA-256. BYTEA here, BLOB on H2.
CREATE TABLE paper_destruction_photo (
    id             UUID         NOT NULL PRIMARY KEY,
    destruction_id UUID         NOT NULL REFERENCES paper_destruction (id),
    media_type     VARCHAR(16)  NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    sha256         VARCHAR(80)  NOT NULL,
    added_by       UUID         NOT NULL,
    added_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    content        BYTEA        NOT NULL
);
CREATE INDEX paper_destruction_photo_destruction ON paper_destruction_photo (destruction_id);
