-- Issue 15.2: the scanned NDA, as uploaded (PDF, PNG or JPEG, checked by content). BLOB here,
-- BYTEA on PostgreSQL.
create table nda_file (
    nda_id  uuid primary key references nda (id),
    content blob not null
);
