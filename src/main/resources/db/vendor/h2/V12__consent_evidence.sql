-- Evidence of a consent (a scanned form, an e-mail), encrypted with the customer's data key: it
-- holds the customer's personal data. CLOB here, TEXT on PostgreSQL; the rest of the schema is shared.
CREATE TABLE consent_evidence (
    consent_id   UUID         NOT NULL PRIMARY KEY REFERENCES consent_record (id),
    content_type VARCHAR(100) NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    ciphertext   CLOB         NOT NULL
);

