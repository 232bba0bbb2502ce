-- Identity: departments, employees, roles, API tokens (R-ORG-1, R-ORG-2, R-IT-1).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.

create table department (
    id          uuid primary key,
    code        varchar(40)  not null,
    name_zh     varchar(100) not null,
    name_en     varchar(100) not null,
    head_id     uuid,
    created_at  timestamp with time zone not null,
    constraint uk_department_code unique (code)
);

create table employee (
    id                   uuid primary key,
    username             varchar(64)  not null,
    display_name         varchar(100) not null,
    email                varchar(254),
    department_id        uuid references department (id),
    position             varchar(100),
    status               varchar(16)  not null,
    password_hash        varchar(255) not null,
    password_changed_at  timestamp with time zone not null,
    must_change_password boolean      not null,
    totp_secret          varchar(64),
    totp_enabled         boolean      not null default false,
    totp_last_step       bigint,
    failed_attempts      integer      not null default 0,
    first_failure_at     timestamp with time zone,
    locked_until         timestamp with time zone,
    last_login_at        timestamp with time zone,
    created_at           timestamp with time zone not null,
    constraint uk_employee_username unique (username),
    constraint ck_employee_status check (status in ('ACTIVE', 'ON_NOTICE', 'DEPARTED'))
);

alter table department add constraint fk_department_head foreign key (head_id) references employee (id);

create index ix_employee_department on employee (department_id);

create table employee_role (
    employee_id uuid        not null references employee (id),
    role        varchar(32) not null,
    primary key (employee_id, role)
);

-- Only the SHA-256 of a bearer token is kept; the token itself is shown once to its owner.
create table api_token (
    id          uuid primary key,
    employee_id uuid        not null references employee (id),
    token_hash  varchar(64) not null,
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone,
    constraint uk_api_token_hash unique (token_hash)
);

create index ix_api_token_employee on api_token (employee_id);
