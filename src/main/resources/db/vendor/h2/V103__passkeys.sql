-- Issue 24.2 (R-IT-1): passkeys (WebAuthn). The tables and columns are the ones Spring Security's
-- JdbcPublicKeyCredentialUserEntityRepository and JdbcUserCredentialRepository read and write.
-- BLOB for the binary columns here, BYTEA on PostgreSQL. Only public keys are kept: nothing here
-- lets anyone sign in, so the tables go into backups like the rest of the accounts.

-- The WebAuthn user handle of an account (a random id, base64url), found by the account's username.
create table user_entities (
    id           varchar(100) primary key,
    name         varchar(64)  not null unique,
    display_name varchar(200)
);

-- One passkey: its credential id (base64url) and public key, the user handle it belongs to, and its
-- label (the name its owner gave it).
create table user_credentials (
    credential_id                varchar(1400) primary key,
    user_entity_user_id          varchar(100)  not null references user_entities (id),
    public_key                   blob          not null,
    signature_count              bigint        not null,
    uv_initialized               boolean       not null,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           blob,
    attestation_client_data_json blob,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) not null
);
create index user_credentials_user on user_credentials (user_entity_user_id);
