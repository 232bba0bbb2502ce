-- Per-customer data keys (R-STO-1, R-STO-5, R-STO-6): one Tink AES256-GCM keyset per owner, kept
-- only wrapped by the master key (base64 text inside Tink's JSON, no binary types, so the same SQL
-- runs on H2 and PostgreSQL). Destroying a key (crypto-shredding) clears wrapped_keyset and
-- master_key_id and stamps destroyed_at; the row stays, so the owner id is never given a new key.
CREATE TABLE data_key (
    owner_id       UUID                        NOT NULL PRIMARY KEY,
    wrapped_keyset VARCHAR(2000),
    master_key_id  BIGINT,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    destroyed_at   TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT data_key_live_or_destroyed CHECK (
        (wrapped_keyset IS NOT NULL AND master_key_id IS NOT NULL AND destroyed_at IS NULL)
        OR (wrapped_keyset IS NULL AND master_key_id IS NULL AND destroyed_at IS NOT NULL))
);

-- The re-wrap job after a rotation looks for rows under any other master key than the primary.
CREATE INDEX data_key_master_key ON data_key (master_key_id);

-- Which master key wraps each named keyset; NULL for rows written before this column existed, which
-- the re-wrap job then wraps under the primary.
ALTER TABLE managed_keyset ADD COLUMN master_key_id BIGINT;

-- One row per master key rotation: when, how many keys the background job re-wrapped under the new
-- key, and when nothing was left under older keys.
CREATE TABLE master_key_rotation (
    key_id             BIGINT                      NOT NULL PRIMARY KEY,
    rotated_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    rewrapped          BIGINT                      DEFAULT 0 NOT NULL,
    rewrap_finished_at TIMESTAMP(6) WITH TIME ZONE
);
