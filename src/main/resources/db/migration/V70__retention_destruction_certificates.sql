-- Issue 16.5 (R-DEL-4): the certificates of destruction, electronic batches and paper destructions alike.
-- Only what a certificate states about itself: no customer, no person. The code is the certificate's
-- verification code (20 characters of Crockford base32 from a SecureRandom: 100 bits), shown on the PDF;
-- one certificate per destroyed subject (a batch, a paper destruction).
CREATE TABLE destruction_certificate (
    code        VARCHAR(20)  NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL,
    subject_id  UUID         NOT NULL,
    number      VARCHAR(40)  NOT NULL,
    method      VARCHAR(24)  NOT NULL,
    executed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    item_count  BIGINT       NOT NULL,
    digest      VARCHAR(100) NOT NULL,
    issued_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_destruction_certificate_subject UNIQUE (subject_id),
    CONSTRAINT ck_destruction_certificate_kind CHECK (kind IN ('ELECTRONIC', 'PAPER'))
);
