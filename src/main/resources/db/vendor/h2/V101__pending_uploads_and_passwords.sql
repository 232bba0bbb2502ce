-- Issue 23 (R-X-3): what waits between two requests of a person is kept in the database, so that
-- the next request may reach any node. Both tables are transient (30 minutes at most), hold nothing
-- in clear but ids, times and counts, and are left out of backups. BLOB here, BYTEA on PostgreSQL.

-- An import file waiting for its column mapping (customer.ImportStaging). The file and its preview
-- (name, headings, sample rows) are sealed with Tink's streaming AEAD under a key of the upload's
-- own, stored wrapped by the master key and bound to the upload's id and owner.
create table import_upload (
    id          uuid primary key,
    owner_id    uuid                     not null,
    staged_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    format      varchar(10)              not null,
    charset     varchar(40)              not null,
    import_mode varchar(20)              not null,
    total_rows  integer                  not null,
    wrapped_key varchar(8000)            not null,
    preview     blob                     not null
);
create index import_upload_owner on import_upload (owner_id, staged_at);
create index import_upload_expiry on import_upload (expires_at);

-- The sealed file in parts of 1 MB at most, so that neither writing nor reading it holds the whole
-- file in memory (the PostgreSQL driver reads a BYTEA value whole).
create table import_upload_part (
    upload_id uuid    not null references import_upload (id) on delete cascade,
    seq       integer not null,
    content   blob    not null,
    primary key (upload_id, seq)
);

-- The password of a downloaded export package, between the download and the password step
-- (sharing.ExportPasswords): sealed under a key of its own wrapped by the master key and bound to the
-- package, the person and the download. Keyed by the download, so two downloads at the same moment
-- never collide; the password step takes the latest of the person's and package's, and drops the rest.
create table export_password_pending (
    download_id uuid primary key,
    package_id  uuid                     not null,
    person_id   uuid                     not null,
    held_at     timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    wrapped_key varchar(8000)            not null,
    password    blob                     not null
);
create index export_password_pending_person on export_password_pending (package_id, person_id, held_at);
create index export_password_pending_expiry on export_password_pending (expires_at);
