-- Issue 19.3 (R-CUS-2): files of a case (TEXT here, CLOB on H2). Evidence a customer uploads with a complaint or claim
-- (PDF, JPEG or PNG, checked by content), and what the company delivers (a copy of the customer's
-- data, their data to take elsewhere). The content is encrypted under the customer's data key, so
-- destroying the customer destroys the files; only the SHA-256 and the size stay in clear.
CREATE TABLE casework_file (
    id             UUID          NOT NULL PRIMARY KEY,
    case_id        UUID          NOT NULL REFERENCES casework_case (id),
    kind           VARCHAR(16)   NOT NULL,
    media_type     VARCHAR(100)  NOT NULL,
    file_name      VARCHAR(100)  NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    sha256         VARCHAR(80)   NOT NULL,
    added_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    added_by_type  VARCHAR(16)   NOT NULL,
    added_by       UUID,
    content_cipher TEXT          NOT NULL,
    -- A delivered copy is a password-protected file; the password is shown to the customer beside it.
    password_cipher VARCHAR(500),
    CONSTRAINT ck_casework_file_kind CHECK (kind IN ('EVIDENCE', 'DELIVERY'))
);
CREATE INDEX casework_file_case ON casework_file (case_id);
