-- Password hygiene and second-factor replacement by API (issue 24.5, 24.6; R-IT-1, R-X-2).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.

-- Hashes of the passwords a person had before the current one, newest first by replaced_at; only
-- the last few are kept (custos.security.password.history), to refuse choosing one of them again.
create table password_history (
    id            uuid primary key,
    employee_id   uuid         not null references employee (id),
    password_hash varchar(255) not null,
    replaced_at   timestamp with time zone not null
);

create index ix_password_history_employee on password_history (employee_id, replaced_at);

-- A replacement authenticator being enrolled while the current one keeps working; encrypted like
-- totp_secret, under the employee's data key.
alter table employee add column totp_pending_secret varchar(512);

-- Whether a token was issued after a second factor was checked: only such tokens may replace one.
alter table api_token add column second_factor boolean not null default false;
