-- Token buckets of the throttles (issue 24.3). One embedded H2 node keeps its buckets in memory;
-- the table exists so that both databases have the same schema version and a backup's list of
-- tables does not depend on the database (see the PostgreSQL variant, which the nodes share).
CREATE TABLE throttle_bucket (
    id         VARCHAR(120) PRIMARY KEY,
    state      VARBINARY(4096),
    expires_at BIGINT
);
CREATE INDEX throttle_bucket_expires ON throttle_bucket (expires_at);
