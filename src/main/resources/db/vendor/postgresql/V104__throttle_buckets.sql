-- Token buckets of the throttles (issue 24.3, R-IT-1, R-X-3), shared by every node on this database.
-- id: the throttle's name and a keyed hash (HMAC) of the client or account, never the address itself;
-- state: Bucket4j's serialized bucket; expires_at: epoch milliseconds after which the bucket would be
-- full again, so the row can go (ThrottleCleanup). Runtime state: not backed up.
CREATE TABLE throttle_bucket (
    id         VARCHAR(120) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX throttle_bucket_expires ON throttle_bucket (expires_at);
