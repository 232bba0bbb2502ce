-- Fields of a customer that no remaining consented purpose needs, for the retention sweep (R-COL-5).
CREATE TABLE customer_field_flag (
    customer_id UUID         NOT NULL REFERENCES customer (id),
    field_key   VARCHAR(40)  NOT NULL,
    reason      VARCHAR(40)  NOT NULL,
    flagged_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer_id, field_key)
);
