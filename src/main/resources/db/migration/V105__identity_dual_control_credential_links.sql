-- Issue 24.4 (R-IT-1): one-time passwords expire, reach their owner through a single-use link the
-- administrator never reads, and resets of a privileged account wait for a second person.

-- When the one-time password an administrator had issued stops working (24 hours after issue);
-- null once the person chose their own password.
alter table employee add column one_time_password_expires_at timestamp with time zone;

-- A single-use link that shows a one-time password to whoever opens it. Only the token's SHA-256
-- is kept; the password itself is made when the link is opened and never stored in clear.
create table credential_link (
    id          uuid primary key,
    employee_id uuid        not null references employee (id),
    token_hash  varchar(64) not null,
    issued_by   uuid references employee (id),
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    mailed      boolean     not null,
    opened_at   timestamp with time zone,
    -- SHA-256 of the address that opened it, so the employee page can show that it was used.
    opened_from varchar(64),
    revoked_at  timestamp with time zone,
    constraint uq_credential_link_token unique (token_hash)
);

create index ix_credential_link_employee on credential_link (employee_id, issued_at);

-- A password or second-factor reset of a SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account: it is
-- only asked for, and done when another administrator or management approves it.
create table privileged_reset (
    id           uuid primary key,
    employee_id  uuid        not null references employee (id),
    kind         varchar(20) not null,
    reason_id    uuid        not null,
    status       varchar(16) not null,
    requested_by uuid        not null references employee (id),
    requested_at timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    decided_by   uuid references employee (id),
    decided_at   timestamp with time zone,
    note         varchar(500),
    constraint ck_privileged_reset_kind check (kind in ('PASSWORD', 'SECOND_FACTOR')),
    constraint ck_privileged_reset_status check (status in ('PENDING', 'APPROVED', 'REJECTED'))
);

create index ix_privileged_reset_pending on privileged_reset (status, employee_id);
