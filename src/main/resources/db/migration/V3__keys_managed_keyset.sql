-- Named keysets (signing keys and, later, the blind-index key), each stored encrypted under the
-- master key; the public half of a signing keyset is kept beside it in clear for verifiers.
CREATE TABLE managed_keyset (
    name             VARCHAR(64)              NOT NULL PRIMARY KEY,
    kind             VARCHAR(32)              NOT NULL,
    encrypted_keyset VARCHAR(8000)            NOT NULL,
    public_keyset    VARCHAR(4000),
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
