-- Issue 15.2: the scanned NDA, as uploaded (PDF, PNG or JPEG, checked by content). BYTEA here,
-- BLOB on H2.
create table nda_file (
    nda_id  uuid primary key references nda (id),
    content bytea not null
);
